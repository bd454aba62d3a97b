"""Business time, exact and vectorised: elapsed business seconds, business-day deadlines, pauses.

The audit measures millions of tickets against promises on a business clock, so everything here
works on whole numpy arrays (in blocks of rows), never ticket by ticket. Every instant is int64
seconds since the Unix epoch, UTC; `MISSING` (the int64 minimum) means "none".

A calendar (`compile_calendar`, `always_open`; see business_calendar) holds the opening
intervals in UTC over a span. Every query maps instants to business positions, B(t) = business
seconds before t in the calendar, and business time between two instants is B(end) - B(start).
An instant outside the compiled span raises CalendarError naming it: the table cannot know
openings it was not compiled for, so callers compile over their data's span (plus the padding).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from policy_lint.audit.arrays import I8, Bools, Indices, Ints
from policy_lint.audit.business_calendar import (
    DAY,
    PAD,
    Calendar,
    always_open,
    compile_calendar,
)
from policy_lint.audit.instants import MISSING, iso
from policy_lint.errors import CalendarError

__all__ = [
    "BREACHED",
    "DAY",
    "MET",
    "MISSING",
    "PAD",
    "PENDING",
    "Calendar",
    "Outcome",
    "add_business_seconds",
    "always_open",
    "business_day_deadline",
    "business_day_limit",
    "business_positions",
    "business_seconds",
    "calendar_seconds",
    "classify",
    "compile_calendar",
    "measured_ends",
    "paused_seconds",
]


MET, BREACHED, PENDING = np.int8(1), np.int8(2), np.int8(3)
_BLOCK = 1 << 16  # rows per block: temporaries stay in cache and memory stays flat


class Outcome(NamedTuple):
    """Per ticket: MET, BREACHED or PENDING, and the elapsed seconds on the clock less pauses."""

    status: I8
    elapsed: Ints


def calendar_seconds(starts: Ints, ends: Ints) -> Ints:
    """Seconds from each start to its end; 0 when the end comes first."""
    elapsed: Ints = np.maximum(np.asarray(ends, np.int64) - np.asarray(starts, np.int64), 0)
    return elapsed


def business_seconds(calendar: Calendar, starts: Ints, ends: Ints) -> Ints:
    """Business seconds from each start to its end: B(end) - B(start), 0 when the end comes first.

    A start outside hours counts from the next opening. CalendarError for an instant outside the
    calendar's span.
    """
    starts, ends = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
    _check_span(calendar, starts, "a start")
    _check_span(calendar, ends, "an end")
    return _blockwise(
        len(starts),
        lambda rows: np.maximum(
            _position(calendar, ends[rows]) - _position(calendar, starts[rows]), 0
        ),
    )


def business_day_deadline(calendar: Calendar, starts: Ints, days: int | Ints) -> Ints:
    """The instant by which an `Nd` target is met: met = event_at <= deadline.

    1. The clock starts at the start, or at the next opening when the start is outside hours
       (a ticket of Saturday 10:00 starts Monday 09:00 when Monday opens at 09:00).
    2. The target date is the N-th business day after that start's local date (a business day:
       a local date with at least one business second — weekly hours, not a holiday, not lost
       to a DST gap). N = 0 is the start itself.
    3. On the target date, the same local wall-clock time; a time the DST gap skips becomes the
       first instant after the gap, a time repeated at fall-back its first pass (but never
       before the clock started: 0d from a repeated hour's second pass is the start itself).
    4. When that instant is outside hours (the target day opens later or closes earlier), the
       deadline moves on to the next opening — the same business instant as the target day's
       close, so `event_at <= deadline` agrees exactly with `business_seconds(start, event_at)
       <= business_seconds(start, deadline)`. Saturday 10:00 + 2d → Wednesday 09:00.

    CalendarError when a start or deadline falls outside the calendar's span.
    """
    starts = np.asarray(starts, np.int64)
    counts = np.broadcast_to(np.asarray(days, np.int64), starts.shape)
    if len(counts) and int(counts.min()) < 0:
        raise ValueError("business days must not be negative")
    _check_span(calendar, starts, "a start")
    return _blockwise(len(starts), lambda rows: _deadline(calendar, starts[rows], counts[rows]))


def business_positions(calendar: Calendar, instants: Ints) -> Ints:
    """B(t) for each instant: the business seconds before it in the calendar's table.

    Business time between two instants is the difference of their positions (0 when the end
    comes first), so a caller timing one start against several ends and deadlines finds the
    start's position once. CalendarError for an instant outside the calendar's span.
    """
    instants = np.asarray(instants, np.int64)
    _check_span(calendar, instants, "an instant")
    return _blockwise(len(instants), lambda rows: _position(calendar, instants[rows]))


def business_day_limit(calendar: Calendar, starts: Ints, positions: Ints, days: int) -> Ints:
    """Business seconds from each start to its `days`-business-day deadline, given B(start).

    The same as business_seconds(starts, business_day_deadline(starts, days)) — the deadline is
    the latest instant at its business position — for half the position look-ups.
    """
    starts, positions = np.asarray(starts, np.int64), np.asarray(positions, np.int64)
    if days < 0:
        raise ValueError("business days must not be negative")
    _check_span(calendar, starts, "a start")
    counts = np.full(len(starts), days, np.int64)
    return _blockwise(
        len(starts),
        lambda rows: _deadline_position(calendar, starts[rows], counts[rows]) - positions[rows],
    )


def add_business_seconds(calendar: Calendar, starts: Ints, seconds: int | Ints) -> Ints:
    """The instant when `seconds` (>= 0) of business time have run from each start.

    Landing on a close, it is the next opening (the latest instant with that business position),
    so `event_at <= result` agrees with business seconds to the event <= `seconds`.
    """
    starts = np.asarray(starts, np.int64)
    amounts = np.broadcast_to(np.asarray(seconds, np.int64), starts.shape)
    if len(amounts) and int(amounts.min()) < 0:
        raise ValueError("business seconds to add must not be negative")
    _check_span(calendar, starts, "a start")
    what = "an instant that many business seconds later"
    return _blockwise(
        len(starts),
        lambda rows: _instant(calendar, _position(calendar, starts[rows]) + amounts[rows], what),
    )


def measured_ends(events: Ints, as_of: int) -> Ints:
    """Where each ticket's clock stops: its event, or `as_of` without one (MISSING or later)."""
    events = np.asarray(events, np.int64)
    ends: Ints = np.where(_happened(events, as_of), events, as_of)
    return ends


def paused_seconds(
    calendar: Calendar, starts: Ints, ends: Ints, ticket: Ints, paused_at: Ints, resumed_at: Ints
) -> Ints:
    """Per ticket, the business seconds of the union of its pauses within [starts, ends].

    Pause j belongs to ticket `ticket[j]` (an index into starts/ends) and runs from `paused_at[j]`
    to `resumed_at[j]`; a MISSING `resumed_at` (still paused) runs to the ticket's end. Only the
    part inside the ticket's window counts, overlaps count once, and only business time counts
    (pass `always_open()` for the calendar clock). Pause instants may lie outside the span.
    """
    starts, ends = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
    ticket = np.asarray(ticket, np.int64)
    resumed = np.asarray(resumed_at, np.int64)
    low = np.maximum(np.asarray(paused_at, np.int64), starts[ticket])
    high = np.minimum(np.where(resumed == MISSING, ends[ticket], resumed), ends[ticket])
    inside = high > low
    _check_span(calendar, low[inside], "a pause")
    _check_span(calendar, high[inside], "a pause")
    return _union_lengths(
        ticket[inside],
        _position(calendar, low[inside]),
        _position(calendar, high[inside]),
        len(starts),
    )


def classify(
    calendar: Calendar,
    starts: Ints,
    events: Ints,
    as_of: int,
    *,
    within_seconds: int | Ints | None = None,
    within_days: int | Ints | None = None,
    paused: Ints | None = None,
) -> Outcome:
    """Each ticket against one target, as of `as_of`.

    Elapsed = business seconds (calendar seconds with `always_open()`) from the start to the event,
    or to `as_of` for a ticket whose event is MISSING or after `as_of` (not yet happened as of
    then), less `paused` (per ticket, from `paused_seconds` over [starts, measured_ends(...)]).
    MET: happened and elapsed <= limit. BREACHED: happened and elapsed > limit, or not happened
    and elapsed already > limit. PENDING: not happened and elapsed <= limit.
    The limit is `within_seconds`, or for `within_days` the business seconds from the start to
    its `business_day_deadline` — so subtracting paused business seconds from elapsed is the
    same as extending the deadline by them (`add_business_seconds(deadline, paused)`).
    """
    if (within_seconds is None) == (within_days is None):
        raise ValueError("give exactly one of within_seconds and within_days")
    starts, events = np.asarray(starts, np.int64), np.asarray(events, np.int64)
    elapsed = business_seconds(calendar, starts, measured_ends(events, as_of))
    if paused is not None:
        elapsed = np.maximum(elapsed - np.asarray(paused, np.int64), 0)
    if within_days is not None:
        limit = business_seconds(
            calendar, starts, business_day_deadline(calendar, starts, within_days)
        )
    else:
        limit = np.asarray(within_seconds, np.int64)
    late = elapsed > limit
    done = np.where(late, BREACHED, MET).astype(np.int8)
    status = np.where(_happened(events, as_of), done, np.where(late, BREACHED, PENDING))
    return Outcome(status.astype(np.int8), elapsed)


# ---- queries on a compiled calendar ------------------------------------------------------------


def _blockwise(rows: int, compute: Callable[[slice], Ints]) -> Ints:
    """`compute` over blocks of rows, into one array."""
    out = np.empty(rows, np.int64)
    for low in range(0, rows, _BLOCK):
        block = slice(low, low + _BLOCK)
        out[block] = compute(block)
    return out


def _deadline(calendar: Calendar, starts: Ints, days: Ints) -> Ints:
    """business_day_deadline's steps 1-4 for one block."""
    position = _deadline_position(calendar, starts, days)
    return _instant(calendar, position, "a deadline")


def _deadline_position(calendar: Calendar, starts: Ints, days: Ints) -> Ints:
    """B(deadline) for these starts: steps 1-4 of business_day_deadline.

    The deadline is the latest instant at the returned position, so a caller that needs only
    business seconds to the deadline never turns it back into an instant.
    """
    begun = _begun(calendar, starts)
    local = begun + _offset(calendar, begun)
    first_day = local // DAY
    index = calendar.following[first_day - calendar.day0] + days
    if len(index) and int(index.max()) >= len(calendar.days):
        late = int(starts[int(np.argmax(index))])
        what = f"a deadline {int(days.max())} business days after {iso(late)}"
        raise CalendarError(_past_end(calendar, what))
    target = _first_at_local(calendar, calendar.days[index] * DAY + (local - first_day * DAY))
    later = np.maximum(target, begun)
    if len(later) and int(later.max()) > calendar.high:
        raise CalendarError(_past_end(calendar, "a deadline"))
    return _position(calendar, later)


def _position(calendar: Calendar, instants: Ints) -> Ints:
    """B(t): business seconds in the table before each instant (instants within the span)."""
    index = _opened(calendar, instants)
    position: Ints = np.minimum(instants, calendar.ends[index])
    position += calendar.gains[index]
    return position


def _opened(calendar: Calendar, instants: Ints) -> Indices:
    """The last interval of the lookup (the sentinel first) opened by each instant."""
    c = calendar
    index: Indices = c.first[(instants - c.base) >> c.shift]
    for _ in range(c.steps):  # the bucket's later openings; one step when openings are apart
        index += c.next_opens[index] <= instants
    return index


def _begun(calendar: Calendar, starts: Ints) -> Ints:
    """Where each clock starts: the start in hours, else the next opening (a start at a close
    too): the latest instant at the start's business position."""
    index = _opened(calendar, starts)
    begun: Ints = np.where(starts < calendar.ends[index], starts, calendar.next_opens[index])
    if len(begun) and int(begun.max()) > calendar.high:
        raise CalendarError(_past_end(calendar, "a start's next opening"))
    return begun


def _instant(calendar: Calendar, positions: Ints, what: str) -> Ints:
    """The latest instant at each business position: at a close, the next opening."""
    c = calendar
    index = np.searchsorted(c.before[:-1], positions, side="right") - 1
    instants: Ints = c.opens[index] + (positions - c.before[index])
    past = (positions >= c.before[-1]) | (instants > c.high)
    if past.any():
        raise CalendarError(_past_end(c, what))
    return instants


def _offset(calendar: Calendar, instants: Ints) -> Ints:
    """The zone's UTC offset (seconds east) at each instant."""
    offsets: Ints = calendar.offsets[np.searchsorted(calendar.shifts, instants, "right") - 1]
    return offsets


def _first_at_local(calendar: Calendar, local: Ints) -> Ints:
    """The first instant whose local reading is at least `local`: a gap's end, a fold's 1st pass."""
    stretch = np.searchsorted(calendar.local_ends, local, side="right")
    first: Ints = np.maximum(calendar.shifts[stretch], local - calendar.offsets[stretch])
    return first


def _union_lengths(group: Ints, low: Ints, high: Ints, groups: int) -> Ints:
    """Per group, the length of the union of its intervals [low, high).

    A sweep: every interval adds +1 at low and -1 at high, sorted by (group, place); a stretch
    between neighbours counts when the running depth is above 0. Each group ends at depth 0, so
    no stretch joins two groups. On business positions B(t) this is the business time of the
    union, since B is monotone and continuous.
    """
    owner = np.concatenate([group, group])
    place = np.concatenate([low, high])
    step = np.concatenate([np.ones(len(low), np.int64), -np.ones(len(high), np.int64)])
    order = np.lexsort((place, owner))
    owner, place, depth = owner[order], place[order], np.cumsum(step[order])
    covered = np.zeros(len(place), np.int64)
    covered[:-1] = np.where(depth[:-1] > 0, np.diff(place), 0)
    totals = np.zeros(groups, np.int64)
    if len(owner):
        heads = np.flatnonzero(np.concatenate([[True], owner[1:] != owner[:-1]]))
        totals[owner[heads]] = np.add.reduceat(covered, heads)
    return totals


def _happened(events: Ints, as_of: int) -> Bools:
    happened: Bools = (events != MISSING) & (events <= as_of)
    return happened


def _check_span(calendar: Calendar, instants: Ints, what: str) -> None:
    """CalendarError naming the first instant outside [low, high]."""
    if not len(instants):
        return
    low, high = int(instants.min()), int(instants.max())
    if low < calendar.low or high > calendar.high:
        bad = low if low < calendar.low else high
        raise CalendarError(
            f"{what} at {iso(bad)} is outside the business calendar compiled for "
            f"{iso(calendar.low)}..{iso(calendar.high)}; compile it over the data's span"
        )


def _past_end(calendar: Calendar, what: str) -> str:
    return (
        f"{what} falls past the end of the business calendar compiled up to "
        f"{iso(calendar.high)}; compile it over a later span"
    )
