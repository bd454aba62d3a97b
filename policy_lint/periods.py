"""Periods of the policy's calendar: the local week, month or quarter a ticket was created in.

Tickets are grouped by the local date (policy time zone) of `created_at`, as the contract says;
a period is an integer key (sortable) with a label for reports: 2026-W22, 2026-05, 2026-Q2.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from policy_lint.tickets.zones import to_local

_Ints = np.ndarray[Any, np.dtype[np.int64]]


def period_keys(instants: _Ints, period: str, zone: str) -> _Ints:
    """An integer key per instant: 0 for no period, else the local week, month or quarter."""
    if not period or not len(instants):
        return np.zeros(len(instants), dtype=np.int64)
    days = to_local(instants, zone) // 86400
    dates = days.astype("datetime64[D]")
    months = dates.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    if period == "month":
        return months
    if period == "quarter":
        keys: _Ints = (months // 12) * 4 + (months % 12) // 3
        return keys
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; 0 is Monday
    thursday = days - weekday + 3  # ISO weeks belong to the year of their Thursday
    year = thursday.astype("datetime64[D]").astype("datetime64[Y]")
    first = year.astype("datetime64[D]").astype(np.int64)
    week = (thursday - first) // 7 + 1
    return (year.astype(np.int64) + 1970) * 100 + week


def label(key: int, period: str) -> str:
    """The report's name of a period key."""
    if period == "month":
        return f"{1970 + key // 12}-{key % 12 + 1:02}"
    if period == "quarter":
        return f"{1970 + key // 4}-Q{key % 4 + 1}"
    if period == "week":
        return f"{key // 100}-W{key % 100:02}"
    return "all"
