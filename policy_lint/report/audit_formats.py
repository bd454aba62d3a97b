"""The formats of `audit`'s report (and the pytest plugin's), by the name `--format` gives them."""

from __future__ import annotations

from collections.abc import Callable

from policy_lint.audit.results import AuditReport
from policy_lint.report import audit_html, audit_json, audit_junit, audit_markdown, audit_text

AUDIT_FORMATS: dict[str, Callable[[AuditReport], str]] = {
    "text": audit_text.render_audit,
    "json": audit_json.render_audit,
    "junit": audit_junit.render_audit,
    "markdown": audit_markdown.render_audit,
    "html": audit_html.render_audit,
}
