"""One promise's verdict as the sentence an auditor would write; shared by every audit format.

`why` says what decided a verdict that the headline figures alone would let a reader misread:
the period that failed when the whole passed, the tickets the data could not settle and the
worst case they allow, the data the export does not carry.

The values a sentence quotes from the policy or an export (a promise's id and channel, a ticket
id, a file name) pass through `show`, the format's own escape for a value (`visible` for text,
`md_text` for Markdown); the default leaves them as they are, for formats that escape the whole
sentence (HTML, XML) or carry it as data (JSON).
"""

from __future__ import annotations

from collections.abc import Callable

from policy_lint.audit.results import ExportSummary, LevelResult, Status, Worst
from policy_lint.report.figures import duration, percent, target

EVENT = {
    "first_response": "first response",
    "resolution": "resolution",
    "acknowledgement": "acknowledgement",
    "abandonment_rate": "answer",
}
_COLUMNS = ("first_response_at", "resolved_at", "acknowledged_at")

Show = Callable[[str], str]  # a value as the format writes it


def as_is(value: str) -> str:
    """A value unchanged, for a format that escapes the whole sentence or none of it."""
    return value


def target_words(r: LevelResult) -> str:
    """`within 8h on the business clock`, `within 2 business days`."""
    if r.within_days is not None:
        return f"within {r.within_days} business day{'s' if r.within_days != 1 else ''}"
    return f"within {duration(r.within_seconds)} on the {r.clock} clock"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def tickets_of(r: LevelResult, *, priorities: bool = True, show: Show = as_is) -> str:
    """What the promise covers, as a noun: `email tickets of priority low or normal`, `phone
    calls`, `complaints`."""
    if r.channel == "complaints":
        return "complaints"
    channel = "" if r.channel == "any" else show(r.channel.replace("_", " ")) + " "
    kind = "calls" if r.metric == "abandonment_rate" else "tickets"
    ranked = ""
    if priorities and r.priorities:
        *most, last = r.priorities
        ranked = " of priority " + (f"{', '.join(most)} or {last}" if most else last)
    return f"{channel}{kind}{ranked}"


def doubt_words(r: LevelResult, show: Show = as_is) -> list[str]:
    """Each kind of doubtful ticket as a clause, naming what the export lacks."""
    kinds = dict(r.doubt)
    column = next((name for name in r.missing if name in _COLUMNS), "event")
    covered = tickets_of(r, show=show)
    clauses = []
    if count := kinds.get("rejected"):
        clauses.append(f"{_plural(count, 'rejected row')} could be among its {covered}")
    if count := kinds.get("no_priority"):
        where = " (the export has no priority column)" if "priority" in r.missing else ""
        clauses.append(
            f"{count:,} {tickets_of(r, priorities=False, show=show)} have no priority{where} and "
            "could be in scope (a mapping's `default_priority` says which they have)"
        )
    if count := kinds.get("not_marked"):
        clauses.append(
            f"the export does not say which of its {_plural(count, 'ticket')} are complaints "
            "(a mapping's `complaint` rule, or an is_complaint column, says so)"
        )
    if count := kinds.get("no_column"):
        clauses.append(f"{count:,} {covered} cannot be judged: the export has no {column} column")
    return clauses


def _worst_case(r: LevelResult) -> str:
    """The worst case the doubtful tickets allow, against the goal."""
    if r.worst_case is None:
        return ""
    if r.metric == "abandonment_rate":
        limit, worse = percent(r.max), r.max is not None and r.worst_case > r.max
        were = "if they were abandoned calls" if worse else "even if they were abandoned calls"
        return f"{were}, {percent(r.worst_case)} {'>' if worse else '≤'} {limit}"
    worse = r.goal is not None and r.worst_case < r.goal - 1e-12
    were = "if they were breaches" if worse else "even if they were breaches"
    return f"{were}, {percent(r.worst_case)} {'<' if worse else '≥'} {percent(r.goal)}"


def _period_figure(r: LevelResult, value: float | None) -> str:
    if r.metric == "abandonment_rate":
        return f"{percent(value)} > {percent(r.max)}"
    return f"{percent(value)} < {percent(r.goal)}"


def period_words(r: LevelResult) -> list[str]:
    """The periods that failed, and those the data could not settle."""
    failing = [p for p in r.periods if p.status == Status.FAIL]
    unsettled = [p for p in r.periods if p.status == Status.INCONCLUSIVE]
    clauses = []
    if failing:
        shown = "; ".join(
            f"{p.period}: {_period_figure(r, p.rate if p.rate is not None else p.attainment)}"
            for p in failing
        )
        clauses.append(f"fails in {shown}")
    if unsettled:
        shown = "; ".join(
            f"{p.period}: {_period_figure(r, p.worst_case)} in the worst case" for p in unsettled
        )
        clauses.append(f"inconclusive in {shown}")
    return clauses


def why(r: LevelResult, show: Show = as_is) -> str:
    """What decided the verdict beyond the headline figures ("" when they say it all)."""
    if r.status in (Status.UNMEASURED, Status.NO_DATA):
        return ""
    clauses = period_words(r)
    doubts = doubt_words(r, show)
    if doubts:
        settled = "" if r.status == Status.FAIL else _worst_case(r)
        clauses.append(" and ".join(doubts) + (f"; {settled}" if settled else ""))
    if "pauses" in r.missing:
        clauses.append(
            "pauses were not given; with them it could pass"
            if r.status == Status.INCONCLUSIVE and (r.attainment or 0) < (r.goal or 0)
            else "pauses were not given, so elapsed times are upper bounds"
        )
    return "; ".join(clauses)


def _whole_kept(r: LevelResult) -> bool:
    """Whether the promise was kept over the whole export, its periods aside."""
    if r.metric == "abandonment_rate":
        return r.rate is not None and r.max is not None and r.rate <= r.max
    return _meets(r)


def _meets(r: LevelResult) -> bool:
    return r.attainment is not None and r.goal is not None and r.attainment >= r.goal - 1e-12


def sentence(r: LevelResult, show: Show = as_is) -> str:
    """What happened to the promise, with the numbers that prove it, and why."""
    reason = why(r, show)
    promise = show(r.id)
    tail = f"; {reason}" if reason else ""
    if reason.startswith("fails in") and r.status == Status.FAIL and _whole_kept(r):
        tail = f", but {reason}"  # the whole kept it: the period that did not leads
    if r.status == Status.UNMEASURED:
        return f"{promise}: not measured ({show(r.note or '')})"
    if r.metric == "abandonment_rate":
        if not r.calls:
            return f"{promise}: no calls measured in the export{tail or ', nothing to judge'}"
        verb = "within" if _whole_kept(r) else "above"
        return (
            f"{promise}: {r.abandoned:,} of {r.calls:,} calls abandoned ({percent(r.rate)}), "
            f"{verb} the maximum of {percent(r.max)}{tail}"
        )
    judged = r.met + r.breached
    if not judged:
        return f"{promise}: no ticket has met or breached it yet ({r.pending:,} pending){tail}"
    low, high = r.confidence or (0.0, 1.0)
    text = (
        f"{promise}: {percent(r.attainment)} of {judged:,} tickets {target_words(r)} "
        f"{'meets' if _meets(r) else 'misses'} the goal of {percent(r.goal)} (95% CI "
        f"{percent(low)}–{percent(high)}); {r.breached:,} breached, {r.pending:,} pending{tail}"
    )
    if r.worst and r.status == Status.FAIL:
        text += "; worst: " + ", ".join(worst_words(r, w, show) for w in r.worst)
    if r.unanswered and r.status == Status.FAIL:
        text += f"; no {EVENT[r.metric]} by as-of: {r.no_event:,}"
    return text


def worst_words(r: LevelResult, w: Worst, show: Show = as_is) -> str:
    """A breached ticket with how long it took: `T1 (63h of 3d business)`."""
    return f"{show(w.ticket_id)} ({elapsed_words(r, w)})"


def elapsed_words(r: LevelResult, w: Worst) -> str:
    """A breached ticket's time against the target (`63h of 3d business`); for one the event
    never reached, that it did not (`closed after 1m with no first response`)."""
    took = duration(w.elapsed_seconds, r.clock)
    if w.answered:
        return f"{took} of {target(r)}"
    if w.closed:
        return f"closed after {took} with no {EVENT[r.metric]}"
    return f"no {EVENT[r.metric]} in {took}, still open at as-of"


def nothing_measured(export: ExportSummary, show: Show = as_is) -> str:
    """Why an export gave the audit nothing: no row, or every row rejected."""
    if not export.read:
        return f"{show(export.file)}: no ticket was measured: the export holds no row"
    rows = "its one row was" if export.read == 1 else f"all {export.read:,} of its rows were"
    return f"{show(export.file)}: no ticket was measured: {rows} rejected (see the rejected rows)"
