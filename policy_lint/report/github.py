"""GitHub Actions workflow commands, one annotation a finding, and a Markdown job summary.

The reporter is pure: the CLI decides whether GITHUB_STEP_SUMMARY is set and appends the summary.
Escaping follows the runner's rules: in the message `%`, CR and LF; in properties also `:` and `,`.
"""

from __future__ import annotations

from policy_lint.findings import LintReport, Severity
from policy_lint.report.text import summary_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_lint(report: LintReport) -> str:
    """One `::error file=…,line=…,col=…,title=…::message` line a finding."""
    lines = []
    for f in report.findings:
        properties = ",".join(
            f"{key}={escape_property(value)}"
            for key, value in (
                ("file", f.path),
                ("line", str(f.line)),
                ("col", str(f.column)),
                ("title", f"{f.code} {f.name}"),
            )
        )
        lines.append(f"::{COMMANDS[f.severity]} {properties}::{escape_data(f.message)}")
    return "".join(line + "\n" for line in lines)


def render_summary(report: LintReport) -> str:
    """A Markdown summary for the job page: the counts, then a table of the findings."""
    lines = ["## policy-lint", "", summary_line(report), ""]
    if report.findings:
        lines += ["| where | rule | severity | finding |", "|---|---|---|---|"]
        for f in report.findings:
            message = f.message.replace("|", "\\|").replace("\n", " ")
            lines.append(
                f"| `{f.path}:{f.line}:{f.column}` | {f.code} {f.name} | {f.severity} | {message} |"
            )
        lines.append("")
    return "\n".join(lines)
