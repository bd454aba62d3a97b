"""The two statistics an auditor signs: a Wilson interval on attainment, exact percentiles."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

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


def nearest_rank(values: np.ndarray[Any, Any], quantile: float) -> int | None:
    """The nearest-rank percentile: a value that occurred, never an interpolation."""
    if not len(values):
        return None
    rank = max(1, math.ceil(quantile * len(values)))
    return int(np.partition(values, rank - 1)[rank - 1])
