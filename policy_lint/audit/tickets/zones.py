"""Wall-clock times in an IANA time zone → UTC, vectorised, telling gaps and repeated hours apart.

pyarrow.compute.assume_timezone can do this (ambiguous/nonexistent 'earliest' against 'latest' finds
the local times that do not exist or exist twice), but it places value after value by the zone's
rules, and the check needs two calls a column. Here a zone's transitions are found once a year
(zoneinfo with tzdata, the project's time zone source) and every value is placed with one
searchsorted. The tests hold this module to assume_timezone value by value up to 2037, where
pyarrow's zone data stops changing clocks; zoneinfo goes on by each zone's rule.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from policy_lint.audit.arrays import I8, Ints
from policy_lint.audit.tickets.shown import quoted
from policy_lint.audit.tickets.time_status import TimeStatus

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_DAY = 86400
_Transition = tuple[int, int, int]  # UTC instant, offset before, offset after (seconds east)


def zone_problem(name: str) -> str | None:
    """Why `name` is not a time zone this module can use, or None."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, a name too long
        return f"{quoted(name)} is not an IANA time zone name (such as Europe/Riga)"
    return None


def to_utc(local: Ints, zone: str) -> tuple[Ints, I8]:
    """UTC seconds of wall-clock seconds in `zone`, and the TimeStatus of each: OK,
    NONEXISTENT or AMBIGUOUS."""
    if not len(local) or zone in ("UTC", "Etc/UTC"):
        return local.copy(), np.zeros(len(local), dtype=np.int8)
    table = np.array(sorted({t for year in _years(local) for t in _year(zone, year)}))
    instant, before, after = table[:, 0], table[:, 1], table[:, 2]
    low = instant + np.minimum(before, after)
    high = instant + np.maximum(before, after)
    order = np.argsort(low, kind="stable")
    low, high, before, after = low[order], high[order], before[order], after[order]
    index = np.maximum(np.searchsorted(low, local, side="right") - 1, 0)
    inside = local < high[index]
    skipped = after[index] > before[index]
    placed = np.where(skipped, TimeStatus.NONEXISTENT, TimeStatus.AMBIGUOUS)
    status = np.where(inside, placed, TimeStatus.OK)
    return local - after[index], status.astype(np.int8)


def _years(local: Ints) -> list[int]:
    """The calendar years of the values: their span, or the distinct ones when it is wide."""
    low, high = (int(v) + 1970 for v in _year_of(np.array([local.min(), local.max()])))
    if high - low <= 60:
        return list(range(low, high + 1))
    return [int(v) + 1970 for v in np.unique(_year_of(local))]


def _year_of(seconds: Ints) -> Ints:
    return np.asarray(seconds.astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64))


@functools.lru_cache(maxsize=4096)
def _year(zone: str, year: int) -> tuple[_Transition, ...]:
    """The zone's offset changes around one year, led by an anchor that only states the offset.

    The anchor (a change from an offset to itself, two days before the year) makes every local
    time of the year find its offset among this year's entries alone.
    """
    tz = ZoneInfo(zone)
    start = max(_seconds(year, 1, 1) - 2 * _DAY, _seconds(1, 1, 2))
    end = min(_seconds(year + 1, 1, 1) + 2 * _DAY, _seconds(9999, 12, 30))
    first = _offset(tz, start)
    found: list[_Transition] = [(start, first, first)]
    previous = first
    for day in range(start + _DAY, end + 1, _DAY):
        current = _offset(tz, day)
        if current != previous:
            moment = _change(tz, day - _DAY, day, previous)
            found.append((moment, previous, current))
            previous = current
    return tuple(found)


def _change(tz: ZoneInfo, low: int, high: int, before: int) -> int:
    """The first second in (low, high] whose offset is no longer `before` (bisection)."""
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(tz, middle) == before:
            low = middle
        else:
            high = middle
    return high


def _offset(tz: ZoneInfo, seconds: int) -> int:
    moment = _EPOCH + dt.timedelta(seconds=seconds)
    offset = moment.astimezone(tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _seconds(year: int, month: int, day: int) -> int:
    return int((dt.datetime(year, month, day, tzinfo=dt.UTC) - _EPOCH).total_seconds())


def to_local(instants: Ints, zone: str) -> Ints:
    """Wall-clock seconds in `zone` of UTC instants (the inverse of `to_utc`, never ambiguous)."""
    if not len(instants) or zone in ("UTC", "Etc/UTC"):
        return instants.copy()
    table = np.array(sorted({t for year in _years(instants) for t in _year(zone, year)}))
    index = np.maximum(np.searchsorted(table[:, 0], instants, side="right") - 1, 0)
    local: Ints = instants + np.ascontiguousarray(table[:, 2])[index]
    return local
