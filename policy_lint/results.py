"""The plain data an audit produces, in the field order of the audit JSON contract.

LevelResult is one promise measured; AuditReport is the whole audit. Reporters and the pytest
plugin read these and nothing else, so every count comes from measure.py alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Elapsed time as a share of the ticket's own limit: the edges of the bins of `histogram`.
# A ratio of at most 1 is a kept promise; the report must not grow with rows, so bins are fixed.
RATIO_EDGES = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0)


class Status(StrEnum):
    """A promise's verdict: kept, broken, not enough tickets to say, or not measurable."""

    PASS = "pass"
    FAIL = "fail"
    NO_DATA = "no-data"
    UNMEASURED = "unmeasured"


@dataclass(frozen=True, slots=True)
class Worst:
    """A ticket that took longest, with its elapsed time under the promise's clock."""

    ticket_id: str
    elapsed_seconds: int
    row: int
    file: str


@dataclass(frozen=True, slots=True)
class PeriodResult:
    """One week, month or quarter of a promise with a `period`."""

    period: str
    met: int
    breached: int
    pending: int
    attainment: float | None
    status: Status
    calls: int | None = None  # an abandonment promise's period: calls, abandoned, their rate
    abandoned: int | None = None
    rate: float | None = None


@dataclass(frozen=True, slots=True)
class LevelResult:
    """One promise measured; timed and abandonment promises fill their own fields."""

    id: str
    channel: str
    metric: str
    status: Status
    line: int = 0  # where the promise stands in the policy (for pytest's reportinfo)
    clock: str | None = None
    within_seconds: int | None = None
    within_days: int | None = None  # a business-day target: `2d` under the business clock
    goal: float | None = None
    met: int = 0
    breached: int = 0
    pending: int = 0
    attainment: float | None = None
    confidence: tuple[float, float] | None = None  # Wilson 95 % interval of the attainment
    p50_seconds: int | None = None
    p90_seconds: int | None = None
    worst: tuple[Worst, ...] = ()
    periods: tuple[PeriodResult, ...] = ()
    histogram: tuple[int, ...] = ()  # answered tickets by elapsed / limit, bins of RATIO_EDGES
    meets_goal_at: int | None = None  # the target (seconds on its clock) that history would meet
    calls: int | None = None
    abandoned: int | None = None
    rate: float | None = None
    max: float | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RejectedSummary:
    """A rejected row as the report lists it."""

    row: int
    ticket_id: str | None
    reason: str
    file: str


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The whole audit: what was read, every promise's result, every rejected row counted."""

    policy: str
    revision: str | None
    as_of: str | None  # None: no timestamp was read and --as-of was not given
    read: int
    measured: int
    rejected: int
    undeclared_channels: tuple[tuple[str, int], ...]
    results: tuple[LevelResult, ...]
    rejected_rows: tuple[RejectedSummary, ...]
    rejected_by_reason: tuple[tuple[str, int], ...]
    sources: tuple[tuple[str, str], ...] = ()  # (file, adapter chosen)

    @property
    def status(self) -> Status:
        """`fail` when any promise fails, else `pass` (no-data and unmeasured do not fail)."""
        return Status.FAIL if any(r.status == Status.FAIL for r in self.results) else Status.PASS
