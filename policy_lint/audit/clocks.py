"""The two clocks a promise can run on, behind one interface the measuring stage uses.

The calendar clock counts every second. The business clock counts only opening hours (the
business-time engine does the work) and turns a business-day target into a per-ticket limit: the
business seconds from the ticket's start to the same local time N business days later.

Both give each instant a position, seconds on the clock since a fixed origin, so elapsed time
is a difference of positions: the measuring stage finds each ticket's start position once and
times it against every event and deadline of every promise on the same tickets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from policy_lint.audit.arrays import Ints
from policy_lint.audit.promises import Promise

HEADROOM = 61 * 86400  # seconds a business calendar is compiled beyond the data it has met


class Clock(Protocol):
    """Positions of instants, elapsed time, each ticket's limit under a promise, paused time."""

    def positions(self, instants: Ints) -> Ints: ...

    def elapsed(self, starts: Ints, ends: Ints) -> Ints: ...

    def limit(self, starts: Ints, promise: Promise, positions: Ints | None = None) -> Ints: ...

    def paused(
        self, starts: Ints, ends: Ints, ticket: Ints, paused_at: Ints, resumed_at: Ints
    ) -> Ints: ...


class CalendarClock:
    """Every second counts; every unit has a fixed length."""

    def positions(self, instants: Ints) -> Ints:
        """The instants themselves: on this clock a second is a second."""
        return instants

    def elapsed(self, starts: Ints, ends: Ints) -> Ints:
        """Seconds from start to end (never negative)."""
        elapsed: Ints = np.maximum(ends - starts, 0)
        return elapsed

    def limit(self, starts: Ints, promise: Promise, positions: Ints | None = None) -> Ints:
        """The promise's fixed length for every ticket."""
        seconds = promise.within_seconds if promise.within_seconds is not None else 0
        return np.full(len(starts), seconds, dtype=np.int64)

    def paused(
        self, starts: Ints, ends: Ints, ticket: Ints, paused_at: Ints, resumed_at: Ints
    ) -> Ints:
        """Per ticket, the union of its pauses within its window, every second counted."""
        from policy_lint.audit import business_time

        calendar = business_time.always_open()
        return business_time.paused_seconds(calendar, starts, ends, ticket, paused_at, resumed_at)


@dataclass(slots=True)
class BusinessClock:
    """Only opening hours count, in the policy's time zone, less holidays.

    The calendar is compiled over the data met so far and recompiled wider when data reaches
    past it; positions are counted from `origin`, an instant every compiled calendar covers, so
    positions found before a recompile still compare with those found after it.
    """

    business_hours: dict[str, Any]
    compiled: tuple[Any, int] | None = None  # the calendar, and B(origin) in its table
    span: tuple[int, int] = field(default=(0, -1))
    origin: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def calendar(self) -> Any:
        """The calendar compiled so far (None before any data)."""
        return self.compiled[0] if self.compiled is not None else None

    def _covering(self, low: int, high: int) -> tuple[Any, int]:
        """The compiled calendar and B(origin) in it, recompiled wider when the data reaches
        past its span. Batches are timed on several threads: one compiles, the others wait,
        and each uses the calendar it was handed (positions compare across calendars)."""
        from policy_lint.audit import business_time

        with self.lock:
            compiled = self.compiled
            if compiled is None or low < self.span[0] or high > self.span[1]:
                if compiled is None:
                    self.origin = low
                else:  # grow, never shrink: earlier batches stay covered
                    low, high = min(low, self.span[0]), max(high, self.span[1])
                # headroom: an export in time order would otherwise recompile at every batch
                low, high = low - HEADROOM, high + HEADROOM
                calendar = business_time.compile_calendar(self.business_hours, low, high)
                origin = np.array([self.origin], dtype=np.int64)
                compiled = (calendar, int(business_time.business_positions(calendar, origin)[0]))
                self.compiled = compiled
                self.span = (low, high)  # compile_calendar pads beyond it, for later deadlines
            return compiled

    def positions(self, instants: Ints) -> Ints:
        """Business seconds from the origin to each instant (negative before it)."""
        from policy_lint.audit import business_time

        if not len(instants):
            return np.zeros(0, dtype=np.int64)
        calendar, origin = self._covering(int(instants.min()), int(instants.max()))
        positions: Ints = business_time.business_positions(calendar, instants)
        return positions - origin

    def elapsed(self, starts: Ints, ends: Ints) -> Ints:
        """Business seconds from start to end."""
        from policy_lint.audit import business_time

        if not len(starts):
            return np.zeros(0, dtype=np.int64)
        calendar, _ = self._covering(int(starts.min()), int(ends.max()))
        seconds: Ints = business_time.business_seconds(calendar, starts, ends)
        return seconds

    def limit(self, starts: Ints, promise: Promise, positions: Ints | None = None) -> Ints:
        """Fixed business seconds, or for `Nd` the business seconds to N business days later.

        `positions` are the starts' positions when the caller has them already.
        """
        from policy_lint.audit import business_time

        if promise.within_days is None:
            return CalendarClock().limit(starts, promise)
        if not len(starts):
            return np.zeros(0, dtype=np.int64)
        if positions is None:
            positions = self.positions(starts)
        calendar, origin = self._covering(int(starts.min()), int(starts.max()))
        table = positions + origin
        limit: Ints = business_time.business_day_limit(calendar, starts, table, promise.within_days)
        return limit

    def paused(
        self, starts: Ints, ends: Ints, ticket: Ints, paused_at: Ints, resumed_at: Ints
    ) -> Ints:
        """Per ticket, the business time of the union of its pauses within its window."""
        from policy_lint.audit import business_time

        if not len(starts):
            return np.zeros(0, dtype=np.int64)
        calendar, _ = self._covering(int(starts.min()), int(ends.max()))
        return business_time.paused_seconds(calendar, starts, ends, ticket, paused_at, resumed_at)
