"""A promise's verdict from its counts: pass, fail, inconclusive or no-data (the contract).

The rule is that a verdict is never kinder than the data. Beside the tickets measured, a promise
may have doubtful ones (scopes.py): rows that were rejected, or tickets the export cannot place
in or out of its scope, or cannot time. Each could be a breach. So a promise

- **fails** when the measured tickets alone miss the goal;
- **passes** only when it would still meet the goal were every doubtful ticket a breach (the
  worst case);
- is **inconclusive** otherwise: the data cannot settle it;
- has **no data** when nothing is in its scope and nothing could be.

Elapsed times measured without the pauses a promise asks for are upper bounds: a pass on them
stands, a fail does not (the pauses could turn it), so it becomes inconclusive.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from policy_lint.audit.periods import PeriodCounts, label
from policy_lint.audit.promises import Promise
from policy_lint.audit.results import LevelResult, PeriodResult, Status
from policy_lint.audit.statistics import Distribution, wilson

_SLACK = 1e-12  # a goal met to the last bit of a float is met


@dataclass(frozen=True, slots=True)
class Verdict:
    """A status and the worst case it was judged on (None when nothing was doubtful)."""

    status: Status
    worst_case: float | None = None


def judge_attainment(
    met: int, breached: int, doubtful: int, goal: float | None, upper_bound: bool = False
) -> Verdict:
    """Met against breached, allowing for `doubtful` tickets that could each be a breach."""
    judged = met + breached
    if not judged and not doubtful:
        return Verdict(Status.NO_DATA)
    worst = met / (judged + doubtful) if doubtful else None
    if goal is None:
        return Verdict(Status.FAIL, worst)
    if judged and met / judged < goal - _SLACK:
        return Verdict(Status.INCONCLUSIVE if upper_bound else Status.FAIL, worst)
    if (met / (judged + doubtful)) >= goal - _SLACK:
        return Verdict(Status.PASS, worst)
    return Verdict(Status.INCONCLUSIVE, worst)


def judge_rate(calls: int, abandoned: int, doubtful: int, limit: float | None) -> Verdict:
    """Abandoned calls against the maximum, allowing for `doubtful` ones that could each be an
    abandoned call."""
    if not calls and not doubtful:
        return Verdict(Status.NO_DATA)
    worst = (abandoned + doubtful) / (calls + doubtful) if doubtful else None
    if limit is None:
        return Verdict(Status.FAIL, worst)
    if calls and abandoned / calls > limit:
        return Verdict(Status.FAIL, worst)
    if (abandoned + doubtful) / (calls + doubtful) <= limit:
        return Verdict(Status.PASS, worst)
    return Verdict(Status.INCONCLUSIVE, worst)


def combine(whole: Status, periods: Iterable[Status]) -> Status:
    """The whole's status and its periods' (judged period by period, as contracts are)."""
    found = {whole, *periods}
    if Status.FAIL in found:
        return Status.FAIL
    if whole == Status.NO_DATA:
        return Status.NO_DATA
    return Status.INCONCLUSIVE if Status.INCONCLUSIVE in found else whole


@dataclass(frozen=True, slots=True)
class Doubt:
    """A promise's doubtful tickets: by kind (scopes.KINDS), per period, and those of no known
    period (a rejected row whose creation time could not be read could be in any)."""

    kinds: Mapping[str, int]
    unplaced: int = 0

    @property
    def total(self) -> int:
        """Every doubtful ticket, whatever the kind."""
        return sum(self.kinds.values())

    def summary(self) -> tuple[tuple[str, int], ...]:
        """The kinds that have any, in the order of scopes.KINDS."""
        from policy_lint.audit.scopes import KINDS

        return tuple((kind, self.kinds[kind]) for kind in KINDS if self.kinds.get(kind))


def period_doubt(counts: PeriodCounts, key: int, doubt: Doubt) -> int:
    """The doubtful tickets that could fall in one period."""
    return counts.get("doubt", key) + doubt.unplaced


def timed_result(
    promise: Promise,
    base: dict[str, Any],
    counts: PeriodCounts,
    elapsed: Distribution,
    doubt: Doubt,
    upper_bound: bool = False,
) -> LevelResult:
    """Counts, attainment against the goal, its interval, percentiles, periods, the verdict."""
    met, breached = counts.total("met"), counts.total("breached")
    judged = met + breached
    attainment = met / judged if judged else None
    whole = judge_attainment(met, breached, doubt.total, promise.goal, upper_bound)
    periods = period_results(promise, counts, doubt, upper_bound) if promise.period else ()
    return LevelResult(
        status=combine(whole.status, (p.status for p in periods)),
        clock=promise.clock,
        within_seconds=promise.within_seconds,
        within_days=promise.within_days,
        goal=promise.goal,
        met=met,
        breached=breached,
        pending=counts.total("pending"),
        attainment=None if attainment is None else round(attainment, 6),
        confidence=wilson(met, judged) if judged else None,
        meets_goal_at=target_meeting(elapsed, judged, promise.goal),
        p50_seconds=elapsed.nearest_rank(0.5),
        p90_seconds=elapsed.nearest_rank(0.9),
        periods=periods,
        doubt=doubt.summary(),
        worst_case=_rounded(whole.worst_case),
        **base,
    )


def period_results(
    promise: Promise, counts: PeriodCounts, doubt: Doubt, upper_bound: bool = False
) -> tuple[PeriodResult, ...]:
    """Met, breached, pending, attainment and verdict for each period that has tickets."""
    out = []
    for key in counts.keys("met", "breached", "pending", "doubt"):
        met, breached = counts.get("met", key), counts.get("breached", key)
        judged = met + breached
        attainment = met / judged if judged else None
        doubtful = period_doubt(counts, key, doubt)
        verdict = judge_attainment(met, breached, doubtful, promise.goal, upper_bound)
        out.append(
            PeriodResult(
                label(key, promise.period or ""),
                met,
                breached,
                counts.get("pending", key),
                None if attainment is None else round(attainment, 6),
                verdict.status,
                doubt=doubtful,
                worst_case=_rounded(verdict.worst_case),
            )
        )
    return tuple(out)


def abandonment_result(
    promise: Promise, base: dict[str, Any], counts: PeriodCounts, doubt: Doubt
) -> LevelResult:
    """Calls are answered or ended tickets; abandoned ones ended with no answer.

    With a `period`, the rate is judged period by period too, as timed promises are.
    """
    calls, abandoned = counts.total("calls"), counts.total("abandoned")
    whole = judge_rate(calls, abandoned, doubt.total, promise.max)
    periods = abandonment_periods(promise, counts, doubt) if promise.period else ()
    return LevelResult(
        status=combine(whole.status, (p.status for p in periods)),
        calls=calls,
        abandoned=abandoned,
        rate=round(abandoned / calls, 6) if calls else None,
        max=promise.max,
        periods=periods,
        doubt=doubt.summary(),
        worst_case=_rounded(whole.worst_case),
        **base,
    )


def abandonment_periods(
    promise: Promise, counts: PeriodCounts, doubt: Doubt
) -> tuple[PeriodResult, ...]:
    """Calls, abandoned calls, their rate and the verdict in each period that has calls."""
    out = []
    for key in counts.keys("calls", "doubt"):
        calls, abandoned = counts.get("calls", key), counts.get("abandoned", key)
        doubtful = period_doubt(counts, key, doubt)
        verdict = judge_rate(calls, abandoned, doubtful, promise.max)
        out.append(
            PeriodResult(
                label(key, promise.period or ""),
                calls - abandoned,
                abandoned,
                0,
                None,
                verdict.status,
                calls,
                abandoned,
                round(abandoned / calls, 6) if calls else None,
                doubt=doubtful,
                worst_case=_rounded(verdict.worst_case),
            )
        )
    return tuple(out)


def target_meeting(elapsed: Distribution, judged: int, goal: float | None) -> int | None:
    """The least target under which `goal` of the judged tickets would have been met.

    Tickets never answered count as never meeting any target, so when fewer than `goal` of the
    judged tickets were answered at all, no target would do: None.
    """
    if goal is None or not judged:
        return None
    needed = max(1, math.ceil(goal * judged - 1e-9))
    if needed > elapsed.count:
        return None
    return elapsed.kth(needed)


def unmeasured(base: dict[str, Any]) -> LevelResult:
    """A promise marked `measured: false`: linted, never audited."""
    note = "marked `measured: false`: no export shows it"
    return LevelResult(status=Status.UNMEASURED, note=note, **base)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
