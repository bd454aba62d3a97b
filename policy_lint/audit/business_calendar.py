"""A policy's business hours compiled into opening intervals in UTC, with a table for lookups.

The rule compiled: an instant is in business hours when its local wall-clock reading in the
policy's zone falls on a date that is not a holiday, inside one of that weekday's intervals
(`24:00` is the next local midnight). So DST is exact: 00:00-24:00 is 23 real hours on a
spring-forward day and 25 on a fall-back day, a local interval inside a skipped hour is empty,
and one inside a repeated hour counts both passes; a date a zone skips (Pacific/Apia,
2011-12-30) has no hours. Compiling walks the dates of a span once; the queries over millions of
tickets are in business_time, which re-exports what is public here.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from policy_lint.audit.arrays import Indices, Ints
from policy_lint.audit.instants import iso
from policy_lint.errors import CalendarError
from policy_lint.public_holidays import closed_days

DAY = 86_400
PAD = 92 * DAY  # compile this far beyond the requested span, so deadlines past its end resolve
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_FAR = 2**62  # beyond any instant: the ends of the zone-offset table
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_ALWAYS = (-5_364_662_400, 13_569_465_600)  # 1800-01-01..2400-01-01, the 24/7 calendar's span
_TABLE = 1 << 20  # at most this many buckets in the lookup table


@dataclass(frozen=True, eq=False)
class Calendar:
    """Opening intervals in UTC over [low, high], built once by `compile_calendar`.

    `opens`/`closes` are the merged, sorted, disjoint intervals [open, close);
    `before[i]` is the business seconds before `opens[i]` (one more entry: the total). `days` are
    the local business dates (days since 1970-01-01) with at least one business second. The
    zone's UTC offset is `offsets[k]` from `shifts[k]` on; `local_ends[k]` is the local reading
    where that stretch ends.
    `first`, `base`, `shift`, `steps` make B(t) a table lookup instead of a binary search:
    they index `gains` and `ends`, the intervals again behind a sentinel of no length before
    any instant, so that with i the last interval opened by t, B(t) = gains[i] + min(t, ends[i])
    (gains[i] = before[i] - opens[i]; the sentinel's sum is 0), and `next_opens`.
    """

    zone: str
    low: int
    high: int
    opens: Ints = field(repr=False)
    closes: Ints = field(repr=False)
    before: Ints = field(repr=False)
    days: Ints = field(repr=False)
    shifts: Ints = field(repr=False)
    offsets: Ints = field(repr=False)
    local_ends: Ints = field(repr=False)
    base: int = field(repr=False)
    shift: int = field(repr=False)
    steps: int = field(repr=False)
    first: Indices = field(repr=False)
    next_opens: Ints = field(repr=False)
    gains: Ints = field(repr=False)
    ends: Ints = field(repr=False)
    day0: int = field(repr=False)  # the first local date of `following`
    following: Indices = field(repr=False)  # per local date: first index in days ≥ it


def compile_calendar(
    business_hours: Mapping[str, Any] | None, start: int, end: int, *, pad: int = PAD
) -> Calendar:
    """The calendar of `business_hours` (the policy's mapping as parsed) over [start, end].

    It covers [start - pad, end + pad] (epoch seconds, UTC). `None` gives `always_open()`.
    CalendarError when no day of the week has hours, or when holidays close every open day.
    """
    if business_hours is None:
        return always_open()
    weekly = _weekly(business_hours.get("weekly") or {})
    if not any(weekly):
        raise CalendarError("business hours have no opening hours: every day of the week is closed")
    zone = str(business_hours.get("timezone") or "UTC")
    low, high = int(min(start, end)) - pad, int(max(start, end)) + pad
    holidays = _holidays(business_hours.get("holidays") or [], low, high)
    calendar = _compile(zone, weekly, holidays, low, high)
    if not len(calendar.opens):
        raise CalendarError(
            f"business hours have no opening hours from {iso(calendar.low)} to "
            f"{iso(calendar.high)}: every day with hours is a holiday"
        )
    return calendar


@functools.cache
def always_open() -> Calendar:
    """The 24/7 calendar (UTC dates, 1800-2400): business time is calendar time, a day 86,400 s."""
    return _compile("UTC", [[(0, DAY)]] * 7, np.zeros(0, np.int64), *_ALWAYS)


def _weekly(weekly: Mapping[str, Any]) -> list[list[tuple[int, int]]]:
    """Per weekday (Monday first), its opening intervals as local seconds of the day."""
    return [[_interval(str(text)) for text in weekly.get(day) or []] for day in WEEKDAYS]


def _interval(text: str) -> tuple[int, int]:
    begin, end = text.split("-")
    return _clock(begin), _clock(end)


def _clock(text: str) -> int:
    hours, minutes = text.strip().split(":")
    return int(hours) * 3600 + int(minutes) * 60


def _holidays(entries: Any, low: int, high: int) -> Ints:
    """The days the holiday list closes near [low, high], as days since 1970-01-01: its dates
    and ranges, and its countries' public holidays less their `except` dates, resolved as
    `check` and `render` resolve them (policy_lint.public_holidays)."""
    years = np.array([low, high], "datetime64[s]").astype("datetime64[Y]").astype(np.int64)
    first, last = int(years[0]) + 1970, int(years[1]) + 1970
    closed = closed_days(entries, range(first - 1, last + 2))
    return np.array([day.toordinal() - _EPOCH_ORDINAL for day in closed], np.int64)


def _compile(
    zone: str, weekly: list[list[tuple[int, int]]], holidays: Ints, low: int, high: int
) -> Calendar:
    """Local openings of every date near [low, high] → UTC intervals, business days, lookup."""
    shifts, offsets = _zone_offsets(ZoneInfo(zone), low - 3 * DAY, high + 3 * DAY)
    local_ends = np.append(shifts[1:] + offsets[:-1], _FAR)
    begin, end, date = _local_openings(weekly, holidays, low // DAY - 2, high // DAY + 2)
    pieces = [
        _in_stretch(begin, end, date, shifts, local_ends, offsets, k) for k in range(len(shifts))
    ]
    opens, closes, dates = (np.concatenate(part) for part in zip(*pieces, strict=True))
    order = np.argsort(opens, kind="stable")
    opens, closes = _merge(opens[order], closes[order])
    before = np.concatenate([[0], np.cumsum(closes - opens)]).astype(np.int64)
    days = np.unique(dates)
    local_days = np.arange(low // DAY - 3, high // DAY + 4)  # every local date of the span
    behind = np.concatenate([[-_FAR], opens])  # the lookup's intervals: a sentinel first
    base, shift, steps, first = _lookup(behind, low, high)
    calendar = Calendar(
        zone=zone,
        low=low,
        high=high,
        opens=opens,
        closes=closes,
        before=before,
        days=days,
        shifts=shifts,
        offsets=offsets,
        local_ends=local_ends,
        base=base,
        shift=shift,
        steps=steps,
        first=first,
        next_opens=np.append(behind[1:], np.iinfo(np.int64).max),
        gains=np.concatenate([[_FAR], before[:-1] - opens]),
        ends=np.concatenate([[-_FAR], closes]),
        day0=int(local_days[0]),
        following=np.searchsorted(days, local_days),
    )
    for value in vars(calendar).values():
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return calendar


def _local_openings(
    weekly: list[list[tuple[int, int]]], holidays: Ints, first: int, last: int
) -> tuple[Ints, Ints, Ints]:
    """Every opening of dates first..last (not holidays) as local seconds since the epoch."""
    dates = np.arange(first, last + 1, dtype=np.int64)
    dates = dates[~np.isin(dates, holidays)]
    weekday = (dates + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    parts = [
        (
            dates[weekday == day] * DAY + begin,
            dates[weekday == day] * DAY + end,
            dates[weekday == day],
        )
        for day, spans in enumerate(weekly)
        for begin, end in spans
    ]
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    begins, ends, owners = (np.concatenate(part) for part in zip(*parts, strict=True))
    return begins, ends, owners


def _in_stretch(
    begin: Ints, end: Ints, date: Ints, shifts: Ints, local_ends: Ints, offsets: Ints, k: int
) -> tuple[Ints, Ints, Ints]:
    """The UTC parts of local openings read while the offset is `offsets[k]`.

    During stretch k the local reading runs linearly over [shifts[k] + offset, local_ends[k]);
    clipping each opening to that reading and subtracting the offset gives the real instants.
    An opening in a gap meets no stretch; one in a repeated hour meets two and counts both.
    """
    low = np.maximum(begin, shifts[k] + offsets[k])
    high = np.minimum(end, local_ends[k])
    kept = high > low
    return low[kept] - offsets[k], high[kept] - offsets[k], date[kept]


def _merge(opens: Ints, closes: Ints) -> tuple[Ints, Ints]:
    """Touching intervals as one (Saturday to 24:00 then Sunday from 00:00; a split by DST)."""
    if not len(opens):
        return opens, closes
    starts_run = np.concatenate([[True], opens[1:] != closes[:-1]])
    ends_run = np.concatenate([starts_run[1:], [True]])
    return opens[starts_run], closes[ends_run]


def _lookup(opens: Ints, low: int, high: int) -> tuple[int, int, int, Indices]:
    """Buckets of 2**shift seconds from `base`, each with the last opening before it.

    The bucket width is at most the closest two openings, so a bucket holds at most one more
    opening and B(t) needs one correction step; the table is capped at _TABLE buckets.
    """
    closest = int(np.diff(opens).min()) if len(opens) > 1 else _FAR
    by_gap = min(closest.bit_length() - 1, 40)
    by_size = max((high - low) // _TABLE, 1).bit_length()
    shift = max(by_gap, by_size)
    base = low - (1 << shift)
    edges = base + (np.arange(((high - base) >> shift) + 2, dtype=np.int64) << shift)
    first = np.maximum(np.searchsorted(opens, edges, side="right") - 1, 0)
    steps = int(np.diff(first).max()) if len(first) > 1 else 0
    return base, shift, steps, first[:-1].astype(np.intp)  # the gathers' own index type


def _zone_offsets(zone: ZoneInfo, low: int, high: int) -> tuple[Ints, Ints]:
    """Where the zone's UTC offset changes in [low, high], and the offset from each change on.

    zoneinfo does not expose its transitions: sample the offset daily and bisect each change to
    the second. Since 1900 tzdata has no two changes within six days, so a day's step misses none.
    """
    shifts, offsets = [-_FAR], [_utc_offset(zone, low)]
    if zone.key in ("UTC", "Etc/UTC"):
        return np.array(shifts, np.int64), np.array(offsets, np.int64)
    for moment in range(low + DAY, high + 2 * DAY, DAY):
        offset = _utc_offset(zone, moment)
        if offset != offsets[-1]:
            shifts.append(_change(zone, moment - DAY, moment, offsets[-1]))
            offsets.append(offset)
    return np.array(shifts, np.int64), np.array(offsets, np.int64)


def _change(zone: ZoneInfo, low: int, high: int, before: int) -> int:
    """The first second in (low, high] whose offset is no longer `before`."""
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _utc_offset(zone, middle) == before else (low, middle)
    return high


def _utc_offset(zone: ZoneInfo, instant: int) -> int:
    offset = (_EPOCH + dt.timedelta(seconds=instant)).astimezone(zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0
