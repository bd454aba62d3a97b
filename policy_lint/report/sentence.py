"""One promise's verdict as the sentence an auditor would write; shared by every audit format."""

from __future__ import annotations

from policy_lint.report.audit_text import duration, percent
from policy_lint.results import LevelResult


def target_words(r: LevelResult) -> str:
    """`within 8h on the business clock`, `within 2 business days`."""
    if r.within_days is not None:
        return f"within {r.within_days} business day{'s' if r.within_days != 1 else ''}"
    return f"within {duration(r.within_seconds)} on the {r.clock} clock"


def sentence(r: LevelResult) -> str:
    """What happened to the promise, with the numbers that prove it."""
    if r.status == "unmeasured":
        return f"{r.id}: not measured ({r.note})"
    if r.metric == "abandonment_rate":
        if not r.calls:
            return f"{r.id}: no calls in the export, nothing to judge"
        verb = "within" if r.rate is not None and r.max is not None and r.rate <= r.max else "above"
        text = (
            f"{r.id}: {r.abandoned:,} of {r.calls:,} calls abandoned ({percent(r.rate)}), "
            f"{verb} the maximum of {percent(r.max)}"
        )
        failing = [p for p in r.periods if p.status == "fail"]
        if failing:
            text += "; above it in " + ", ".join(f"{p.period} ({percent(p.rate)})" for p in failing)
        return text
    judged = r.met + r.breached
    if not judged:
        return f"{r.id}: no ticket has met or breached it yet ({r.pending:,} pending)"
    low, high = r.confidence or (0.0, 1.0)
    verb = "meets" if r.status == "pass" else "misses"
    text = (
        f"{r.id}: {percent(r.attainment)} of {judged:,} tickets {target_words(r)} "
        f"{verb} the goal of {percent(r.goal)} (95% CI {percent(low)}–{percent(high)}); "
        f"{r.breached:,} breached, {r.pending:,} pending"
    )
    failing = [p for p in r.periods if p.status == "fail"]
    if failing:
        text += "; below the goal in " + ", ".join(
            f"{p.period} ({percent(p.attainment)})" for p in failing
        )
    if r.worst and r.status == "fail":
        text += "; worst: " + ", ".join(
            f"{w.ticket_id} ({duration(w.elapsed_seconds, r.clock)})" for w in r.worst
        )
    return text
