"""Instants as the audit holds them: int64 seconds since the Unix epoch, UTC; MISSING for none.

One definition for both sides of the audit: the ticket engine writes MISSING where an export has
no time, and the business calendar and the measuring read it. numpy alone: the business calendar
and business time need no pyarrow, and must not load it through this module.
"""

from __future__ import annotations

import numpy as np

MISSING = np.iinfo(np.int64).min  # the instant of a value that has none: the least int64


def iso(instant: int) -> str:
    """An instant as ISO 8601 in UTC with `Z` (`2026-03-02T09:00:00Z`), to the second; MISSING
    as "a missing time", for the messages that may name one."""
    return f"{np.datetime64(int(instant), 's')}Z" if instant != MISSING else "a missing time"
