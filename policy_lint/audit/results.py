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
    """A promise's verdict (verdict.py): kept even in the worst case the data allows; broken by
    the tickets measured alone; not settled by the data; nothing to judge; or not measurable."""

    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"
    NO_DATA = "no-data"
    UNMEASURED = "unmeasured"


@dataclass(frozen=True, slots=True)
class Worst:
    """A breached ticket that took longest, with its elapsed time under the promise's clock.

    For a ticket the event never reached (`answered` false), the time is how long it waited:
    until it was closed without it (`closed`: an abandoned call, an email solved unanswered), or
    until as_of. Such a ticket is never listed among the slow answers.
    """

    ticket_id: str
    elapsed_seconds: int
    row: int
    file: str
    answered: bool = True
    closed: bool = False


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
    doubt: int = 0  # doubtful tickets that could fall in this period
    worst_case: float | None = None  # attainment (rate) were every one of them a breach


@dataclass(frozen=True, slots=True)
class LevelResult:
    """One promise measured; timed and abandonment promises fill their own fields."""

    id: str
    channel: str
    metric: str
    status: Status
    line: int = 0  # where the promise stands in the policy (for pytest's reportinfo)
    priorities: tuple[str, ...] | None = None  # the priorities it covers; None: every one
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
    # what the data could not settle (verdict.py): doubtful tickets by kind (scopes.KINDS),
    # the attainment (or rate) were every one a breach, and what the export does not carry
    doubt: tuple[tuple[str, int], ...] = ()
    worst_case: float | None = None
    missing: tuple[str, ...] = ()  # canonical fields (or `pauses`) the export lacks
    no_event: int = 0  # breached tickets the event never reached by as_of
    unanswered: tuple[Worst, ...] = ()  # the longest-waiting of them

    @property
    def doubtful(self) -> int:
        """Doubtful tickets of every kind."""
        return sum(count for _, count in self.doubt)


@dataclass(frozen=True, slots=True)
class RejectedSummary:
    """A rejected row as the report lists it."""

    row: int
    ticket_id: str | None
    reason: str
    file: str


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """One export of the audit: how it was read, what it gave, the zone of its local times."""

    file: str
    source: str  # the adapter chosen
    read: int
    measured: int
    timezone: str  # where times written without an offset were placed
    timezone_source: str | None = None  # why that zone (`--timezone`, the policy's…)
    local_times: int | None = None  # how many times were written without an offset
    bytes_read: int | None = None  # the file's bytes, unchanged from its opening to its end


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
    files: tuple[ExportSummary, ...] = ()
    unknown_values: tuple[tuple[str, str, int], ...] = ()  # (field, value, rows) nothing reads
    # the pause file's intervals that could not be used: their tickets' elapsed times keep
    # that pause, so they are upper bounds there (harsher, never kinder)
    pause_rejected: int = 0
    pause_rejected_by_reason: tuple[tuple[str, int], ...] = ()
    pause_rejected_rows: tuple[RejectedSummary, ...] = ()

    @property
    def status(self) -> Status:
        """`fail` when any promise fails; else `inconclusive` when any is, or when no ticket at
        all was measured (a gate must not go green on what it could not see); else `pass`.
        No-data and unmeasured promises do not fail."""
        found = {r.status for r in self.results}
        if Status.FAIL in found:
            return Status.FAIL
        if Status.INCONCLUSIVE in found or not self.measured:
            return Status.INCONCLUSIVE
        return Status.PASS
