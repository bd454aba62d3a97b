"""Reporters: pure functions from a report to text, one module per format, picked by name."""

from __future__ import annotations

from collections.abc import Callable

from policy_lint.audit.results import AuditReport
from policy_lint.lint.findings import LintReport
from policy_lint.report import (
    audit_html,
    audit_json,
    audit_junit,
    audit_markdown,
    audit_text,
    github,
    gitlab,
    json,
    junit,
    sarif,
    text,
)

LINT_FORMATS: dict[str, Callable[[LintReport], str]] = {
    "text": text.render_lint,
    "json": json.render_lint,
    "sarif": sarif.render_lint,
    "github": github.render_lint,
    "junit": junit.render_lint,
    "gitlab": gitlab.render_lint,
}

AUDIT_FORMATS: dict[str, Callable[[AuditReport], str]] = {
    "text": audit_text.render_audit,
    "json": audit_json.render_audit,
    "junit": audit_junit.render_audit,
    "markdown": audit_markdown.render_audit,
    "html": audit_html.render_audit,
}

__all__ = ["AUDIT_FORMATS", "LINT_FORMATS"]
