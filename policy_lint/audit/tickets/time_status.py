"""TimeStatus: what became of one time or duration an export wrote, a code a value (int8).

The parsers (times.py) and the zone placement (zones.py) write these codes, the row rules turn
each failure into its reason; a code is kept in an int8 array beside the seconds it qualifies.
"""

from __future__ import annotations

from enum import IntEnum


class TimeStatus(IntEnum):
    """What became of one value."""

    OK = 0
    MISSING = 1
    UNREADABLE = 2
    NONEXISTENT = 3  # a wall-clock time a daylight-saving change skips in the zone
    AMBIGUOUS = 4  # a wall-clock time a daylight-saving change repeats in the zone
    OUTSIDE = 5  # a time, but outside the years the audit counts
    NUMBER = 6  # a number where a time belongs: seconds, milliseconds or days, nobody can say
