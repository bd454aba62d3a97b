"""The plain data a lint run produces: severities, problems raised by checks, placed findings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a finding weighs: `error` fails a run, `warning` under --strict, `info` never."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is graver; used for --fail-level comparisons."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Problem:
    """What a check says, in data: where (a JSON Pointer, and an offset inside a scalar) and what.

    A check never computes a line; linter.py asks the document for the position of `pointer`,
    moved `offset` characters into the scalar's value when the problem is a word inside prose.
    `key` places the problem on the mapping key rather than its value (unknown or repeated keys).
    """

    pointer: str
    message: str
    offset: int | None = None
    key: bool = False


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """A problem placed in a file and named by its rule; field order = sort order = JSON order."""

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    pointer: str


@dataclass(frozen=True, slots=True)
class RuleRef:
    """What a reporter needs of a rule that ran: identity and documentation, not its check."""

    code: str
    name: str
    severity: Severity
    summary: str
    reason: str


@dataclass(frozen=True, slots=True)
class LintReport:
    """One run: its findings, sorted; the files read; the rules that ran; what fails it."""

    findings: tuple[Finding, ...]
    paths: tuple[str, ...] = ()
    rules: tuple[RuleRef, ...] = ()
    fail_level: Severity = Severity.ERROR

    @classmethod
    def of(
        cls,
        findings: list[Finding],
        paths: list[str],
        rules: list[RuleRef] | None = None,
        fail_level: Severity = Severity.ERROR,
    ) -> LintReport:
        """Sort the findings and the paths."""
        ordered = tuple(sorted(rules or [], key=lambda rule: rule.code))
        return cls(tuple(sorted(findings)), tuple(sorted(paths)), ordered, fail_level)

    @property
    def files(self) -> int:
        """How many files were read."""
        return len(self.paths)

    @property
    def counts(self) -> dict[str, int]:
        """Findings by severity, every severity present."""
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    def fails(self, finding: Finding) -> bool:
        """Whether this finding fails the run."""
        return finding.severity.rank >= self.fail_level.rank

    @property
    def failed(self) -> bool:
        """Whether any finding fails the run."""
        return any(self.fails(finding) for finding in self.findings)
