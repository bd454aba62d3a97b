"""Periods of the policy's calendar: the local week, month or quarter a ticket was created in.

Tickets are grouped by the local date (policy time zone) of `created_at`, as the contract says;
a period is an integer key (sortable) with a label for reports: 2026-W22, 2026-05, 2026-Q2.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from policy_lint.audit.arrays import Ints
from policy_lint.audit.tickets.zones import to_local


def period_keys(instants: Ints, period: str, zone: str) -> Ints:
    """An integer key per instant: 0 for no period, else the local week, month or quarter."""
    if not period or not len(instants):
        return np.zeros(len(instants), dtype=np.int64)
    days = to_local(instants, zone) // 86400
    low, high = int(days.min()), int(days.max())
    if high - low > _TABLED:  # dates centuries apart: each one converted
        return _keys_of_days(days, period)
    table = _keys_of_days(np.arange(low, high + 1, dtype=np.int64), period)
    keys: Ints = table[days - low]  # a batch spans a few hundred days: look each one up
    return keys


_TABLED = 1 << 16  # days a batch may span for its keys to come from a table of its days


def _keys_of_days(days: Ints, period: str) -> Ints:
    """The period key of each local date (days since 1970-01-01)."""
    dates = days.astype("datetime64[D]")
    months = dates.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    if period == "month":
        return months
    if period == "quarter":
        keys: Ints = (months // 12) * 4 + (months % 12) // 3
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


class PeriodCounts:
    """How many tickets of each kind (met, breached, calls…) every period has: counts, not rows.

    An audit of ten million tickets needs only a handful of numbers per period, so a batch's
    period keys are counted at once and let go; memory does not grow with the export.
    """

    def __init__(self) -> None:
        self._counts: dict[str, dict[int, int]] = {}

    def add(
        self, kind: str, keys: np.ndarray[Any, Any] | None, where: np.ndarray[Any, Any]
    ) -> None:
        """Count the rows `where` marks under `kind`, each in its period (`keys`: None, none)."""
        tally = self._counts.setdefault(kind, {})
        if keys is None:
            count = int(np.count_nonzero(where))
            if count:
                tally[0] = tally.get(0, 0) + count
            return
        chosen = keys[where]
        if not len(chosen):
            return
        low = int(chosen.min())
        found = np.bincount(np.asarray(chosen, dtype=np.int64) - low)
        for offset in np.flatnonzero(found).tolist():
            tally[low + offset] = tally.get(low + offset, 0) + int(found[offset])

    def absorb(self, other: PeriodCounts) -> None:
        """Add every count of `other` (a batch's counts into the audit's)."""
        for kind, counts in other._counts.items():
            tally = self._counts.setdefault(kind, {})
            for key, count in counts.items():
                tally[key] = tally.get(key, 0) + count

    def total(self, kind: str) -> int:
        """Every count of one kind, whatever its period."""
        return sum(self._counts.get(kind, {}).values())

    def get(self, kind: str, key: int) -> int:
        """The count of one kind in one period."""
        return self._counts.get(kind, {}).get(key, 0)

    def keys(self, *kinds: str) -> list[int]:
        """The periods that have a count of any of these kinds, in order."""
        return sorted({key for kind in kinds for key in self._counts.get(kind, {})})
