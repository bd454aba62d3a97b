"""GitLab Code Quality JSON: an array of issues a merge request widget shows inline."""

from __future__ import annotations

from policy_lint.lint.findings import LintReport, Severity
from policy_lint.report.json_text import json_text
from policy_lint.report.sarif import fingerprint

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render_lint(report: LintReport) -> str:
    """One Code Quality issue a finding, with the same stable fingerprint as SARIF."""
    twins: dict[tuple[str, str, str], int] = {}
    issues = []
    for f in report.findings:
        key = (f.code, f.path, f.pointer)
        twins[key] = twins.get(key, 0) + 1
        begin = {"line": f.line, "column": f.column}
        issues.append(
            {
                "description": f.message,
                "check_name": f"{f.code} {f.name}",
                "fingerprint": fingerprint(f, twins[key]),
                "severity": SEVERITIES[f.severity],
                "location": {"path": f.path, "positions": {"begin": begin}},
            }
        )
    return json_text(issues)
