"""Markdown of an audit, for a CI job summary or a pull-request comment."""

from __future__ import annotations

from policy_lint.report.figures import export_words, percent, target
from policy_lint.report.sentence import period_words, sentence
from policy_lint.results import AuditReport

MARKS = {
    "pass": "✅ pass",
    "fail": "❌ fail",
    "inconclusive": "⚠️ inconclusive",
    "no-data": "➖ no data",
    "unmeasured": "➖ unmeasured",
}


def render_audit(report: AuditReport) -> str:
    """A table of promises, then the sentences of those not kept, and the rejected rows."""
    revision = f" (revision {report.revision})" if report.revision else ""
    lines = [
        f"### Policy audit: {report.policy}{revision} — {MARKS[str(report.status)]}",
        "",
        f"As of {report.as_of or '–'}: {report.read:,} tickets read, {report.measured:,} measured, "
        f"{report.rejected:,} rejected.",
        *(f"- `{f.file}`: {export_words(f)}." for f in report.files),
        "",
        "| status | promise | target | attainment | goal | met | breached | pending |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in report.results:
        periods = "".join(f"; {words}" for words in period_words(r))
        if r.metric == "abandonment_rate":
            figures = f"{percent(r.rate)} abandoned{periods} | ≤ {percent(r.max)} | | |"
        else:
            figures = (f"{percent(r.attainment)}{periods} | {percent(r.goal)} | {r.met:,} "
                       f"| {r.breached:,} | {r.pending:,}")  # fmt: skip
        lines.append(f"| {MARKS[str(r.status)]} | `{r.id}` | {target(r)} | {figures} |")
    # those not kept, and those whose export lacks data they need, even where they pass
    failing = [r for r in report.results if r.status in ("fail", "inconclusive") or r.missing]
    if failing:
        lines += ["", *[f"- {sentence(r)}" for r in failing]]
    if not report.measured:
        lines += ["", "No ticket was measured: nothing in the export could be judged."]
    if report.rejected:
        reasons = ", ".join(f"{reason}: {count:,}" for reason, count in report.rejected_by_reason)
        lines += ["", f"Rejected rows by reason: {reasons}."]
    if report.pause_rejected:
        reasons = ", ".join(f"{r}: {count:,}" for r, count in report.pause_rejected_by_reason)
        lines += ["", f"Rejected pause intervals by reason: {reasons} (their tickets' elapsed "
                  "times keep those pauses)."]  # fmt: skip
    return "\n".join(lines) + "\n"
