"""The slow, obvious business-time reference that the property tests hold the engine to.

Plain Python with datetime and zoneinfo, one local date at a time, no numpy and nothing shared
with policy_lint.audit.business_time: a date's openings become real instants by finding where its
local midnights fall and, on the rare day whose offset changes, where it changes, then reading
each opening off the wall clock. The definitions are the engine's docstrings, written out.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

DAY = 86_400
UTC = dt.UTC
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Interval = tuple[int, int]


@dataclass(frozen=True)
class Hours:
    """Business hours read from the policy mapping."""

    zone: ZoneInfo
    weekly: tuple[tuple[Interval, ...], ...]  # Monday first; seconds since local midnight
    holidays: frozenset[dt.date]


def read_hours(business_hours: Mapping[str, Any]) -> Hours:
    weekly = business_hours.get("weekly") or {}
    days = tuple(tuple(_opening(text) for text in (weekly.get(name) or [])) for name in WEEKDAYS)
    return Hours(
        ZoneInfo(business_hours["timezone"]),
        days,
        frozenset(_holiday_dates(business_hours.get("holidays") or [])),
    )


def _opening(text: str) -> Interval:
    begin, end = text.split("-")
    return _seconds(begin), _seconds(end)


def _seconds(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def _holiday_dates(entries: Iterable[Any]) -> Iterable[dt.date]:
    for entry in entries:
        text = str(entry["date"]) if isinstance(entry, Mapping) else str(entry)
        first, _, last = text.partition("..")
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)
        while day <= end:
            yield day
            day += dt.timedelta(days=1)


def reading(zone: ZoneInfo, instant: int) -> dt.datetime:
    """The local wall-clock reading of an instant (naive)."""
    return dt.datetime.fromtimestamp(instant, zone).replace(tzinfo=None)


def first_instant_at(zone: ZoneInfo, wall: dt.datetime) -> int:
    """The first instant whose local reading is `wall` or later.

    A reading that exists: its first pass (fold 0 or 1, whichever is earlier and reads back). One
    in a gap: the two folds straddle the gap, and bisection finds where the reading jumps past.
    """
    folds = [int(wall.replace(tzinfo=zone, fold=fold).timestamp()) for fold in (0, 1)]
    real = [t for t in folds if reading(zone, t) == wall]
    if real:
        return min(real)
    low, high = min(folds), max(folds)
    assert reading(zone, low) < wall <= reading(zone, high)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if reading(zone, middle) < wall else (low, middle)
    return high


def _offset(zone: ZoneInfo, instant: int) -> int:
    offset = dt.datetime.fromtimestamp(instant, zone).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def _same_offset_stretches(zone: ZoneInfo, start: int, end: int) -> list[Interval]:
    """[start, end) cut where the UTC offset changes (at most once within a day)."""
    if _offset(zone, start) == _offset(zone, end - 1):
        return [(start, end)]
    low, high = start, end - 1
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (
            (middle, high) if _offset(zone, middle) == _offset(zone, start) else (low, middle)
        )
    return [(start, high), (high, end)]


@functools.lru_cache(maxsize=65_536)
def day_openings(hours: Hours, day: dt.date) -> tuple[Interval, ...]:
    """The real instants [start, end) of one local date's openings; empty on a holiday."""
    if day in hours.holidays or not hours.weekly[day.weekday()]:
        return ()
    midnight = dt.datetime.combine(day, dt.time())
    start = first_instant_at(hours.zone, midnight)
    end = first_instant_at(hours.zone, midnight + dt.timedelta(days=1))
    if start >= end:  # a date the zone skipped
        return ()
    naive_midnight = int(midnight.replace(tzinfo=UTC).timestamp())
    found = []
    for low, high in _same_offset_stretches(hours.zone, start, end):
        offset = _offset(hours.zone, low)
        for begin, finish in hours.weekly[day.weekday()]:
            # while the offset holds, wall seconds since midnight = instant + offset - midnight
            first = max(low, naive_midnight + begin - offset)
            last = min(high, naive_midnight + finish - offset)
            if last > first:
                found.append((first, last))
    return tuple(sorted(found))


def openings(hours: Hours, first: dt.date, last: dt.date) -> list[Interval]:
    """Every opening of the local dates first..last, in order."""
    found: list[Interval] = []
    day = first
    while day <= last:
        found.extend(day_openings(hours, day))
        day += dt.timedelta(days=1)
    return sorted(found)


def business_seconds(opened: list[Interval], start: int, end: int) -> int:
    """Business seconds in [start, end)."""
    return sum(max(0, min(end, high) - max(start, low)) for low, high in opened)


def next_opening(opened: list[Interval], instant: int) -> int:
    """The instant itself when open, else the next opening."""
    if any(low <= instant < high for low, high in opened):
        return instant
    return min(low for low, _ in opened if low > instant)


def deadline(hours: Hours, opened: list[Interval], start: int, days: int) -> int:
    """`days` business days after start, by the rule in business_day_deadline's docstring."""
    clock = next_opening(opened, start)
    begun = reading(hours.zone, clock)
    day = begun.date()
    while days:
        day += dt.timedelta(days=1)
        if day_openings(hours, day):
            days -= 1
    target = first_instant_at(hours.zone, dt.datetime.combine(day, begun.time()))
    return next_opening(opened, max(target, clock))


def paused(opened: list[Interval], start: int, end: int, pauses: list[Interval]) -> int:
    """Business seconds of the union of the pauses clipped to [start, end]."""
    clipped = sorted((max(a, start), min(b, end)) for a, b in pauses if min(b, end) > max(a, start))
    merged: list[list[int]] = []
    for low, high in clipped:
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return sum(business_seconds(opened, low, high) for low, high in merged)


def zone_changes(zone: ZoneInfo, first_year: int, last_year: int) -> list[int]:
    """Instants where the zone's offset changes (day steps, then bisection), for test anchors."""
    moment = int(dt.datetime(first_year, 1, 1, tzinfo=UTC).timestamp())
    stop = int(dt.datetime(last_year + 1, 1, 1, tzinfo=UTC).timestamp())
    changes = []
    while moment < stop:
        if _offset(zone, moment) != _offset(zone, moment + DAY):
            changes.append(_same_offset_stretches(zone, moment, moment + DAY + 1)[-1][0])
        moment += DAY
    return changes
