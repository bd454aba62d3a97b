"""The JSON format of `check`: DESIGN.md's contract, keys in contract order, stable bytes."""

from __future__ import annotations

from dataclasses import asdict

from policy_lint.lint.findings import LintReport, Severity
from policy_lint.report.json_text import json_text


def render_lint(report: LintReport) -> str:
    """`{"version": 1, "findings": [...], "summary": {...}}`, one finding a line."""
    document = {
        "version": 1,
        "findings": [asdict(finding) for finding in report.findings],
        "summary": {"files": report.files, **{s.value: report.counts[s.value] for s in Severity}},
    }
    return json_text(document)
