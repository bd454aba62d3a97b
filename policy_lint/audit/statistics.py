"""The two statistics an auditor signs: a Wilson interval on attainment, exact percentiles."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from policy_lint.audit.arrays import I32, Ints

Z95 = 1.959963984540054  # the two-sided 95 % normal quantile


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion: honest for small samples and near 0 or 1.

    40 tickets all met give (0.912, 1.0): they cannot support a claim of 95 %.
    """
    if trials <= 0:
        return (0.0, 1.0)
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    return (round(max(0.0, centre - half), 6), round(min(1.0, centre + half), 6))


class Distribution:
    """Whole numbers counted exactly, held as each distinct value and how often it occurred.

    An audit's percentiles must be values that occurred (nearest rank), to the second, over
    millions of tickets; keeping every ticket's elapsed seconds would make memory grow with the
    export. Elapsed seconds repeat: their distinct values grow with the span of the times, not
    with the number of tickets. Values under DENSE (most first responses) are counted in a fixed
    table, one slot a second, which costs one pass; larger ones wait in a buffer and are folded
    into a sorted table of (value, count) once the buffer holds as many as the table, so each
    fold costs about what sorting the values added since the last one costs.
    """

    DENSE = 1 << 16  # seconds (18 h 12 min) counted one slot each: 512 KiB
    BUFFER = 1 << 20  # larger values waiting before a fold, at least (4 bytes each)

    def __init__(self, buffer: int = BUFFER, dense: int = DENSE) -> None:
        self._size = dense
        self._dense: Ints | None = None  # made by the first add
        self._values = np.zeros(0, dtype=np.int64)
        self._counts = np.zeros(0, dtype=np.int64)
        self._waiting: list[I32] = []
        self._waiting_size = 0
        self._buffer = buffer
        self.count = 0

    def add(self, values: np.ndarray[Any, Any]) -> None:
        """Count these values (whole numbers that fit in 32 bits)."""
        if not len(values):
            return
        values = np.asarray(values, dtype=np.int32)
        self.count += len(values)
        small = values.view(np.uint32) < self._size  # a negative value is no small one
        if small.all():
            self._count_dense(np.bincount(values), fresh=True)  # as long as the largest needs
            return
        self._count_dense(np.bincount(values[small]), fresh=True)
        self._wait(values[~small])

    def absorb(self, other: Distribution) -> None:
        """Count every value `other` counted (a batch's distribution into the audit's)."""
        if other._size != self._size:
            raise ValueError("distributions with tables of different sizes")
        self.count += other.count
        if other._dense is not None:
            self._count_dense(other._dense)
        if len(other._values):
            self._merge_table(other._values, other._counts)
        for large in other._waiting:
            self._wait(large)

    def _count_dense(self, counts: Ints, fresh: bool = False) -> None:
        """Add counts of the values 0, 1, …; the table is as long as the largest value met."""
        if self._dense is None:
            self._dense = counts if fresh else counts.copy()
        elif len(counts) <= len(self._dense):
            self._dense[: len(counts)] += counts
        else:
            grown = counts if fresh else counts.copy()
            grown[: len(self._dense)] += self._dense
            self._dense = grown

    def _wait(self, large: I32) -> None:
        self._waiting.append(large)
        self._waiting_size += len(large)
        if self._waiting_size >= max(self._buffer, len(self._values)):
            self._fold()

    def kth(self, rank: int) -> int:
        """The rank-th smallest value counted (1-based; 1 ≤ rank ≤ count)."""
        if not 1 <= rank <= self.count:
            raise ValueError(f"rank {rank} outside 1..{self.count}")
        self._fold()
        table = np.cumsum(self._counts)  # the values below 0 (none but by a bug) and above DENSE
        negatives = int(np.searchsorted(self._values, 0))
        below = int(table[negatives - 1]) if negatives else 0
        dense = np.cumsum(self._dense if self._dense is not None else np.zeros(0, np.int64))
        in_dense = int(dense[-1]) if len(dense) else 0
        if below < rank <= below + in_dense:
            return int(np.searchsorted(dense, rank - below))
        return int(self._values[np.searchsorted(table, rank if rank <= below else rank - in_dense)])

    def count_at_most(self, value: int) -> int:
        """How many of the values counted are at most `value`."""
        self._fold()
        table = int(self._counts[: np.searchsorted(self._values, value, side="right")].sum())
        held = self._dense if self._dense is not None else np.zeros(0, np.int64)
        dense = int(held[: max(0, min(value + 1, len(held)))].sum())
        return table + dense

    def nearest_rank(self, quantile: float) -> int | None:
        """The nearest-rank percentile: a value that occurred, never an interpolation."""
        if not self.count:
            return None
        return self.kth(max(1, math.ceil(quantile * self.count)))

    @property
    def distinct(self) -> int:
        """How many distinct values are held: what the memory beyond the fixed table grows with."""
        self._fold()
        dense = int(np.count_nonzero(self._dense)) if self._dense is not None else 0
        return dense + len(self._values)

    def _fold(self) -> None:
        if not self._waiting:
            return
        fresh = np.sort(np.concatenate(self._waiting)).astype(np.int64)
        self._waiting, self._waiting_size = [], 0
        self._merge_table(*_runs(fresh, np.ones(len(fresh), dtype=np.int64)))

    def _merge_table(
        self,
        values: Ints,
        counts: Ints,
    ) -> None:
        """Sorted distinct values with their counts merged into the table."""
        if len(self._values):
            both = np.concatenate([self._values, values])
            order = np.argsort(both, kind="stable")  # two sorted runs: merged in linear time
            values, counts = _runs(both[order], np.concatenate([self._counts, counts])[order])
        self._values, self._counts = values, counts


def _runs(values: Ints, counts: Ints) -> tuple[Ints, Ints]:
    """Sorted values with counts → each distinct value once, with its counts summed."""
    starts = np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]]))
    return values[starts], np.add.reduceat(counts, starts)
