"""Markdown of an audit, for a CI job summary or a pull-request comment."""

from __future__ import annotations

from policy_lint.report.audit_text import percent, target
from policy_lint.report.sentence import sentence
from policy_lint.results import AuditReport

MARKS = {
    "pass": "✅ pass",
    "fail": "❌ fail",
    "no-data": "➖ no data",
    "unmeasured": "➖ unmeasured",
}


def render_audit(report: AuditReport) -> str:
    """A table of promises, then the sentences of the failing ones and the rejected rows."""
    revision = f" (revision {report.revision})" if report.revision else ""
    lines = [
        f"### Policy audit: {report.policy}{revision} — {MARKS[str(report.status)]}",
        "",
        f"As of {report.as_of or '–'}: {report.read:,} tickets read, {report.measured:,} measured, "
        f"{report.rejected:,} rejected.",
        "",
        "| status | promise | target | attainment | goal | met | breached | pending |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in report.results:
        if r.metric == "abandonment_rate":
            figures = f"{percent(r.rate)} abandoned | ≤ {percent(r.max)} | | |"
        else:
            figures = (f"{percent(r.attainment)} | {percent(r.goal)} | {r.met:,} | {r.breached:,} "
                       f"| {r.pending:,}")  # fmt: skip
        lines.append(f"| {MARKS[str(r.status)]} | `{r.id}` | {target(r)} | {figures} |")
    failing = [r for r in report.results if r.status == "fail"]
    if failing:
        lines += ["", *[f"- {sentence(r)}" for r in failing]]
    if report.rejected:
        reasons = ", ".join(f"{reason}: {count:,}" for reason, count in report.rejected_by_reason)
        lines += ["", f"Rejected rows by reason: {reasons}."]
    return "\n".join(lines) + "\n"
