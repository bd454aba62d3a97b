"""GitHub Actions workflow commands, one annotation a finding, and a Markdown job summary.

The reporter is pure: the CLI decides whether GITHUB_STEP_SUMMARY is set and appends the summary.
Escaping follows the runner's rules: in the message `%`, CR and LF; in properties also `:` and `,`.
Before that, the runner's log, where an annotation is written too, is guarded as any line of it
is: a property is made `visible`, and the message scrubbed of controls and commands, keeping its
line breaks, which the runner's `%0A` carries into the annotation. The summary is Markdown: each
value escaped as such, the location a code span no backtick in a file name can close.
"""

from __future__ import annotations

from policy_lint.lint.findings import LintReport, Severity
from policy_lint.report.markdown import md_code, md_message, md_text
from policy_lint.report.text import summary_line
from policy_lint.report.visible import scrub, visible

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
            f"{key}={escape_property(visible(value))}"
            for key, value in (
                ("file", f.path),
                ("line", str(f.line)),
                ("col", str(f.column)),
                ("title", f"{f.code} {f.name}"),
            )
        )
        lines.append(f"::{COMMANDS[f.severity]} {properties}::{escape_data(scrub(f.message))}")
    return "".join(line + "\n" for line in lines)


def render_summary(report: LintReport) -> str:
    """A Markdown summary for the job page: the counts, then a table of the findings."""
    lines = ["## policy-lint", "", summary_line(report), ""]
    if report.findings:
        lines += ["| where | rule | severity | finding |", "|---|---|---|---|"]
        for f in report.findings:
            where = md_code(f"{f.path}:{f.line}:{f.column}", in_table=True)
            rule = md_text(f"{f.code} {f.name}")
            lines.append(
                f"| {where} | {rule} | {f.severity} | {md_message(f.message, in_table=True)} |"
            )
        lines.append("")
    return "\n".join(lines)
