"""The years an audit counts: instants from 1900-01-01T00:00:00Z up to 2200-01-01T00:00:00Z.

A ticket's or a pause's time outside them is a rejected row with that reason, and a fixed
`--as-of` outside them a usage error: never an overflow deep in the measuring, which ended a
whole audit over one row written `0001-01-01` or `9999-12-31` (a placeholder, not a date). The
bounds are what the measuring can count exactly:

- from 1900: a business calendar finds its zone's offset changes by looking at each day and
  bisecting a change to the second (business_calendar._zone_offsets), which is exact only while
  no two changes come within a few days of each other, true of tzdata since 1900;
- before 2200: a policy without business hours counts on a 24/7 calendar compiled once for
  1800-2400 (business_calendar.always_open), and a deadline, a calendar's padding and `iso()`'s
  datetime arithmetic must all end inside it and inside Python's year 9999. A business calendar
  compiled over the whole range (one ticket in 1900, another in 2199) takes under a second; one
  reaching year 9999 would walk three million days.

No module here needs numpy: the command line checks `--as-of` against the same bounds.
"""

from __future__ import annotations

FIRST_YEAR = 1900
LAST_YEAR = 2199
LOW = -2_208_988_800  # 1900-01-01T00:00:00Z, the first instant counted
HIGH = 7_258_118_400  # 2200-01-01T00:00:00Z, the first instant not counted
OUTSIDE = f"outside the years the audit counts ({FIRST_YEAR}–{LAST_YEAR})"


def countable(seconds: int) -> bool:
    """Whether an instant (seconds since the epoch, UTC) lies in the years the audit counts."""
    return LOW <= seconds < HIGH
