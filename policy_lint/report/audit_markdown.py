"""Markdown of an audit, for a CI job summary or a pull-request comment.

The shipped Action tees it into the job summary and the log, so every value from the policy or
the exports is written as Markdown text (`md_text`) or a code span (`md_code`) that renders as
the value itself, and the whole report is scrubbed as a last guard, as a text report is.
"""

from __future__ import annotations

from policy_lint.audit.results import AuditReport
from policy_lint.report.figures import export_words, percent, target
from policy_lint.report.markdown import md_code, md_text
from policy_lint.report.sentence import period_words, sentence
from policy_lint.report.visible import scrub

MARKS = {
    "pass": "✅ pass",
    "fail": "❌ fail",
    "inconclusive": "⚠️ inconclusive",
    "no-data": "➖ no data",
    "unmeasured": "➖ unmeasured",
}


def render_audit(report: AuditReport) -> str:
    """A table of promises, then the sentences of those not kept, and the rejected rows."""
    revision = f" (revision {md_text(report.revision)})" if report.revision else ""
    lines = [
        f"### Policy audit: {md_text(report.policy)}{revision} — {MARKS[str(report.status)]}",
        "",
        f"As of {md_text(report.as_of or '–')}: {report.read:,} tickets read, "
        f"{report.measured:,} measured, {report.rejected:,} rejected.",
        *(f"- {md_code(f.file)}: {md_text(export_words(f))}." for f in report.files),
        "",
        "| status | promise | target | attainment | goal | met | breached | pending |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in report.results:
        periods = "".join(f"; {words}" for words in period_words(r))  # the tool's own words
        if r.metric == "abandonment_rate":
            figures = f"{percent(r.rate)} abandoned{periods} | ≤ {percent(r.max)} | | |"
        else:
            figures = (f"{percent(r.attainment)}{periods} | {percent(r.goal)} | {r.met:,} "
                       f"| {r.breached:,} | {r.pending:,}")  # fmt: skip
        promise = md_code(r.id, in_table=True)
        lines.append(f"| {MARKS[str(r.status)]} | {promise} | {md_text(target(r))} | {figures} |")
    # those not kept, and those whose export lacks data they need, even where they pass
    failing = [r for r in report.results if r.status in ("fail", "inconclusive") or r.missing]
    if failing:
        lines += ["", *[f"- {sentence(r, md_text)}" for r in failing]]
    if not report.measured:
        lines += ["", "No ticket was measured: nothing in the export could be judged."]
    if report.rejected:
        reasons = ", ".join(
            f"{md_text(reason)}: {count:,}" for reason, count in report.rejected_by_reason
        )
        lines += ["", f"Rejected rows by reason: {reasons}."]
    if report.pause_rejected:
        reasons = ", ".join(
            f"{md_text(r)}: {count:,}" for r, count in report.pause_rejected_by_reason
        )
        lines += ["", f"Rejected pause intervals by reason: {reasons} (their tickets' elapsed "
                  "times keep those pauses)."]  # fmt: skip
    return scrub("\n".join(lines) + "\n")
