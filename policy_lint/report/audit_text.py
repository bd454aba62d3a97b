"""The text format of `audit`: a table a person reads at a glance, then what needs a look."""

from __future__ import annotations

from policy_lint.results import AuditReport, LevelResult


def duration(seconds: int | None, clock: str | None = None) -> str:
    """`8h`, `2m30s`, `3d4h`: short, exact to the second; business time never in days.

    A day of business time is not a business day (8 open hours are one), so business seconds
    are shown in hours at most: `26h` of business time, not a misleading `1d2h`.
    """
    if seconds is None:
        return "–"
    parts: list[str] = []
    units = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
    for unit, size in units[1:] if clock == "business" else units:
        if seconds >= size or (unit == "s" and not parts):
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return "".join(parts[:2])


def percent(value: float | None) -> str:
    """`95%`, `90.4%`."""
    return "–" if value is None else f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def target(r: LevelResult) -> str:
    """What was promised, in the policy's terms."""
    if r.metric == "abandonment_rate":
        return f"≤ {percent(r.max)} abandoned"
    if r.within_days is None and r.within_seconds is None:
        return "–"
    within = f"{r.within_days}d" if r.within_days is not None else duration(r.within_seconds)
    return f"{within} {r.clock}"


def figures(r: LevelResult) -> str:
    """The counts behind the verdict."""
    if r.status == "unmeasured":
        return r.note or "not measured"
    if r.metric == "abandonment_rate":
        return f"{r.abandoned or 0:,} of {r.calls or 0:,} calls abandoned: {percent(r.rate)}"
    low, high = r.confidence or (None, None)
    interval = f" (95% CI {percent(low)}–{percent(high)})" if r.confidence else ""
    judged = r.met + r.breached
    return (
        f"{percent(r.attainment)} of {judged:,} vs goal {percent(r.goal)}{interval}; "
        f"met {r.met:,}, breached {r.breached:,}, pending {r.pending:,}; "
        f"p50 {duration(r.p50_seconds, r.clock)}, p90 {duration(r.p90_seconds, r.clock)}"
    )


def render_audit(report: AuditReport) -> str:
    """The audit as a table, the failing promises' worst tickets, and the rejected rows."""
    lines = [
        f"{report.policy}"
        + (f" (revision {report.revision})" if report.revision else "")
        + f" — as of {report.as_of or '–'}",
        f"{report.read:,} tickets read, {report.measured:,} measured, {report.rejected:,} rejected",
        "",
    ]
    width = max((len(r.id) for r in report.results), default=10)
    for r in report.results:
        lines.append(f"{str(r.status).upper():10} {r.id:<{width}}  {target(r):<18} {figures(r)}")
        for p in r.periods:
            counts = (
                f"{percent(p.rate)} abandoned ({p.abandoned:,} of {p.calls:,} calls)"
                if p.rate is not None
                else f"{percent(p.attainment)} (met {p.met:,}, breached {p.breached:,}, "
                f"pending {p.pending:,})"
            )
            lines.append(f"{'':10} {'':<{width}}  {p.period:<18} {counts} {p.status}")
    failing = [r for r in report.results if r.status == "fail" and r.worst]
    for r in failing:
        worst = ", ".join(
            f"{w.ticket_id} ({duration(w.elapsed_seconds, r.clock)})" for w in r.worst
        )
        lines.append(f"worst of {r.id}: {worst}")
    for name, count in report.undeclared_channels:
        lines.append(f"{count:,} tickets on `{name}`, a channel the policy does not declare")
    if report.rejected:
        reasons = "; ".join(f"{reason}: {count:,}" for reason, count in report.rejected_by_reason)
        lines.append(f"rejected rows by reason: {reasons}")
    lines.append(f"status: {report.status}")
    return "\n".join(lines) + "\n"
