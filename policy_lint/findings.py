"""The plain data a lint run produces: severities, problems raised by checks, placed findings."""

from __future__ import annotations

from dataclasses import dataclass, field
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

    A check never computes a line; lint.py asks the document for the position of `pointer`,
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
class LintReport:
    """The findings of one run over its files, sorted, with the count of files read."""

    findings: tuple[Finding, ...]
    files: int
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, findings: list[Finding], files: int) -> LintReport:
        """Sort the findings and count them by severity."""
        counts = {s.value: 0 for s in Severity}
        for finding in findings:
            counts[finding.severity.value] += 1
        return cls(tuple(sorted(findings)), files, counts)
