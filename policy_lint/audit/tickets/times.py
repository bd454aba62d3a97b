"""Timestamps → int64 seconds since the Unix epoch (UTC), vectorised, with each value's status.

The rules are POLICY-FORMAT's "Reading exports": a value with an offset or `Z` is exact; one
without is wall-clock time in the export's time zone (UTC unless told). A local time that does
not exist (skipped by a daylight-saving change) or is ambiguous (the repeated hour) is not placed:
its status says so and the row is rejected, never guessed. Fractions of a second are dropped. A
time outside the years the audit counts (years.py) is rejected too, whatever its shape.

ISO 8601 goes first through Arrow's own parser, which is strict (no 30 February) and fast, when a
whole batch has one shape; otherwise, and for the strptime formats of a mapping file, each value
is taken apart by one regular expression and the calendar arithmetic is done in numpy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from policy_lint.audit.arrays import I8, Bools, Ints
from policy_lint.audit.instants import MISSING
from policy_lint.audit.tickets.batch import (
    EMPTY_TEXT,
    FALSE,
    NULL_TEXT,
    mask,
    one_chunk,
    text_scalar,
    valid,
)
from policy_lint.audit.tickets.time_status import TimeStatus
from policy_lint.audit.tickets.zones import to_utc
from policy_lint.years import HIGH, LOW

_FIRST_SECOND = -62135596800  # 0001-01-01T00:00:00Z: no earlier time is a timestamp
_PER_SECOND = {"ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
_DAY = 86400  # more than any zone's offset: a wall-clock time a day outside stays outside in UTC


@dataclass(frozen=True, slots=True)
class Parsed:
    """One column of times: seconds (MISSING unless OK) and the status of each value, and how
    many values had no offset and were read as wall-clock time in the zone."""

    seconds: Ints
    status: I8
    local: int = 0


# What exports write for "no value", "the event has not happened" in a time or duration column
# (compared trimmed, in any case): a spreadsheet's dash, a database's null, a blank
MARKERS = ("", "-", "—", "–", "n/a", "na", "none", "null")


ISO_8601 = "ISO 8601"  # among TimeRules.formats: ISO 8601 at that place (no strptime format)


@dataclass(frozen=True, slots=True)
class TimeRules:
    """How an export writes its times and durations: strptime formats tried in order (none:
    ISO 8601; ISO_8601 among them: ISO 8601 there), its time zone, the markers of no value
    (lower case; a mapping file may add its own), and whether a duration's decimal separator
    is a comma (`12,5` minutes in a `;`-separated file from a European spreadsheet)."""

    zone: str = "UTC"
    formats: tuple[str, ...] = ()
    nulls: tuple[str, ...] = MARKERS
    decimal_comma: bool = False


def no_value(value: str, nulls: Sequence[str] = MARKERS) -> bool:
    """Whether one cell is a marker of no value (the readers' look at a file's first rows)."""
    return value.strip().lower() in nulls


def _absent(text: pa.Array, nulls: Sequence[str]) -> Bools:
    """Where a column of text holds no value: null, blank, or a marker (trimmed, any case)."""
    trimmed = pc.utf8_lower(pc.utf8_trim_whitespace(text))
    return mask(pc.is_in(trimmed, value_set=pa.array([*nulls, None], pa.string())))  # a null too


# ISO 8601 to the hour at least (reduced precision: `2026-03-02T09Z` is 09:00 UTC); a bare date
# is no time of day, so it is not a timestamp
_ISO = (
    r"^\s*(?P<Y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})[Tt ](?P<H>\d{2})(?::(?P<M>\d{2})"
    r"(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?\s*(?P<z>[Zz]|[+-]\d{2}(?::?\d{2})?)?\s*$"
)
_DIRECTIVES = {
    "Y": r"(?P<Y>\d{4})",
    "y": r"(?P<y>\d{2})",
    "m": r"(?P<m>\d{1,2})",
    "d": r"(?P<d>\d{1,2})",
    "H": r"(?P<H>\d{1,2})",
    "I": r"(?P<I>\d{1,2})",
    "p": r"(?P<p>[AaPp]\.?[Mm]\.?)",
    "M": r"(?P<M>\d{1,2})",
    "S": r"(?P<S>\d{1,2})",
    "f": r"(?P<f>\d{1,9})",
    "z": r"(?P<z>[Zz]|[+-]\d{2}(?::?\d{2})?)",
    "b": r"(?P<b>[A-Za-z]{3})",
    "B": r"(?P<B>[A-Za-z]+)",
    "a": r"[A-Za-z]{3}",
    "A": r"[A-Za-z]+",
    "%": "%",
}
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august"]
_MONTHS += ["september", "october", "november", "december"]


def format_pattern(fmt: str) -> str:
    """The regular expression for a strptime format; ValueError names what cannot be used.

    Supported: %Y %y %m %d %H %I %p %M %S %f %z %b %B %a %A %% (English month and day names).
    """
    parts, index, seen = [r"^\s*"], 0, set()
    while index < len(fmt):
        char = fmt[index]
        if char == "%":
            code = fmt[index + 1 : index + 2]
            if code not in _DIRECTIVES:
                raise ValueError(f"%{code} is not a supported strptime directive")
            if code in seen and _DIRECTIVES[code].startswith("(?P"):
                raise ValueError(f"%{code} appears twice")
            seen.add(code)
            parts.append(_DIRECTIVES[code])
            index += 2
        elif char.isspace():
            parts.append(r"\s+")
            while index < len(fmt) and fmt[index].isspace():
                index += 1
        else:
            parts.append(re.escape(char))
            index += 1
    pattern = "".join(parts) + r"\s*$"
    groups = re.compile(pattern).groupindex
    if not {"Y", "y"} & groups.keys() or not {"m", "b", "B"} & groups.keys() or "d" not in groups:
        raise ValueError("a format needs a year, a month and a day")
    if not {"H", "I"} & groups.keys():
        raise ValueError("a format needs an hour (%H, or %I with %p)")
    if ("I" in groups) != ("p" in groups):
        raise ValueError("%I needs %p (AM/PM), and %p needs %I")
    return pattern


def parse_times(values: pa.Array, rules: TimeRules) -> Parsed:
    """Seconds since the epoch (UTC) and a status for every value of one column."""
    if values.null_count == len(values):
        missing = np.full(len(values), TimeStatus.MISSING, dtype=np.int8)
        return Parsed(np.full(len(values), MISSING, dtype=np.int64), missing)
    if pa.types.is_timestamp(values.type):
        if isinstance(values, pa.ChunkedArray):
            values = values.chunk(0) if values.num_chunks == 1 else values.combine_chunks()
        return _from_timestamps(values, rules.zone)
    if _numeric(values.type):  # epoch seconds? milliseconds? a guess is no verdict: rejected
        status = np.where(valid(one_chunk(values)), TimeStatus.NUMBER, TimeStatus.MISSING)
        return Parsed(np.full(len(values), MISSING, dtype=np.int64), status.astype(np.int8))
    text = values if pa.types.is_string(values.type) else pc.cast(values, pa.string())
    if not rules.formats:
        fast = _iso_fast(text, rules)
        if fast is not None:
            return fast
    patterns = [_ISO if f == ISO_8601 else format_pattern(f) for f in rules.formats] or [_ISO]
    return _by_patterns(text, patterns, rules)


def _numeric(kind: pa.DataType) -> bool:
    return bool(
        pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)
    )


def _from_timestamps(values: pa.Array, zone: str) -> Parsed:
    """Arrow timestamps (a Parquet column, or CSV times read as instants) as seconds."""
    data = values.buffers()[1]
    numbers = np.frombuffer(data, np.int64, len(values), values.offset * 8) if data else None
    if numbers is None:
        numbers = np.zeros(len(values), dtype=np.int64)
    elif values.type.unit != "s":
        # to the second at or before, as numpy's floor division gives (Arrow's cast truncates
        # toward zero, a second late before 1970)
        numbers = numbers // _PER_SECOND[values.type.unit]
    missing = ~valid(values) if values.null_count else None
    if values.type.tz is None:
        absent = missing if missing is not None else np.zeros(len(values), bool)
        return _localised(numbers, absent, np.zeros(len(values), bool), zone)
    if missing is None and _countable(numbers):
        return Parsed(numbers, np.zeros(len(values), dtype=np.int8))  # the common case: 2 passes
    if missing is not None and _countable(numbers, ~missing):  # some times missing, all counted
        status = missing.view(np.int8) * np.int8(TimeStatus.MISSING)
        return Parsed(np.where(missing, MISSING, numbers), status)
    absent = missing if missing is not None else np.zeros(len(values), bool)
    return _finish(numbers, absent, np.zeros(len(values), bool))


def _countable(seconds: Ints, where: Bools | None = None) -> bool:
    """Whether every value (where `where` says: a null's slot may hold anything) lies in the
    years the audit counts: two reductions, no mask made."""
    if where is None:
        return not len(seconds) or (seconds.min() >= LOW and seconds.max() < HIGH)
    least = np.min(seconds, where=where, initial=HIGH - 1)
    most = np.max(seconds, where=where, initial=LOW)
    return bool(least >= LOW and most < HIGH)


def _seconds(values: pa.Array) -> Ints:
    """Timestamps (unit s) as int64 seconds; a null is NaT, whose int64 is MISSING."""
    return np.asarray(values.to_numpy(zero_copy_only=False)).view(np.int64)


def _numbers(values: pa.Array) -> Ints:
    return np.asarray(values.fill_null(0).to_numpy(zero_copy_only=False), dtype=np.int64)


# the shapes Arrow's parser reads, with an offset (to UTC) and without (wall-clock time)
_SHAPES = {
    True: r"^\d{4}-\d\d-\d\d[T ]\d\d(?::\d\d(?::\d\d)?)?(?:Z|[+-]\d\d(?::?\d\d)?)$",
    False: r"^\d{4}-\d\d-\d\d[T ]\d\d(?::\d\d(?::\d\d)?)?$",
}
_SHORTEST = len("2026-03-02T09")  # anything shorter Arrow reads is a bare date


def offset_shaped(value: str) -> bool:
    """Whether a value is an ISO 8601 time with an offset, the shape read straight to UTC."""
    return re.match(_SHAPES[True], value) is not None


def _iso_fast(text: pa.Array, rules: TimeRules) -> Parsed | None:
    """Arrow's ISO 8601 parser for the values shaped like the first one: offset, or none.

    The shape is chosen from the first value because a cast of the wrong shape fails only after
    it has read every value (where a bad value fails it at once), a cost the batch would pay again
    and again. When some values differ, those
    matching the shape are still cast, and only the others (markers of no value among them)
    take the slow road.
    """
    zone = rules.zone
    first = _first_value(text, rules.nulls)
    if first is None:
        return None
    exact = re.search(r"(?:[Zz]|[+-]\d\d(?::?\d\d)?)$", first.rstrip()) is not None
    kind = pa.timestamp("s", "UTC") if exact else pa.timestamp("s")
    try:
        if pc.min(pc.binary_length(text)).as_py() >= _SHORTEST:  # a bare date is no timestamp
            return _shaped(pc.cast(text, kind), text, exact, zone)
    except pa.ArrowInvalid:
        pass
    shaped = pc.fill_null(pc.match_substring_regex(text, _SHAPES[exact]), FALSE)
    try:
        cast = pc.cast(pc.if_else(shaped, text, NULL_TEXT), kind)
    except pa.ArrowInvalid:
        return None  # a date such as 30 February among them: all by the slow road
    fast = _shaped(cast, text, exact, zone)
    rest = np.flatnonzero(~mask(shaped) & mask(text.is_valid()))
    slow = _by_patterns(text.take(pa.array(rest)), [_ISO], rules)
    seconds, status = fast.seconds.copy(), fast.status.copy()
    seconds[rest], status[rest] = slow.seconds, slow.status
    return Parsed(seconds, status, fast.local + slow.local)


def _shaped(cast: pa.Array, text: pa.Array, exact: bool, zone: str) -> Parsed:
    numbers = _seconds(cast)
    missing = numbers == MISSING
    unplaced = np.zeros(len(text), dtype=bool)
    if exact:
        return _finish(numbers, missing, unplaced)
    return _localised(numbers, missing, unplaced, zone)


def _first_value(text: pa.Array, nulls: Sequence[str]) -> str | None:
    """The column's first value that is neither null nor a marker of no value."""
    for start in range(0, len(text), 4096):
        window = text.slice(start, 4096)
        if window.null_count < len(window):
            found = np.flatnonzero(~_absent(window, nulls))
            if len(found):
                return str(window[int(found[0])].as_py())
    return None


def _by_patterns(text: pa.Array, patterns: Sequence[str], rules: TimeRules) -> Parsed:
    """Each value by the first pattern it matches; calendar checks and arithmetic in numpy."""
    zone = rules.zone
    trimmed = pc.utf8_trim_whitespace(text)
    missing = _absent(trimmed, rules.nulls)
    local = np.zeros(len(text), dtype=np.int64)
    offset = np.zeros(len(text), dtype=np.int64)
    has_zone = np.zeros(len(text), dtype=bool)
    bad = ~missing
    for pattern in patterns:
        todo = np.flatnonzero(bad)
        if not len(todo):
            break
        parts = pc.extract_regex(trimmed.take(pa.array(todo)), pattern)
        fields = _Fields(parts, pattern)
        wall, (named, east) = fields.local(), fields.offset()
        ok = fields.valid  # after both: each clears the values it cannot read
        rows = todo[ok]
        local[rows], offset[rows], has_zone[rows] = wall[ok], east[ok], named[ok]
        bad[rows] = False
    return _localised(local - offset, missing | bad, has_zone | bad, zone, unreadable=bad)


class _Fields:
    """The named groups of one pattern's match over some values, as numpy numbers."""

    def __init__(self, parts: pa.Array, pattern: str) -> None:
        self.matched = parts.is_valid().to_numpy(zero_copy_only=False)
        names = sorted(re.compile(pattern).groupindex.items(), key=lambda item: item[1])
        self.text = {name: pc.struct_field(parts, [i]) for i, (name, _) in enumerate(names)}
        self.valid = self.matched.copy()

    def number(self, name: str, default: int) -> Ints:
        if name not in self.text:
            return np.full(len(self.matched), default, dtype=np.int64)
        column = pc.fill_null(self.text[name], EMPTY_TEXT)
        digits = pc.if_else(pc.equal(column, EMPTY_TEXT), text_scalar(str(default)), column)
        return _numbers(pc.cast(digits, pa.int64()))

    def month(self) -> Ints:
        for name, width in (("b", 3), ("B", 0)):
            if name in self.text:
                names = [m[:width] if width else m for m in _MONTHS]
                found = pc.index_in(pc.utf8_lower(self.text[name]), pa.array(names))
                self.valid &= found.is_valid().to_numpy(zero_copy_only=False)
                return _numbers(found) + 1
        return self.number("m", 1)

    def year(self) -> Ints:
        if "y" in self.text:
            short = self.number("y", 0)
            return np.where(short < 69, 2000 + short, 1900 + short)
        return self.number("Y", 1970)

    def hour(self) -> Ints:
        if "I" not in self.text:
            return self.number("H", 0)
        twelve = self.number("I", 12)
        self.valid &= (twelve >= 1) & (twelve <= 12)
        pm = pc.starts_with(pc.utf8_lower(pc.fill_null(self.text["p"], EMPTY_TEXT)), "p")
        return np.asarray(twelve % 12 + 12 * pm.to_numpy(zero_copy_only=False), dtype=np.int64)

    def local(self) -> Ints:
        """Seconds of the wall-clock time as if it were UTC; invalid dates clear `valid`."""
        year, month, day = self.year(), self.month(), self.number("d", 1)
        hour, minute, second = self.hour(), self.number("M", 0), self.number("S", 0)
        self.valid &= (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
        self.valid &= day <= days_in_month(year, np.clip(month, 1, 12))
        self.valid &= (hour <= 23) & (minute <= 59) & (second <= 59)
        return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second

    def offset(self) -> tuple[Bools, Ints]:
        """Whether each value named its offset, and the offset in seconds east of UTC."""
        if "z" not in self.text:
            return np.zeros(len(self.matched), bool), np.zeros(len(self.matched), np.int64)
        zone = pc.replace_substring(pc.fill_null(self.text["z"], EMPTY_TEXT), ":", "")
        named = pc.not_equal(zone, EMPTY_TEXT).to_numpy(zero_copy_only=False)
        hours = _digits(pc.utf8_slice_codeunits(zone, 1, 3))
        minutes = _digits(pc.utf8_slice_codeunits(zone, 3, 5))
        self.valid &= (hours <= 23) & (minutes <= 59)
        sign = np.where(pc.starts_with(zone, "-").to_numpy(zero_copy_only=False), -1, 1)
        return named, sign * (hours * 3600 + minutes * 60)


def _digits(text: pa.Array) -> Ints:
    """Digits as a number; "" (an absent part, or the Z of UTC) as 0."""
    return _numbers(
        pc.cast(pc.if_else(pc.equal(text, EMPTY_TEXT), text_scalar("0"), text), pa.int64())
    )


def days_in_month(year: Ints, month: Ints) -> Ints:
    """The number of days of each month (Gregorian calendar)."""
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    lengths = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
    return np.asarray(lengths[month - 1] + ((month == 2) & leap), dtype=np.int64)


def days_from_civil(year: Ints, month: Ints, day: Ints) -> Ints:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm)."""
    shifted = year - (month <= 2)
    era = np.floor_divide(shifted, 400)
    year_of_era = shifted - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return np.asarray(era * 146097 + day_of_era - 719468, dtype=np.int64)


def _localised(
    seconds: Ints,
    missing: Bools,
    exact: Bools,
    zone: str,
    unreadable: Bools | None = None,
) -> Parsed:
    """Place the values without an offset in `zone`; the others are exact already."""
    local = ~missing & ~exact
    status = np.zeros(len(seconds), dtype=np.int8)
    if unreadable is not None:
        status[unreadable] = TimeStatus.UNREADABLE
    count = int(np.count_nonzero(local))
    if count:
        wall, ancient = seconds[local], None
        if not _countable(wall):  # year 1 or 9999: kept a day outside, where the zone is known
            ancient = wall < _FIRST_SECOND
            wall = np.clip(wall, LOW - _DAY, HIGH + _DAY)
        utc, placed = to_utc(wall, zone)
        if ancient is not None:
            placed[ancient] = TimeStatus.UNREADABLE  # before year 1, as for an exact time
        seconds = seconds.copy()
        seconds[local] = utc
        status[local] = placed
    return _finish(seconds, missing, status != TimeStatus.OK, status, count)


def _finish(
    seconds: Ints,
    missing: Bools,
    failed: Bools,
    status: I8 | None = None,
    local: int = 0,
) -> Parsed:
    codes = np.zeros(len(seconds), dtype=np.int8) if status is None else status.copy()
    placed = ~missing & ~failed
    if not _countable(seconds, placed):
        far = placed & ((seconds < LOW) | (seconds >= HIGH))
        # before year 1 no calendar has the date: not a timestamp at all
        codes[far] = np.where(
            seconds[far] < _FIRST_SECOND, TimeStatus.UNREADABLE, TimeStatus.OUTSIDE
        )
    if missing.any():
        codes[missing & (codes == TimeStatus.OK)] = TimeStatus.MISSING
    if not codes.any():
        return Parsed(seconds, codes, local)
    return Parsed(np.where(codes == TimeStatus.OK, seconds, MISSING), codes, local)


def parse_minutes(values: pa.Array, rules: TimeRules = TimeRules()) -> Parsed:
    """A duration in minutes (Zendesk's first reply time) as whole seconds, with statuses; a
    marker of no value (`-`) is no reply yet, as a blank is; `12,5` is 12.5 where the rules say
    the export writes a decimal comma."""
    text = pc.utf8_trim_whitespace(values.cast(pa.string()))
    missing = _absent(text, rules.nulls)
    if rules.decimal_comma:
        text = pc.replace_substring(text, ",", ".", max_replacements=1)  # "12,5": 12.5
    number = pc.match_substring_regex(text, r"^[0-9]+(?:\.[0-9]+)?$")
    readable = pc.fill_null(number, FALSE).to_numpy(zero_copy_only=False)
    clean = pc.if_else(pc.fill_null(number, FALSE), text, text_scalar("0"))
    minutes = np.asarray(pc.cast(clean, pa.float64()).to_numpy(zero_copy_only=False))
    # a duration longer than the years the audit counts cannot end inside them, and would
    # overflow int64 on the way: outside, as the time it would give
    endless = minutes * 60 >= HIGH - LOW
    seconds = np.rint(np.where(endless, 0, minutes) * 60).astype(np.int64)
    status = np.where(
        missing, TimeStatus.MISSING, np.where(readable, TimeStatus.OK, TimeStatus.UNREADABLE)
    )
    status[readable & endless] = TimeStatus.OUTSIDE
    return Parsed(np.where(status == TimeStatus.OK, seconds, MISSING), status.astype(np.int8))
