"""Dates as spreadsheets write them, the day or the month first: which order, and its formats.

A CSV export opened and saved again in Excel, LibreOffice or Google Sheets comes back with its
times in the locale's form: `02.03.2026 08:12`, `02/03/2026 08:12:05`, `02-03-2026 08:12`,
`2.3.26 8:12` in much of Europe; `3/2/2026 8:12 AM`, `3/2/2026 8:12` in the United States.
Which of `02/03` is the day is the locale's, and the file does not say it. It is told apart
from the data, where a value settles it (a first number after 12 is a day: day first; a second
one after 12, month first), from the values of the export's time columns in the rows its
opening read already (Export.head: its first 64 KiB, some hundreds of rows; a pass over a whole
file of millions of rows only to look at its dates is not worth the wait). Values that settle
it both ways, or none that settles it, end the audit with one line asking for
`--date-order dmy|mdy` (or `date_order:` in a mapping): a 2 March read as 3 February moves a
ticket by a month, and that is never guessed.

The order found becomes strptime formats for times.py: the forms seen in the first rows first,
the most frequent first, so that a batch is usually read by its first pattern; ISO 8601 next,
the other forms of the same order last.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from policy_lint.audit.tickets.shown import quoted
from policy_lint.audit.tickets.times import ISO_8601
from policy_lint.errors import UsageError

ORDERS = ("dmy", "mdy")
_ASK = "pass --date-order dmy|mdy (or `date_order:` in a mapping file)"
# day/month/year (either order), a time of day, seconds and AM/PM optional: the forms below
_SHAPE = re.compile(
    r"^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\s+\d{1,2}:\d{2}(:\d{2})?"
    r"(\s*[AaPp]\.?[Mm]\.?)?\s*$"
)
_TIMES = {(False, False): "%H:%M", (True, False): "%H:%M:%S"}
_TIMES |= {(False, True): "%I:%M %p", (True, True): "%I:%M:%S %p"}
_ISO_LIKE = re.compile(r"^\s*\d{4}-\d\d-\d\d[Tt ]\d\d")


@dataclass(frozen=True, slots=True)
class DateOrder:
    """The day/month order of an export's times and the formats that read them; `order` None
    (and no formats) when its first rows hold no such date: ISO 8601 as usual."""

    order: str | None = None
    formats: tuple[str, ...] = ()


def date_order(
    shown: str,
    head: Sequence[tuple[str, Sequence[str]]],
    rows: int,
    given: str | None = None,
) -> DateOrder:
    """The order of the day/month dates in `head` (each time column's first values), the one
    `given` (--date-order, a mapping's date_order) when there is one; UsageError when the data
    cannot tell it, naming the file, a column and a value."""
    found = [(column, value, match) for column, values in head for value in values
             if (match := _SHAPE.match(value))]  # fmt: skip
    if not found and given is None:
        return DateOrder()
    order = given or _decided(shown, found, rows)
    forms = Counter(_form(order, match) for _, _, match in found)
    forms[ISO_8601] = sum(1 for _, values in head for v in values if _ISO_LIKE.match(v))
    seen = sorted((form for form in forms if forms[form]), key=lambda form: -forms[form])
    every = [
        _format(order, separator, year, clock)
        for separator in "./-"
        for year in ("%Y", "%y")
        for clock in _TIMES.values()
    ]
    return DateOrder(order, tuple(dict.fromkeys([*seen, ISO_8601, *every])))


def _decided(shown: str, found: list[tuple[str, str, re.Match[str]]], rows: int) -> str:
    """The order the values settle, or UsageError: both ways, or neither."""
    settle = {order: next((f for f in found if _settles(f[2]) == order), None) for order in ORDERS}
    day, month = settle["dmy"], settle["mdy"]
    if day is not None and month is not None:
        raise UsageError(
            f"{shown}: column {quoted(day[0])} writes {quoted(day[1].strip())}, the day first, "
            f"and column {quoted(month[0])} writes {quoted(month[1].strip())}, the month first; "
            f"{_ASK}"
        )
    if day is None and month is None:
        column, value, _ = found[0]
        raise UsageError(
            f"{shown}: cannot tell whether column {quoted(column)} writes the day or the month "
            f"first ({quoted(value.strip())}): no date in the first {rows:,} rows has a day after "
            "the 12th; "
            f"{_ASK}"
        )
    return "dmy" if day is not None else "mdy"


def _settles(match: re.Match[str]) -> str | None:
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return None  # both at most 12 (either way), or both after it (no date)


def _form(order: str, match: re.Match[str]) -> str:
    """The strptime format of one value's form, in `order`."""
    year = "%Y" if len(match.group(4)) == 4 else "%y"
    clock = _TIMES[(match.group(5) is not None, match.group(6) is not None)]
    return _format(order, match.group(2), year, clock)


def _format(order: str, separator: str, year: str, clock: str) -> str:
    first, second = ("%d", "%m") if order == "dmy" else ("%m", "%d")
    return f"{first}{separator}{second}{separator}{year} {clock}"
