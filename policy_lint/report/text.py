"""The text format: one finding a line, `path:line:col: CODE [severity] message (name)`.

Every part a finding carries from a policy or a rule pack (its path, message, code and name) is
made `visible`: the lines, and the colours, are the tool's alone.
"""

from __future__ import annotations

from policy_lint.lint.findings import LintReport, Severity
from policy_lint.report.visible import visible

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


def plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`; `info` does not take an s."""
    return f"{count} {word}" + ("" if count == 1 or word == "info" else "s")


def summary_line(report: LintReport) -> str:
    """The closing line: files read and findings by severity."""
    files = plural(report.files, "file")
    if not report.findings:
        return f"{files} checked: no findings"
    counts = ", ".join(plural(report.counts[s.value], s.value) for s in Severity)
    return f"{files} checked: {counts}"


def render_lint(report: LintReport, colour: bool = False) -> str:
    """Findings in sorted order, then the summary line."""
    lines = []
    for f in report.findings:
        severity = f"[{f.severity}]"
        if colour:
            severity = f"{_COLOURS[f.severity]}{severity}{_RESET}"
        where = f"{visible(f.path)}:{f.line}:{f.column}: {visible(f.code)}"
        lines.append(f"{where} {severity} {visible(f.message)} ({visible(f.name)})")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
