"""Running a rule's examples: the same code for the test suite, `explain` and `test-rules`.

An example runs with only its own rule enabled (and any rule it names in `also`), on the date
it gives or 2026-11-23, and must report exactly the `line:col` positions it expects. An example
with a `history` (PL901's) is measured on it by the audit wing, which the caller hands in as
`measure`: the lint wing measures no tickets itself.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_lint.errors import CatalogueError
from policy_lint.lint.catalogue import Example, Rule
from policy_lint.lint.config import Settings
from policy_lint.lint.findings import Finding
from policy_lint.lint.linter import lint_text, make_linter

EXAMPLE_TODAY = dt.date(2026, 11, 23)
EXAMPLE_PATH = "example.yaml"
# the catalogue whose rules that measure tickets measure this canonical CSV export
Measure = Callable[[Sequence[Rule], Path], Sequence[Rule]]


@dataclass(frozen=True, slots=True)
class ExampleResult:
    """An example, the findings its rule reported, and whether they are those expected."""

    rule: Rule
    example: Example
    findings: tuple[Finding, ...]

    @property
    def positions(self) -> list[str]:
        """The reported positions as `line:col`."""
        return [f"{finding.line}:{finding.column}" for finding in self.findings]

    @property
    def ok(self) -> bool:
        """Whether exactly the expected positions were reported."""
        return self.positions == list(self.example.expect)


def run_example(
    rule: Rule, example: Example, catalogue: Sequence[Rule], measure: Measure | None = None
) -> ExampleResult:
    """Lint the example with its rule alone (plus `also`) and keep that rule's findings.

    An example with a `history` (canonical CSV text) is checked against it, as `--history`,
    through `measure` (`policy_lint.audit.realism.on_export`).
    """
    settings = Settings(today=example.today or EXAMPLE_TODAY, select=(rule.code, *example.also))
    if example.history is None:
        findings = lint_text(example.policy, EXAMPLE_PATH, make_linter(catalogue, settings))
    elif measure is None:
        raise CatalogueError(f"{rule.source}: an example measures a history; run it with --history")
    else:
        with tempfile.TemporaryDirectory() as folder:
            export = Path(folder) / "history.csv"
            export.write_text(example.history, encoding="utf-8")
            linter = make_linter(measure(catalogue, export), settings)
            findings = lint_text(example.policy, EXAMPLE_PATH, linter)
    return ExampleResult(rule, example, tuple(f for f in findings if f.code == rule.code))


def run_examples(
    rules: Sequence[Rule], catalogue: Sequence[Rule], measure: Measure | None = None
) -> Iterator[ExampleResult]:
    """Every example of every rule given."""
    for rule in rules:
        for example in rule.examples:
            yield run_example(rule, example, catalogue, measure)
