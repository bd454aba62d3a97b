"""The text format of `audit`: a table a person reads at a glance, then what needs a look.

Every value from the policy or the exports (ids, file names, ticket ids, reasons that quote a
cell) is made `visible` where it is written, and the whole report scrubbed as a last guard: the
lines are the tool's own, and no escape sequence reaches the terminal.
"""

from __future__ import annotations

import json

from policy_lint.audit.results import AuditReport, LevelResult
from policy_lint.report.figures import duration, export_words, percent, target
from policy_lint.report.sentence import EVENT, why, worst_words
from policy_lint.report.visible import scrub, visible


def figures(r: LevelResult) -> str:
    """The counts behind the verdict."""
    if r.status == "unmeasured":
        return visible(r.note or "not measured")
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
    """The audit as a table, the worst tickets of the promises not kept, the rejected rows."""
    lines = [
        f"{visible(report.policy)}"
        + (f" (revision {visible(report.revision)})" if report.revision else "")
        + f" — as of {visible(report.as_of or '–')}",
        f"{report.read:,} tickets read, {report.measured:,} measured, {report.rejected:,} rejected",
        *(f"{line}" for line in file_lines(report)),
        "",
    ]
    width = max((len(visible(r.id)) for r in report.results), default=10)
    for r in report.results:
        reason = why(r, visible)
        lines.append(
            f"{str(r.status).upper():12} {visible(r.id):<{width}}  {visible(target(r)):<18} "
            f"{figures(r)}" + (f"; {reason}" if reason else "")
        )
        for p in r.periods:
            doubt = f", {p.doubt:,} doubtful" if p.doubt else ""
            counts = (
                f"{percent(p.rate)} abandoned ({p.abandoned or 0:,} of {p.calls or 0:,} "
                f"calls{doubt})"
                if r.metric == "abandonment_rate"
                else f"{percent(p.attainment)} (met {p.met:,}, breached {p.breached:,}, "
                f"pending {p.pending:,}{doubt})"
            )
            lines.append(f"{'':12} {'':<{width}}  {visible(p.period):<18} {counts} {p.status}")
    lines += worst_lines(report)
    for name, count in report.undeclared_channels:
        lines.append(
            f"{count:,} tickets on `{visible(name)}`, a channel the policy does not declare"
        )
    if report.rejected:
        reasons = "; ".join(
            f"{visible(reason)}: {count:,}" for reason, count in report.rejected_by_reason
        )
        lines.append(f"rejected rows by reason: {reasons}")
    lines += unknown_lines(report)
    if report.pause_rejected:
        reasons = "; ".join(
            f"{visible(reason)}: {count:,}" for reason, count in report.pause_rejected_by_reason
        )
        lines.append(
            f"rejected pause intervals by reason: {reasons} (their tickets' elapsed times keep "
            "those pauses)"
        )
    if not report.measured:
        lines.append("no ticket was measured: nothing in the export could be judged")
    lines.append(f"status: {report.status}")
    return scrub("\n".join(lines) + "\n")


def file_lines(report: AuditReport) -> list[str]:
    """Each export: how it was read, what it gave, and the zone of its times."""
    return [
        f"{visible(f.file)}: {visible(export_words(f))}{_bytes(f.bytes_read)}" for f in report.files
    ]


def _bytes(count: int | None) -> str:
    return f"; {count:,} bytes read" if count is not None else ""


def worst_lines(report: AuditReport) -> list[str]:
    """The slowest answers, and the tickets never answered, of every promise not kept."""
    lines = []
    for r in report.results:
        if r.status not in ("fail", "inconclusive"):
            continue
        if r.worst:
            worst = ", ".join(worst_words(r, w, visible) for w in r.worst)
            lines.append(f"worst of {visible(r.id)}: {worst}")
        if r.no_event:
            shown = ", ".join(worst_words(r, w, visible) for w in r.unanswered)
            more = ", …" if r.no_event > len(r.unanswered) else ""
            lines.append(
                f"no {EVENT[r.metric]} by as-of in {visible(r.id)}: {r.no_event:,} breached — "
                f"{shown}{more}"
            )
    return lines


SHOWN_VALUES = 20  # unknown values named, most frequent first; the rest are counted
_READ_AS = {
    "channel": ("channels", "CHANNEL: email, phone, chat, social, web_form, in_person, a channel "
                "of the policy, or null for no customer contact"),
    "priority": ("priorities", "PRIORITY: low, normal, high, urgent, or null for none"),
}  # fmt: skip


def unknown_lines(report: AuditReport) -> list[str]:
    """The channel and priority values nothing reads, with their rows, and the mapping-file
    line that would read them: what a user needs to turn those rejected rows into tickets."""
    lines = []
    for name, (key, choices) in _READ_AS.items():
        found = [(value, count) for field, value, count in report.unknown_values if field == name]
        if not found:
            continue
        shown = found[:SHOWN_VALUES]
        listed = ", ".join(
            f"{_quoted(value)} {count:,} row{'' if count == 1 else 's'}" for value, count in shown
        )
        more = f", and {len(found) - len(shown):,} more" if len(found) > len(shown) else ""
        entries = ", ".join(f"{_quoted(value)}: {name.upper()}" for value, _ in shown)
        lines.append(
            f"{name} values nothing reads: {listed}{more}; a mapping file (--mapping) reads them "
            f"with\n  {key}: {{{entries}}}  # {choices}"
        )
    return lines


def _quoted(value: str) -> str:
    """A value as the mapping file would quote it (JSON is YAML), and visible."""
    return visible(json.dumps(value, ensure_ascii=False))
