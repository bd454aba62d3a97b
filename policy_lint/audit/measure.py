"""Service levels × tickets → LevelResults: the one place the audit counts (the contract).

Tickets arrive in batches. For a ticket whose event happened, met or breached is final at once;
for one still pending, the verdict depends on `as_of`, which by default is the latest timestamp of
the whole export, so those few tickets are kept and judged at the end. Nothing loops over tickets
in Python: every step is an array operation on a batch. What a batch leaves behind is counts
(per period), the exact distribution of elapsed seconds, the worst few tickets and the pending
ones, so memory does not grow with the number of tickets answered.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from policy_lint.audit.arrays import Bools, Ints
from policy_lint.audit.clocks import Clock
from policy_lint.audit.instants import MISSING
from policy_lint.audit.periods import PeriodCounts
from policy_lint.audit.promises import Promise
from policy_lint.audit.results import RATIO_EDGES, LevelResult, Worst
from policy_lint.audit.scopes import (
    NO_COLUMN,
    NO_PRIORITY,
    NOT_MARKED,
    REJECTED,
    Coverage,
    Scope,
    eligible,
    might_be,
    of_priority,
    scope_of,
    without_priority,
)
from policy_lint.audit.statistics import Distribution
from policy_lint.audit.tickets import Pauses, TicketBatch
from policy_lint.audit.verdict import Doubt, abandonment_result, timed_result, unmeasured

WORST = 5
_INT32_MAX = np.iinfo(np.int32).max
_EDGES = np.array(RATIO_EDGES)


@dataclass(slots=True)
class _Pending:
    """Tickets whose event had not happened when their batch was read: judged against as_of."""

    created: list[Ints] = field(default_factory=list)
    keys: list[np.ndarray[Any, Any]] = field(default_factory=list)
    periods: list[Ints] = field(default_factory=list)
    ids: list[pa.Array] = field(default_factory=list)
    rows: list[Ints] = field(default_factory=list)
    files: list[Ints] = field(default_factory=list)
    ended: list[Ints] = field(default_factory=list)  # closed without the event: when


@dataclass(slots=True)
class Tally:
    """What one promise has counted so far: counts, a distribution, the worst and the pending."""

    promise: Promise
    counts: PeriodCounts = field(default_factory=PeriodCounts)  # met, breached, calls, abandoned
    elapsed: Distribution = field(default_factory=Distribution)  # of the answered tickets
    worst: list[Worst] = field(default_factory=list)
    pending: _Pending = field(default_factory=_Pending)
    histogram: Ints = field(default_factory=lambda: np.zeros(len(RATIO_EDGES) + 1, dtype=np.int64))
    doubt: dict[str, int] = field(default_factory=dict)  # doubtful tickets by kind
    unplaced: int = 0  # of them, those of no known period
    missing: dict[str, None] = field(default_factory=dict)  # fields an export lacks, in order

    def absorb(self, other: Tally) -> None:
        """Add what `other` counted (one batch's tally of the same promise) to this one."""
        self.counts.absorb(other.counts)
        for kind, count in other.doubt.items():
            self.doubt[kind] = self.doubt.get(kind, 0) + count
        self.unplaced += other.unplaced
        self.missing.update(other.missing)
        self.elapsed.absorb(other.elapsed)
        if other.worst:
            self.worst = _ranked([*self.worst, *other.worst])
        for mine, theirs in zip(_lists(self.pending), _lists(other.pending), strict=True):
            mine.extend(theirs)
        self.histogram += other.histogram


def _lists(pending: _Pending) -> tuple[list[Any], ...]:
    return (
        pending.created,
        pending.keys,
        pending.periods,
        pending.ids,
        pending.rows,
        pending.files,
        pending.ended,
    )


def _ranked(worst: Iterable[Worst]) -> list[Worst]:
    """The WORST longest, ties by file and row: the same whatever order they were found in."""
    return sorted(worst, key=lambda w: (-w.elapsed_seconds, w.file, w.row))[:WORST]


@dataclass(frozen=True, slots=True)
class Counted:
    """One batch counted for every promise (None: not measured), and its latest timestamp."""

    latest: int
    tallies: tuple[Tally | None, ...]


@dataclass(frozen=True, slots=True)
class _Timing:
    """One batch's tickets of a scope timed to one event on one clock: shared by promises."""

    answered: Ints  # batch rows where the event happened
    elapsed: Ints  # their elapsed seconds on the clock, paused time taken off
    starts: Ints  # their starts' positions on the clock
    pending: Ints  # batch rows where it has not happened yet


@dataclass(slots=True)
class Measurer:
    """Counts every promise over a stream of batches, then judges them against as_of."""

    promises: Sequence[Promise]
    channels: Sequence[str]
    clocks: Callable[[str], Clock]
    pauses: Pauses | None
    periods: Callable[[Ints, str], Ints]
    as_of: int | None = None  # fixed by --as-of; else the latest timestamp seen
    files: Sequence[str] = ()
    coverage: Sequence[Coverage] = ()  # what each export carries, by file index
    latest: int = int(MISSING)
    tallies: list[Tally] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.coverage) != len(self.files):
            raise ValueError("a Measurer needs the coverage of every export it measures")
        self.tallies = [Tally(p) for p in self.promises]
        self.scopes = [scope_of(p, self.channels) for p in self.promises]

    def add(self, batch: TicketBatch) -> None:
        """Count one batch for every measured promise."""
        self.merge(self.count(batch))

    def count(self, batch: TicketBatch) -> Counted:
        """One batch counted for every measured promise, apart from the audit's tallies.

        Changes nothing of the Measurer's, so batches may be counted on several threads at once
        (the clocks are safe to share) as long as they are merged in order.
        """
        batch = self._as_of_view(batch)
        cover = self.coverage[batch.file_index]
        tallies = tuple(Tally(p) if p.measured else None for p in self.promises)
        rows: dict[tuple[Any, ...], Ints] = {}  # the tickets of a scope, shared by its promises
        starts: dict[tuple[Any, ...], Ints] = {}  # their start positions on a clock
        timings: dict[tuple[Any, ...], _Timing] = {}  # and their elapsed times
        for tally, scope in zip(tallies, self.scopes, strict=True):
            if tally is None:
                continue
            promise = tally.promise
            if scope.tickets not in rows:
                rows[scope.tickets] = np.flatnonzero(eligible(batch, scope))
            scoped = rows[scope.tickets]
            self._doubtful(tally, batch, scope, scoped, cover)
            if promise.metric == "abandonment_rate":
                self._abandonment(tally, batch, of_priority(batch, scoped, scope), cover)
                continue
            assert promise.event is not None
            if not cover.tells(promise.event):  # the export cannot time it: none is measured
                created = batch.created_at[of_priority(batch, scoped, scope)]
                self._doubt(tally, NO_COLUMN, created, promise.event)
                continue
            on_clock = (scope.tickets, promise.clock)
            if on_clock not in starts:
                clock = self.clocks(promise.clock)
                starts[on_clock] = clock.positions(batch.created_at[scoped])
            key = (scope.tickets, promise.event, promise.clock, promise.pause_on)
            if key not in timings:
                timings[key] = self._timing(promise, batch, scoped, starts[on_clock])
            self._timed(tally, batch, scope, timings[key])
        return Counted(_latest(batch), tallies)

    def merge(self, counted: Counted) -> None:
        """Add a counted batch to the audit's tallies (batches in file and row order)."""
        self.latest = max(self.latest, counted.latest)
        for tally, part in zip(self.tallies, counted.tallies, strict=True):
            if part is not None:
                tally.absorb(part)

    def _as_of_view(self, batch: TicketBatch) -> TicketBatch:
        """With a fixed as_of, tickets created later do not exist yet, nor later events."""
        if self.as_of is None:
            return batch
        return as_of_view(batch, self.as_of)

    def _doubtful(
        self, tally: Tally, batch: TicketBatch, scope: Scope, scoped: Ints, cover: Coverage
    ) -> None:
        """The batch's tickets the promise might cover without measuring them (scopes.py)."""
        if batch.doubtful is not None:
            maybe = might_be(batch.doubtful, scope, self.as_of)
            if maybe.any():
                self._doubt(tally, REJECTED, batch.doubtful.created_at[maybe])
        if scope.complaints and not cover.tells("is_complaint"):
            self._doubt(tally, NOT_MARKED, batch.created_at, "is_complaint")  # any could be one
        unknown = without_priority(batch, scoped, scope)
        lacking = None if cover.tells("priority") else "priority"
        self._doubt(tally, NO_PRIORITY, batch.created_at[unknown], lacking)

    def _doubt(self, tally: Tally, kind: str, created: Ints, lacking: str | None = None) -> None:
        """Count doubtful tickets of one kind, each in the period it was created in if known;
        `lacking` names the field the export does not carry that made them doubtful."""
        if not len(created):
            return
        if lacking is not None:
            tally.missing[lacking] = None
        tally.doubt[kind] = tally.doubt.get(kind, 0) + len(created)
        known = created != MISSING
        placed = created if known.all() else created[known]
        tally.unplaced += len(created) - len(placed)
        if len(placed):
            keys = self._period_keys(placed, tally.promise)
            tally.counts.add("doubt", keys, np.ones(len(placed), dtype=bool))

    def _abandonment(self, tally: Tally, batch: TicketBatch, rows: Ints, cover: Coverage) -> None:
        created = batch.created_at[rows]
        if not cover.tells("first_response_at"):  # answered or not, nobody can say
            self._doubt(tally, NO_COLUMN, created, "first_response_at")
            return
        answered = batch.first_response_at[rows] != MISSING
        ended = batch.resolved_at[rows] != MISSING
        if not cover.tells("resolved_at"):  # an unanswered ticket may be an abandoned call
            self._doubt(tally, NO_COLUMN, created[~answered], "resolved_at")
        keys = self._period_keys(created, tally.promise)
        tally.counts.add("calls", keys, answered | ended)
        tally.counts.add("abandoned", keys, ~answered & ended)

    def _timing(self, promise: Promise, batch: TicketBatch, rows: Ints, positions: Ints) -> _Timing:
        """Elapsed time to the promise's event for the scope's tickets where it happened."""
        assert promise.event is not None
        event = getattr(batch, promise.event)[rows]
        happened = event != MISSING
        answered, end, starts = rows[happened], event[happened], positions[happened]
        clock = self.clocks(promise.clock)
        elapsed = np.maximum(clock.positions(end) - starts, 0)
        if promise.pause_on and self.pauses is not None:
            start = batch.created_at[answered]
            elapsed = elapsed - self._paused(promise, clock, batch.key[answered], start, end)
        return _Timing(answered, elapsed, starts, rows[~happened])

    def _timed(self, tally: Tally, batch: TicketBatch, scope: Scope, timing: _Timing) -> None:
        answered, elapsed, starts = timing.answered, timing.elapsed, timing.starts
        pending = timing.pending
        if scope.priorities is not None:
            keep = scope.priorities[batch.priority[answered]]
            answered, elapsed, starts = answered[keep], elapsed[keep], starts[keep]
            pending = of_priority(batch, pending, scope)
        if len(answered):
            self._judge(tally, batch, answered, elapsed, starts)
        if len(pending):
            self._keep_pending(tally, batch, pending)

    def _judge(
        self, tally: Tally, batch: TicketBatch, answered: Ints, elapsed: Ints, starts: Ints
    ) -> None:
        """Met or breached, final at once for tickets whose event happened."""
        promise = tally.promise
        start = batch.created_at[answered]
        limit = self.clocks(promise.clock).limit(start, promise, starts)
        met = elapsed <= limit
        if promise.within_days is not None:  # a limit per ticket: the ratios bin by bin now
            bins = np.searchsorted(_EDGES, elapsed / np.maximum(limit, 1), side="left")
            tally.histogram += np.bincount(bins, minlength=len(RATIO_EDGES) + 1)
        keys = self._period_keys(start, promise)
        tally.counts.add("met", keys, met)
        tally.counts.add("breached", keys, ~met)
        tally.elapsed.add(np.minimum(elapsed, _INT32_MAX))
        if not met.all():
            self._keep_worst(tally, batch, answered[~met], elapsed[~met])

    def _keep_pending(self, tally: Tally, batch: TicketBatch, rows: Ints) -> None:
        """Tickets whose event has not happened yet: their verdict waits for as_of."""
        created = batch.created_at[rows]
        tally.pending.created.append(created)
        tally.pending.keys.append(batch.key[rows])
        keys = self._period_keys(created, tally.promise)
        if keys is not None:
            tally.pending.periods.append(keys)
        tally.pending.ids.append(batch.ticket_id.take(pa.array(rows)))
        tally.pending.rows.append(batch.row[rows])
        tally.pending.files.append(np.full(len(rows), batch.file_index, dtype=np.int64))
        tally.pending.ended.append(batch.resolved_at[rows])

    def _period_keys(self, instants: Ints, promise: Promise) -> np.ndarray[Any, Any] | None:
        """Each ticket's period key (int32), or None when the promise has no period."""
        if not promise.period:
            return None
        return self.periods(instants, promise.period).astype(np.int32)

    def _keep_worst(self, tally: Tally, batch: TicketBatch, rows: Ints, elapsed: Ints) -> None:
        """The few breached tickets that took longest, of this batch and those before."""
        top = _longest(elapsed, WORST)
        tally.worst.extend(
            Worst(
                str(batch.ticket_id[int(rows[i])]),
                int(elapsed[i]),
                int(batch.row[rows[i]]),
                self._file(batch.file_index),
            )
            for i in top
        )
        tally.worst = _ranked(tally.worst)

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
            "priorities": promise.priorities,
        }
        if not promise.measured:
            return unmeasured(base)
        doubt = Doubt(dict(tally.doubt), tally.unplaced)
        if promise.metric == "abandonment_rate":
            base["missing"] = tuple(tally.missing)
            return abandonment_result(promise, base, tally.counts, doubt)
        return self._timed_result(tally, as_of, base, doubt)

    def _timed_result(
        self, tally: Tally, as_of: int, base: dict[str, Any], doubt: Doubt
    ) -> LevelResult:
        promise = tally.promise
        clock = self.clocks(promise.clock)
        created = _cat(tally.pending.created)
        ends = np.full(len(created), as_of, dtype=np.int64)
        keys = _cat(tally.pending.keys, np.uint64)
        waited = clock.elapsed(created, ends) - self._paused(promise, clock, keys, created, ends)
        late = waited > clock.limit(created, promise)
        periods = _cat(tally.pending.periods) if promise.period else None
        tally.counts.add("breached", periods, late)
        tally.counts.add("pending", periods, ~late)
        histogram = tally.histogram
        if promise.within_days is None:  # one limit for all: the distribution has the counts
            histogram = ratio_histogram(tally.elapsed, promise.within_seconds or 0)
        unpaused = bool(promise.pause_on) and self.pauses is None  # elapsed are upper bounds
        missing = (*tally.missing, *(("pauses",) if unpaused else ()))
        base = base | {
            "histogram": tuple(int(count) for count in histogram),
            "worst": tuple(tally.worst),
            "no_event": int(np.count_nonzero(late)),
            "unanswered": self._unanswered(tally, created, late, as_of),
            "missing": missing,
        }
        return timed_result(promise, base, tally.counts, tally.elapsed, doubt, unpaused)

    def _paused(self, promise: Promise, clock: Clock, keys: Any, start: Ints, end: Ints) -> Ints:
        if not promise.pause_on or self.pauses is None or not len(start):
            return np.zeros(len(start), dtype=np.int64)
        return paused_by_status(self.pauses, promise.pause_on, clock, keys, start, end)

    def _unanswered(
        self, tally: Tally, created: Ints, late: Bools, as_of: int
    ) -> tuple[Worst, ...]:
        """The breached tickets the event never reached that waited longest: until they were
        closed without it, or until as_of. Never ranked among the slow answers."""
        if not late.any():
            return ()
        promise, clock = tally.promise, self.clocks(tally.promise.clock)
        chosen = np.flatnonzero(late)
        ended = _cat(tally.pending.ended)[chosen]
        closed = ended != MISSING
        start, end = created[chosen], np.where(closed, ended, as_of)
        keys = _cat(tally.pending.keys, np.uint64)[chosen]
        waited = clock.elapsed(start, end) - self._paused(promise, clock, keys, start, end)
        ids = pa.concat_arrays(tally.pending.ids)
        rows, files = _cat(tally.pending.rows)[chosen], _cat(tally.pending.files)[chosen]
        found = [
            Worst(
                str(ids[int(chosen[i])]),
                int(waited[i]),
                int(rows[i]),
                self._file(int(files[i])),
                answered=False,
                closed=bool(closed[i]),
            )
            for i in _longest(waited, WORST)
        ]
        return tuple(_ranked(found))


def _longest(elapsed: Ints, count: int) -> Ints:
    """The indices of the `count` largest values, ties to the earliest index, in O(n).

    A tie at the last place must go to the earliest row whatever the batch size, so that the
    worst tickets of a report do not depend on how the export was cut into batches.
    """
    count = min(count, len(elapsed))
    if not count:
        return np.zeros(0, dtype=np.int64)
    least = np.partition(elapsed, len(elapsed) - count)[len(elapsed) - count]
    top = np.flatnonzero(elapsed >= least)
    if len(top) > count:
        top = top[np.lexsort((top, -elapsed[top]))[:count]]
    return top


def ratio_histogram(elapsed: Distribution, limit: int) -> Ints:
    """Answered tickets by elapsed / limit in the bins of RATIO_EDGES, for one fixed limit.

    elapsed / limit <= edge exactly when elapsed <= floor(edge * limit): the edges are short
    binary fractions, so edge * limit is exact and no ticket changes bin by rounding.
    """
    limit = max(limit, 1)
    at_most = [elapsed.count_at_most(math.floor(edge * limit)) for edge in RATIO_EDGES]
    cumulative = np.array([0, *at_most, elapsed.count], dtype=np.int64)
    bins: Ints = cumulative[1:] - cumulative[:-1]
    return bins


def _cat(parts: Sequence[Any], dtype: Any = np.int64) -> Any:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _latest(batch: TicketBatch) -> int:
    latest = int(MISSING)
    for column in ("created_at", "first_response_at", "resolved_at", "acknowledged_at"):
        values: Ints = getattr(batch, column)
        if len(values):
            latest = max(latest, int(values.max()))
    return latest


def as_of_view(batch: TicketBatch, as_of: int) -> TicketBatch:
    """The batch as it stood at `as_of`: later tickets dropped, later events not yet happened."""
    from dataclasses import replace

    keep = batch.created_at <= as_of
    columns: dict[str, Any] = {}
    for column in ("first_response_at", "resolved_at", "acknowledged_at"):
        values: Ints = getattr(batch, column)
        columns[column] = np.where(values > as_of, MISSING, values)[keep]
    for column in ("row", "key", "channel", "priority", "created_at", "is_complaint"):
        columns[column] = getattr(batch, column)[keep]
    columns["ticket_id"] = batch.ticket_id.filter(pa.array(keep))
    return replace(batch, **columns)


def paused_by_status(
    pauses: Pauses,
    statuses: Sequence[str],
    clock: Clock,
    keys: Any,
    start: Ints,
    end: Ints,
) -> Ints:
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
