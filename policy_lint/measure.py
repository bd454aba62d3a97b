"""Service levels × tickets → LevelResults: the one place the audit counts (the contract).

Tickets arrive in batches. For a ticket whose event happened, met or breached is final at once;
for one still waiting, the verdict depends on `as_of`, which by default is the latest timestamp of
the whole export, so those few tickets are kept and judged at the end. Nothing loops over tickets
in Python: every step is an array operation on a batch.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from policy_lint.clocks import Clock
from policy_lint.periods import label
from policy_lint.promises import Promise
from policy_lint.results import RATIO_EDGES, LevelResult, PeriodResult, Status, Worst
from policy_lint.statistics import nearest_rank, wilson
from policy_lint.tickets import MISSING, PRIORITIES, Pauses, TicketBatch

WORST = 5
_Ints = np.ndarray[Any, np.dtype[np.int64]]
_Bools = np.ndarray[Any, np.dtype[np.bool_]]


@dataclass(slots=True)
class _Open:
    """Tickets still waiting for the event when their batch was read: judged against as_of."""

    created: list[_Ints] = field(default_factory=list)
    keys: list[np.ndarray[Any, Any]] = field(default_factory=list)
    periods: list[_Ints] = field(default_factory=list)
    ids: list[pa.Array] = field(default_factory=list)
    rows: list[_Ints] = field(default_factory=list)
    files: list[_Ints] = field(default_factory=list)


@dataclass(slots=True)
class Tally:
    """What one promise has counted so far."""

    promise: Promise
    met_periods: list[_Ints] = field(default_factory=list)
    breached_periods: list[_Ints] = field(default_factory=list)
    elapsed: list[_Ints] = field(default_factory=list)
    worst: list[Worst] = field(default_factory=list)
    open: _Open = field(default_factory=_Open)
    calls: int = 0
    abandoned: int = 0
    call_periods: list[np.ndarray[Any, Any]] = field(default_factory=list)
    abandoned_periods: list[np.ndarray[Any, Any]] = field(default_factory=list)
    histogram: np.ndarray[Any, np.dtype[np.int64]] = field(
        default_factory=lambda: np.zeros(len(RATIO_EDGES) + 1, dtype=np.int64)
    )


@dataclass(frozen=True, slots=True)
class Scope:
    """How a promise picks its tickets from a batch: channel codes and priority codes."""

    channels: np.ndarray[Any, Any] | None  # None: every channel
    priorities: np.ndarray[Any, Any] | None  # None: every priority
    complaints: bool


def scope_of(promise: Promise, channels: Sequence[str]) -> Scope:
    """The channel and priority codes a promise covers."""
    codes = None
    if promise.channel not in ("any", "complaints"):
        codes = np.array([channels.index(promise.channel)] if promise.channel in channels else [])
    priorities = None
    if promise.priorities is not None:
        priorities = np.array([PRIORITIES.index(p) for p in promise.priorities if p in PRIORITIES])
    return Scope(codes, priorities, promise.channel == "complaints")


def eligible(batch: TicketBatch, scope: Scope) -> _Bools:
    """The batch's tickets a promise covers."""
    mask = np.ones(len(batch.row), dtype=bool)
    if scope.channels is not None:
        mask &= np.isin(batch.channel, scope.channels)
    if scope.priorities is not None:
        mask &= np.isin(batch.priority, scope.priorities)
    if scope.complaints:
        mask &= batch.is_complaint
    return mask


@dataclass(slots=True)
class Measurer:
    """Counts every promise over a stream of batches, then judges them against as_of."""

    promises: Sequence[Promise]
    channels: Sequence[str]
    clocks: Callable[[str], Clock]
    pauses: Pauses | None
    periods: Callable[[_Ints, str], _Ints]
    as_of: int | None = None  # fixed by --as-of; else the latest timestamp seen
    files: Sequence[str] = ()
    latest: int = int(MISSING)
    tallies: list[Tally] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tallies = [Tally(p) for p in self.promises]
        self.scopes = [scope_of(p, self.channels) for p in self.promises]

    def add(self, batch: TicketBatch) -> None:
        """Count one batch for every measured promise."""
        batch = self._as_of_view(batch)
        self.latest = max(self.latest, _latest(batch))
        masks: dict[tuple[str, tuple[str, ...] | None], _Bools] = {}
        for tally, scope in zip(self.tallies, self.scopes, strict=True):
            if not tally.promise.measured:
                continue
            key = (tally.promise.channel, tally.promise.priorities)
            if key not in masks:  # promises on the same tickets share one mask
                masks[key] = eligible(batch, scope)
            mask = masks[key]
            if tally.promise.metric == "abandonment_rate":
                self._abandonment(tally, batch, mask)
            elif mask.any():
                self._timed(tally, batch, mask)

    def _as_of_view(self, batch: TicketBatch) -> TicketBatch:
        """With a fixed as_of, tickets created later do not exist yet, nor later events."""
        if self.as_of is None:
            return batch
        return as_of_view(batch, self.as_of)

    def _abandonment(self, tally: Tally, batch: TicketBatch, mask: _Bools) -> None:
        answered = batch.has("first_response_at")[mask]
        ended = batch.has("resolved_at")[mask]
        tally.calls += int(np.count_nonzero(answered | ended))
        tally.abandoned += int(np.count_nonzero(~answered & ended))
        if tally.promise.period:
            keys = self._period_keys(batch.created_at[mask], tally.promise)
            tally.call_periods.append(keys[answered | ended])
            tally.abandoned_periods.append(keys[~answered & ended])

    def _timed(self, tally: Tally, batch: TicketBatch, mask: _Bools) -> None:
        promise = tally.promise
        assert promise.event is not None
        created = batch.created_at[mask]
        event = getattr(batch, promise.event)[mask]
        happened = event != MISSING
        clock = self.clocks(promise.clock)
        keys = batch.key[mask]
        start, end = created[happened], event[happened]
        elapsed = clock.elapsed(start, end) - self._paused(
            promise, clock, keys[happened], start, end
        )
        limit = clock.limit(start, promise)
        met = elapsed <= limit
        ratio = elapsed / np.maximum(limit, 1)
        bins = np.searchsorted(np.array(RATIO_EDGES), ratio, side="left")
        tally.histogram += np.bincount(bins, minlength=len(RATIO_EDGES) + 1)
        periods = self._period_keys(start, promise)
        tally.met_periods.append(periods[met])
        tally.breached_periods.append(periods[~met])
        # kept for the percentiles, in 4 bytes: memory, not time, bounds a ten-million-row audit
        tally.elapsed.append(np.minimum(elapsed, np.iinfo(np.int32).max).astype(np.int32))
        self._keep_worst(tally, batch, mask, happened, elapsed, ~met)
        waiting = ~happened
        tally.open.created.append(created[waiting])
        tally.open.keys.append(keys[waiting])
        tally.open.periods.append(self._period_keys(created[waiting], promise))
        where = np.flatnonzero(mask)[waiting]
        tally.open.ids.append(batch.ticket_id.take(pa.array(where)))
        tally.open.rows.append(batch.row[where])
        tally.open.files.append(np.full(len(where), batch.file_index, dtype=np.int64))

    def _period_keys(self, instants: _Ints, promise: Promise) -> np.ndarray[Any, Any]:
        """Each ticket's period key (int32), or one byte of zero when the promise has none."""
        if not promise.period:
            return np.zeros(len(instants), dtype=np.int8)
        return self.periods(instants, promise.period).astype(np.int32)

    def _paused(self, promise: Promise, clock: Clock, keys: Any, start: _Ints, end: _Ints) -> _Ints:
        if not promise.pause_on or self.pauses is None or not len(start):
            return np.zeros(len(start), dtype=np.int64)
        return paused_seconds(self.pauses, promise.pause_on, clock, keys, start, end)

    def _keep_worst(
        self,
        tally: Tally,
        batch: TicketBatch,
        mask: _Bools,
        happened: _Bools,
        elapsed: _Ints,
        breached: _Bools,
    ) -> None:
        if not breached.any():
            return
        where = np.flatnonzero(mask)[happened][breached]
        values = elapsed[breached]
        count = min(WORST, len(values))
        top = np.argpartition(-values, count - 1)[:count]  # the few largest, unordered: O(n)
        tally.worst.extend(
            Worst(
                str(batch.ticket_id[int(where[i])]),
                int(values[i]),
                int(batch.row[where[i]]),
                self._file(batch.file_index),
            )
            for i in top
        )
        tally.worst = sorted(tally.worst, key=lambda w: (-w.elapsed_seconds, w.file, w.row))[:WORST]

    def _file(self, index: int) -> str:
        return self.files[index] if index < len(self.files) else str(index)

    def finish(self) -> tuple[int, list[LevelResult]]:
        """as_of, and every promise judged."""
        as_of = self.as_of if self.as_of is not None else self.latest
        return as_of, [self._result(tally, as_of) for tally in self.tallies]

    def _result(self, tally: Tally, as_of: int) -> LevelResult:
        promise = tally.promise
        base: dict[str, Any] = {
            "id": promise.id,
            "channel": promise.channel,
            "metric": promise.metric,
            "line": promise.line,
        }
        if not promise.measured:
            note = "marked `measured: false`: no export shows it"
            return LevelResult(status=Status.UNMEASURED, note=note, **base)
        if promise.metric == "abandonment_rate":
            return abandonment_result(tally, base)
        return self._timed_result(tally, as_of, base)

    def _timed_result(self, tally: Tally, as_of: int, base: dict[str, Any]) -> LevelResult:
        promise = tally.promise
        clock = self.clocks(promise.clock)
        created = _cat(tally.open.created)
        ends = np.full(len(created), as_of, dtype=np.int64)
        keys = _cat(tally.open.keys, np.uint64)
        waited = clock.elapsed(created, ends) - self._paused(promise, clock, keys, created, ends)
        late = waited > clock.limit(created, promise)
        periods = _cat(tally.open.periods)
        met_p = _cat(tally.met_periods)
        breached_p = np.concatenate([_cat(tally.breached_periods), periods[late]])
        pending_p = periods[~late]
        worst = self._worst_with_open(tally, waited, late)
        elapsed = _cat(tally.elapsed)
        base = base | {"histogram": tuple(int(count) for count in tally.histogram)}
        return timed_result(promise, base, met_p, breached_p, pending_p, elapsed, worst)

    def _worst_with_open(self, tally: Tally, waited: _Ints, late: _Bools) -> tuple[Worst, ...]:
        candidates = list(tally.worst)
        if late.any():
            ids = pa.concat_arrays(tally.open.ids) if tally.open.ids else pa.array([], pa.string())
            rows, files = _cat(tally.open.rows), _cat(tally.open.files)
            for i in np.flatnonzero(late)[np.argsort(-waited[late], kind="stable")[:WORST]]:
                candidates.append(
                    Worst(str(ids[int(i)]), int(waited[i]), int(rows[i]), self._file(int(files[i])))
                )
        ranked = sorted(candidates, key=lambda w: (-w.elapsed_seconds, w.file, w.row))
        return tuple(ranked[:WORST])


def _cat(parts: Sequence[Any], dtype: Any = np.int64) -> Any:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _latest(batch: TicketBatch) -> int:
    latest = int(MISSING)
    for column in ("created_at", "first_response_at", "resolved_at", "acknowledged_at"):
        values: _Ints = getattr(batch, column)
        if len(values):
            latest = max(latest, int(values.max()))
    return latest


def as_of_view(batch: TicketBatch, as_of: int) -> TicketBatch:
    """The batch as it stood at `as_of`: later tickets dropped, later events not yet happened."""
    from dataclasses import replace

    keep = batch.created_at <= as_of
    columns: dict[str, Any] = {}
    for column in ("first_response_at", "resolved_at", "acknowledged_at"):
        values: _Ints = getattr(batch, column)
        columns[column] = np.where(values > as_of, MISSING, values)[keep]
    for column in ("row", "key", "channel", "priority", "created_at", "is_complaint"):
        columns[column] = getattr(batch, column)[keep]
    columns["ticket_id"] = batch.ticket_id.filter(pa.array(keep))
    return replace(batch, **columns)


def abandonment_result(tally: Tally, base: dict[str, Any]) -> LevelResult:
    """Calls are answered or ended tickets; abandoned ones ended with no answer.

    With a `period`, the rate is judged period by period too, as timed promises are.
    """
    promise = tally.promise
    if not tally.calls:
        return LevelResult(status=Status.NO_DATA, calls=0, abandoned=0, max=promise.max, **base)
    rate = tally.abandoned / tally.calls
    periods = abandonment_periods(tally) if promise.period else ()
    kept = promise.max is not None and rate <= promise.max
    status = Status.PASS if kept and all(p.status != Status.FAIL for p in periods) else Status.FAIL
    return LevelResult(
        status=status,
        calls=tally.calls,
        abandoned=tally.abandoned,
        rate=round(rate, 6),
        max=promise.max,
        periods=periods,
        **base,
    )


def abandonment_periods(tally: Tally) -> tuple[PeriodResult, ...]:
    """Calls, abandoned calls and their rate in each period that has calls."""
    calls_p, abandoned_p = _cat(tally.call_periods), _cat(tally.abandoned_periods)
    keys = np.unique(calls_p)
    out = []
    for key, calls, abandoned in zip(
        keys, _counts(calls_p, keys), _counts(abandoned_p, keys), strict=True
    ):
        rate = int(abandoned) / int(calls)
        limit = tally.promise.max
        status = Status.PASS if limit is not None and rate <= limit else Status.FAIL
        name = label(int(key), tally.promise.period or "")
        out.append(
            PeriodResult(
                name,
                int(calls) - int(abandoned),
                int(abandoned),
                0,
                None,
                status,
                int(calls),
                int(abandoned),
                round(rate, 6),
            )
        )
    return tuple(out)


def timed_result(
    promise: Promise,
    base: dict[str, Any],
    met_p: _Ints,
    breached_p: _Ints,
    pending_p: _Ints,
    elapsed: _Ints,
    worst: tuple[Worst, ...],
) -> LevelResult:
    """Counts, attainment against the goal, its interval, percentiles and periods."""
    met, breached, pending = len(met_p), len(breached_p), len(pending_p)
    judged = met + breached
    attainment = met / judged if judged else None
    periods = period_results(promise, met_p, breached_p, pending_p) if promise.period else ()
    status = _status(attainment, promise.goal, periods)
    return LevelResult(
        status=status,
        clock=promise.clock,
        within_seconds=promise.within_seconds,
        within_days=promise.within_days,
        goal=promise.goal,
        met=met,
        breached=breached,
        pending=pending,
        attainment=None if attainment is None else round(attainment, 6),
        confidence=wilson(met, judged) if judged else None,
        meets_goal_at=target_meeting(elapsed, judged, promise.goal),
        p50_seconds=nearest_rank(elapsed, 0.5),
        p90_seconds=nearest_rank(elapsed, 0.9),
        worst=worst,
        periods=periods,
        **base,
    )


def target_meeting(elapsed: _Ints, judged: int, goal: float | None) -> int | None:
    """The least target under which `goal` of the judged tickets would have been met.

    Tickets never answered count as never meeting any target, so when fewer than `goal` of the
    judged tickets were answered at all, no target would do: None.
    """
    if goal is None or not judged:
        return None
    needed = max(1, math.ceil(goal * judged - 1e-9))
    if needed > len(elapsed):
        return None
    return int(np.partition(elapsed, needed - 1)[needed - 1])


def _status(
    attainment: float | None, goal: float | None, periods: Iterable[PeriodResult]
) -> Status:
    if attainment is None:
        return Status.NO_DATA
    if any(p.status == Status.FAIL for p in periods):
        return Status.FAIL  # judged period by period, as service contracts are
    return Status.PASS if goal is not None and attainment >= goal - 1e-12 else Status.FAIL


def period_results(
    promise: Promise, met_p: _Ints, breached_p: _Ints, pending_p: _Ints
) -> tuple[PeriodResult, ...]:
    """Met, breached, pending and attainment for each period that has tickets."""
    keys = np.unique(np.concatenate([met_p, breached_p, pending_p]))
    out = []
    for key, m, b, p in zip(
        keys, _counts(met_p, keys), _counts(breached_p, keys), _counts(pending_p, keys), strict=True
    ):
        judged = int(m) + int(b)
        attainment = int(m) / judged if judged else None
        status = _status(attainment, promise.goal, ())
        out.append(
            PeriodResult(
                label(int(key), promise.period or ""),
                int(m),
                int(b),
                int(p),
                None if attainment is None else round(attainment, 6),
                status,
            )
        )
    return tuple(out)


def _counts(values: _Ints, keys: _Ints) -> _Ints:
    ordered = np.sort(values)
    counts: _Ints = np.searchsorted(ordered, keys, "right") - np.searchsorted(ordered, keys)
    return counts


def paused_seconds(
    pauses: Pauses,
    statuses: Sequence[str],
    clock: Clock,
    keys: Any,
    start: _Ints,
    end: _Ints,
) -> _Ints:
    """Per ticket, the union of its pauses whose status pauses this clock, within [start, end].

    Pauses are sorted by ticket key, so each ticket's intervals are found by two binary searches
    and expanded without a loop; the clock measures their union (business time on its clock).
    """
    wanted = [pauses.statuses.index(s) for s in statuses if s in pauses.statuses]
    chosen = np.isin(pauses.status, wanted)
    p_key, p_start, p_end = pauses.key[chosen], pauses.paused_at[chosen], pauses.resumed_at[chosen]
    lo = np.searchsorted(p_key, keys, "left")
    counts = np.searchsorted(p_key, keys, "right") - lo
    total = int(counts.sum())
    if not total:
        return np.zeros(len(start), dtype=np.int64)
    owner = np.repeat(np.arange(len(start), dtype=np.int64), counts)
    index = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(lo, counts)
    return clock.paused(start, end, owner, p_start[index], p_end[index])
