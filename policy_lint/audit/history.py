"""The team's own ticket history, measured per policy for PL901 (`check --history EXPORT`).

Only this module, and only when --history is given, brings the audit path (pyarrow, numpy) into
a `check` run; the counting is measure.py's, so the warning says what an audit would say.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from policy_lint.audit.results import LevelResult
from policy_lint.errors import PolicyLintError
from policy_lint.lint.document import Document

History = Callable[[Document], Mapping[str, LevelResult]]
_MEASURED = ("/service_levels", "/complaints", "/business_hours")  # what measuring reads


def history_of(
    exports: Sequence[Path],
    source: str = "auto",
    mapping: Path | None = None,
    timezone: str | None = None,
    date_order: str | None = None,
) -> History:
    """A function measuring a policy's promises on these exports."""

    def measure(doc: Document) -> Mapping[str, LevelResult]:
        from policy_lint.audit.promises import compile_promises
        from policy_lint.audit.run import AuditRequest, measure_policy
        from policy_lint.lint.validate import validate

        if any(problem.pointer.startswith(_MEASURED) for problem in validate(doc)):
            return {}  # promises or hours that break the schema (a holiday of 30 February)
        try:
            compile_promises(doc)
        except PolicyLintError:
            return {}  # a promise no audit could measure is its own rule's finding, not PL901's
        request = AuditRequest.from_options(
            Path(doc.path),
            exports,
            source=source,
            mapping=mapping,
            timezone=timezone,
            date_order=date_order,
        )  # no `today`: measuring reads no date, only linting would
        return {result.id: result for result in measure_policy(doc, request).results}

    return measure
