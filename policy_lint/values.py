"""The values both wings read from a policy, read once, here: durations as policies write them
(`8h`, `2 days`, `3 business days`, `PT8H`) and percentages (`95%`).

The linter (PL103, PL204), the audit and `diff` share this module, so what `check` accepts is
exactly what the audit measures and what `diff` compares. It imports nothing of either wing.
The contract of durations: under the calendar clock every unit has a fixed length (1d = 24 h,
1w = 7 d; months only for a review interval); under the business clock s, m and h count business
time and d counts business days, while weeks and months have no business meaning and are refused.

An instant a person writes (`--as-of`, on the command line or to the pytest plugin) is read here
too, `parse_instant`: both the command line and the audit side read it, and neither may import
the other.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from policy_lint.errors import UsageError
from policy_lint.quoting import cut
from policy_lint.years import OUTSIDE, countable

_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


def percentage(value: Any) -> float | None:
    """`95%` → 0.95; a number stays itself; anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    match = _PERCENT.match(value) if isinstance(value, str) else None
    return float(match.group(1)) / 100 if match else None


_UNITS = {
    "s": "s",
    "sec": "s",
    "secs": "s",
    "second": "s",
    "seconds": "s",
    "m": "m",
    "min": "m",
    "mins": "m",
    "minute": "m",
    "minutes": "m",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "d": "d",
    "day": "d",
    "days": "d",
    "w": "w",
    "wk": "w",
    "wks": "w",
    "week": "w",
    "weeks": "w",
    "mo": "mo",
    "month": "mo",
    "months": "mo",
    "y": "y",
    "yr": "y",
    "year": "y",
    "years": "y",
}
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_SHORT = re.compile(
    r"^\s*(?P<amount>\d+(?:\.\d+)?)\s*(?P<qualifier>business\s+|working\s+)?(?P<unit>[a-z]+)\s*$",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"^P(?!$)(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<w>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)


MAX_YEARS = 1000  # longer than any promise or review interval; anything longer overflows dates


class DurationError(ValueError):
    """A duration that cannot be read, or cannot be used where it stands; the message says why."""


@dataclass(frozen=True, slots=True)
class Duration:
    """A read duration: its parts by unit (s m h d w mo y) and whether it said `business days`."""

    text: str
    parts: tuple[tuple[str, float], ...]
    business_days: bool = False

    def amount(self, unit: str) -> float:
        """The amount given in `unit`, 0 when absent."""
        return sum(value for name, value in self.parts if name == unit)

    @property
    def is_zero(self) -> bool:
        """Whether the duration is zero long."""
        return all(value == 0 for _, value in self.parts)

    def calendar_seconds(self) -> float:
        """Its fixed length under the calendar clock; months and years have none."""
        if self.amount("mo") or self.amount("y"):
            raise DurationError(
                f"`{cut(self.text)}` is in months or years, which have no fixed length"
            )
        return sum(value * _SECONDS[unit] for unit, value in self.parts)

    def months(self) -> float:
        """Its length in months (years count 12), for review intervals; days count 1/30.4375."""
        seconds = sum(value * _SECONDS[unit] for unit, value in self.parts if unit in _SECONDS)
        return self.amount("mo") + 12 * self.amount("y") + seconds / (30.4375 * 86400)

    def business(self) -> tuple[str, float]:
        """Under the business clock: ("days", n) business days, or ("seconds", n) business time."""
        if any(unit in ("w", "mo", "y") for unit, value in self.parts if value):
            raise DurationError(
                f"`{cut(self.text)}` is in weeks, months or years, which a business clock cannot "
                "count: write business days (`10d`) or use the calendar clock"
            )
        days = self.amount("d")
        seconds = sum(value * _SECONDS[unit] for unit, value in self.parts if unit in "smh")
        if days and seconds:
            raise DurationError(f"`{cut(self.text)}` mixes business days with hours: use one unit")
        if days:
            if days != int(days):
                raise DurationError(f"`{cut(self.text)}` is not a whole number of business days")
            return "days", days
        return "seconds", seconds


_RINGS = re.compile(r"^\s*(\d{1,6})\s*rings?\s*$", re.IGNORECASE)  # more is no ring count
_SAME_DAY = re.compile(r"^\s*(same(\s+business)?\s+day|end\s+of\s+(the\s+)?day|eod)\s*$", re.I)
_NEXT_DAY = re.compile(r"^\s*next\s+(business|working)\s+day\s*$", re.IGNORECASE)


def unmeasurable(text: object) -> str | None:
    """What to write instead of a promise no export can measure: rings, `same day`."""
    if not isinstance(text, str):
        return None
    rings = _RINGS.match(text)
    if rings:
        n = int(rings.group(1))
        return (
            f"`{cut(text)}` counts rings, which no helpdesk export records and which last 3 to 6 "
            f"seconds depending on the country ({n} rings ≈ {3 * n}–{6 * n} s): write "
            f"seconds, e.g. `{5 * n}s`"
        )
    if _SAME_DAY.match(text):
        return (
            f"`{cut(text)}` is no fixed time: a ticket opened at 09:00 would get eight hours and "
            "one opened at 16:55 five minutes; write the time you mean on the business "
            "clock: `8h`, or `1d` (by the same time on the next business day)"
        )
    if _NEXT_DAY.match(text):
        return (
            f"`{cut(text)}` is written `1d` with `clock: business`: met by the same local time on "
            "the next business day"
        )
    return None


def parse_duration(text: object) -> Duration:
    """Read a duration in any of the forms of the policy format, or raise DurationError."""
    hint = unmeasurable(text)
    if hint is not None:
        raise DurationError(hint)
    if not isinstance(text, str):
        raise DurationError(
            f"`{cut(text)}` is not a duration: write a number and a unit, such as `8h`"
        )
    short = _SHORT.match(text)
    if short and short["unit"].lower() in _UNITS:
        unit = _UNITS[short["unit"].lower()]
        business = short["qualifier"] is not None
        if business and unit != "d":
            raise DurationError(f"`{cut(text)}`: only days can be business or working days")
        return _bounded(Duration(text, ((unit, float(short["amount"])),), business))
    iso = _ISO.match(text.strip())
    if iso:
        parts = tuple((unit, float(value)) for unit, value in iso.groupdict().items() if value)
        return _bounded(Duration(text, parts))
    raise DurationError(
        f"`{cut(text)}` is not a duration: write a number and a unit such as `30s`, `8h`, "
        "`2 days` or ISO 8601 `PT8H`"
    )


def _bounded(duration: Duration) -> Duration:
    """The duration, unless it is longer than `MAX_YEARS` (`9999…h` of 400 digits reads as an
    infinite float): no date, no count of seconds could hold it, and no promise means it."""
    days = sum(value * _SECONDS[unit] / 86400 for unit, value in duration.parts if unit in _SECONDS)
    years = days / 365.25 + duration.amount("mo") / 12 + duration.amount("y")
    if not years <= MAX_YEARS:
        raise DurationError(
            f"`{cut(duration.text)}` is longer than any promise: {MAX_YEARS:,} years at most"
        )
    return duration


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def parse_instant(value: str | None) -> int | None:
    """--as-of as epoch seconds: ISO 8601 with an offset or Z (a date alone is its UTC midnight),
    in the years an audit counts (policy_lint.years); None when not given. Text that is no
    instant, or one outside those years, is a UsageError naming --as-of."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"--as-of {value!r} is not an instant such as 2026-05-31T23:59:59Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    seconds = (moment - _EPOCH) // dt.timedelta(seconds=1)  # timestamp() overflows in year 1
    if not countable(seconds):
        raise UsageError(f"--as-of {value!r} is {OUTSIDE}")
    return seconds
