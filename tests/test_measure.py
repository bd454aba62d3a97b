"""measure.py against small exports whose every figure is worked by hand in a comment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from policy_lint.audit.clocks import CalendarClock, Clock
from policy_lint.audit.measure import Measurer
from policy_lint.audit.periods import period_keys
from policy_lint.audit.promises import compile_promises
from policy_lint.audit.results import LevelResult, Status
from policy_lint.audit.scopes import coverage_of
from policy_lint.audit.statistics import wilson
from policy_lint.audit.tickets import open_tickets
from policy_lint.lint.load import load_path
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "audit"


def measure(
    policy: Path, export: Path, batch_size: int = 1000
) -> tuple[int, dict[str, LevelResult]]:
    doc = load_path(policy).document
    assert doc is not None
    channels = tuple(doc.get("/channels") or {})
    stream = open_tickets([export], policy_channels=channels, batch_size=batch_size)
    clocks: dict[str, Clock] = {"calendar": CalendarClock()}
    measurer = Measurer(compile_promises(doc), stream.channels, clocks.__getitem__, None,
                        lambda t, p: period_keys(t, p, "UTC"), None, [str(export)],
                        [coverage_of(f) for f in stream.files])  # fmt: skip
    for batch in stream:
        measurer.add(batch)
    as_of, results = measurer.finish()
    return as_of, {result.id: result for result in results}


@pytest.mark.parametrize("batch_size", [1, 2, 3, 1000])
def test_calendar_clock_counts(batch_size: int) -> None:
    as_of, results = measure(DATA / "calendar-policy.yaml", DATA / "calendar.csv", batch_size)
    # as_of is the latest timestamp in the export: E3's first response, 2026-06-01T01:00:00Z
    assert as_of == 1_780_275_600

    first = results["email-first"]
    # E1 answered in 30 min (met), E2 in exactly 60 min (met: elapsed <= within),
    # E3 in 2 h (breached); E4 unanswered, 1 h old at as_of: not yet past 1 h, pending.
    assert (first.met, first.breached, first.pending) == (2, 1, 1)
    assert first.attainment == pytest.approx(2 / 3, abs=1e-6)
    assert first.status == Status.FAIL  # 66.7 % < 75 %
    # elapsed of the answered: 1800, 3600, 7200; nearest rank p50 = 2nd = 3600, p90 = 3rd = 7200
    assert (first.p50_seconds, first.p90_seconds) == (3600, 7200)
    assert [(w.ticket_id, w.elapsed_seconds) for w in first.worst] == [("E3", 7200)]
    # elapsed over limit: 0.5 in (1/4, 1/2], 1.0 in (3/4, 1], 2.0 in (3/2, 2]
    assert first.histogram == (0, 1, 0, 1, 0, 1, 0, 0, 0)

    resolution = results["email-resolution"]
    # E1 resolved in 3 h (met), E2 in 48 h (breached); E3 and E4 open 2 h and 1 h (pending)
    assert (resolution.met, resolution.breached, resolution.pending) == (1, 1, 2)
    assert resolution.status == Status.PASS  # 50 % >= 50 %
    # by month of created_at: May holds E1, E2, E3 (E3 created 23:00 on 31 May); June holds E4
    assert [(p.period, p.met, p.breached, p.pending, p.status) for p in resolution.periods] == [
        ("2026-05", 1, 1, 1, Status.PASS),
        ("2026-06", 0, 0, 1, Status.NO_DATA),
    ]

    answer = results["phone-answer"]
    # P1, P3, P4 answered in 20 s, 10 s, 5 s (met); P2 and P5 never answered and long past 30 s
    # at as_of (breached: an abandoned call is not excused): 3 of 5 = 60 % >= 50 %
    assert (answer.met, answer.breached, answer.pending, answer.status) == (3, 2, 0, Status.PASS)
    # elapsed over limit: 10/30, 20/30 in (1/4, 3/4]; 5/30 in [0, 1/4]
    assert answer.histogram == (1, 1, 1, 0, 0, 0, 0, 0, 0)

    abandonment = results["phone-abandonment"]
    # calls are answered or ended: P1-P4 (P5 neither); P2 ended unanswered: 1 of 4 = 25 % > 20 %
    assert (abandonment.calls, abandonment.abandoned, abandonment.rate) == (4, 1, 0.25)
    assert abandonment.status == Status.FAIL
    # by month: every call was in May 2026
    assert [(p.period, p.calls, p.abandoned, p.rate, p.status) for p in abandonment.periods] == [
        ("2026-05", 4, 1, 0.25, Status.FAIL)
    ]


def test_wilson_interval_says_when_few_tickets_cannot_support_a_claim() -> None:
    # 40 of 40 met: the interval's lower end is 91.2 %, below a 95 % goal
    low, high = wilson(40, 40)
    assert (low, high) == (0.912378, 1.0)
    assert wilson(0, 10)[0] == 0.0


def nearest_rank(values: Any, quantile: float) -> int | None:
    """The nearest-rank percentile by its definition, over every value: the reference."""
    import math

    import numpy as np

    if not len(values):
        return None
    rank = max(1, math.ceil(quantile * len(values)))
    return int(np.sort(values)[rank - 1])


def test_nearest_rank_returns_an_observed_value() -> None:
    import numpy as np

    from policy_lint.audit.statistics import Distribution

    counted = Distribution()
    counted.add(np.array([5, 1, 3, 2, 4]))
    assert counted.nearest_rank(0.5) == 3
    assert counted.nearest_rank(0.9) == 5
    assert Distribution().nearest_rank(0.5) is None


@pytest.mark.parametrize("dense", [0, 10, 1 << 16])
@pytest.mark.parametrize("buffer", [1, 3, 1000])
def test_distribution_gives_the_percentiles_of_every_value_it_counted(
    buffer: int, dense: int
) -> None:
    # a buffer of 1 folds after every batch, 3 now and then, 1000 only when asked; values under
    # `dense` go to the fixed table, the others to the sorted one, and -3 (which no clock gives)
    # would still be counted in its place
    import numpy as np

    from policy_lint.audit.statistics import Distribution

    rng = np.random.default_rng(5)
    batches = [rng.integers(-3, 50, size) for size in (0, 1, 7, 40, 3, 200)]
    counted = Distribution(buffer, dense)
    for batch in batches:
        counted.add(batch)
    every = np.concatenate(batches)
    assert counted.count == len(every) == 251
    assert counted.distinct == len(np.unique(every))  # the table holds each value once
    for quantile in (0.0, 0.01, 0.5, 0.9, 0.999, 1.0):
        assert counted.nearest_rank(quantile) == nearest_rank(every, quantile)
    ordered = np.sort(every)
    assert [counted.kth(k) for k in (1, 17, 251)] == [ordered[0], ordered[16], ordered[250]]
    with pytest.raises(ValueError, match=r"rank 252 outside 1\.\.251"):
        counted.kth(252)
    assert Distribution().nearest_rank(0.5) is None
    for value in (-4, -3, 0, 9, 10, 25, 49, 50):
        assert counted.count_at_most(value) == int(np.count_nonzero(every <= value))


@pytest.mark.parametrize("limit", [0, 1, 3, 45, 7200])
def test_the_histogram_of_a_fixed_limit_comes_from_the_distribution(limit: int) -> None:
    # binning every ticket's elapsed / limit (as a limit per ticket must be) and counting the
    # distribution below edge x limit give the same bins, at the edges too
    import numpy as np

    from policy_lint.audit.measure import ratio_histogram
    from policy_lint.audit.results import RATIO_EDGES
    from policy_lint.audit.statistics import Distribution

    values = np.random.default_rng(limit).integers(0, 6 * max(limit, 1) + 2, 500)
    edges = np.array(RATIO_EDGES)
    values = np.concatenate([values, np.floor(edges * max(limit, 1)).astype(np.int64)])
    counted = Distribution(dense=50)
    counted.add(values)
    bins = np.searchsorted(edges, values / max(limit, 1), side="left")
    expected = np.bincount(bins, minlength=len(RATIO_EDGES) + 1)
    assert ratio_histogram(counted, limit).tolist() == expected.tolist()


def test_business_positions_still_compare_after_the_calendar_grows() -> None:
    # Mon-Fri 09:00-17:00 in Riga. Positions of January, then of next December (the calendar
    # is compiled again, wider), then of January again: the same numbers, and differences of
    # positions are the business seconds between the instants.
    import numpy as np

    from policy_lint.audit.business_time import business_seconds
    from policy_lint.audit.clocks import BusinessClock
    from policy_lint.audit.promises import Promise

    weekdays = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
    clock = BusinessClock({"timezone": "Europe/Riga", "weekly": weekdays})
    monday = np.array([1767592800], dtype=np.int64)  # 2026-01-05 08:00 Riga: before opening
    january = clock.positions(monday + np.array([0, 3600, 5 * 3600]))  # 08:00, 09:00, 13:00
    assert (january[1:] - january[0]).tolist() == [0, 4 * 3600]
    december = clock.positions(monday + 340 * 86400)  # far past the first calendar: recompiled
    assert clock.positions(monday + np.array([0, 3600, 5 * 3600])).tolist() == january.tolist()
    assert (
        december[0] - january[0]
        == business_seconds(clock.calendar, monday, monday + 340 * 86400)[0]
    )
    # 2 business days from Monday 13:00: Wednesday 13:00, 16 business hours
    two_days = Promise("p", "email", "resolution", 1, clock="business", within_days=2)
    start = monday + 5 * 3600
    assert clock.limit(start, two_days).tolist() == [16 * 3600]
    assert clock.limit(start, two_days, january[2:]).tolist() == [16 * 3600]


def test_period_counts_count_each_key_and_let_the_rows_go() -> None:
    import numpy as np

    from policy_lint.audit.periods import PeriodCounts

    counts = PeriodCounts()
    weeks = np.array([202601, 202553, 202601, 202602], dtype=np.int32)  # weeks across a year
    counts.add("met", weeks, np.array([True, True, True, False]))
    counts.add("met", weeks[:0], np.zeros(0, dtype=bool))
    counts.add("breached", weeks, weeks == 202553)
    counts.add("breached", None, np.zeros(3, dtype=bool))
    assert counts.keys("met", "breached") == [202553, 202601]
    assert (counts.get("met", 202601), counts.get("met", 202553)) == (2, 1)
    assert (counts.total("met"), counts.total("breached"), counts.total("pending")) == (3, 1, 0)
    plain = PeriodCounts()
    plain.add("met", None, np.array([True, True, False, True, True]))
    plain.add("met", None, np.array([True]))
    assert (plain.keys("met"), plain.total("met")) == ([0], 5)


def measure_business(batch_size: int) -> tuple[int, dict[str, LevelResult]]:
    from policy_lint.audit.clocks import BusinessClock
    from policy_lint.audit.tickets import read_pauses

    doc = load_path(DATA / "business-policy.yaml").document
    assert doc is not None
    stream = open_tickets([DATA / "business.csv"], timezone="Europe/Riga",
                          policy_channels=("email",), batch_size=batch_size)  # fmt: skip
    pauses = read_pauses(DATA / "business-pauses.csv", timezone="Europe/Riga")
    clocks: dict[str, Clock] = {
        "calendar": CalendarClock(),
        "business": BusinessClock(doc.data["business_hours"]),
    }
    measurer = Measurer(
        compile_promises(doc), stream.channels, clocks.__getitem__, pauses,
        lambda t, p: period_keys(t, p, "Europe/Riga"), None, ["business.csv"],
        [coverage_of(f) for f in stream.files],
    )  # fmt: skip
    for batch in stream:
        measurer.add(batch)
    as_of, results = measurer.finish()
    return as_of, {result.id: result for result in results}


@pytest.mark.parametrize("batch_size", [1, 2, 1000])
def test_business_clock_days_pauses_priorities_complaints(batch_size: int) -> None:
    # Riga, Mon-Fri 09:00-17:00, Monday 4 May 2026 a holiday; times in the export have no
    # offset and are read in Europe/Riga (UTC+3 in May).
    as_of, results = measure_business(batch_size)
    # as_of: the latest timestamp, A3's acknowledgement on Tue 12 May 10:00 local = 07:00 UTC
    assert as_of == 1_778_569_200

    urgent = results["urgent-first"]
    # A1 Fri 16:30 → Tue 09:20: 30 min on Friday + 20 min on Tuesday (Monday is a holiday) = 50
    #    min <= 1 h: met. A2 created Saturday: its clock starts Tue 09:00, answered 10:30: 1 h
    #    30 min: breached. A5 Tue 09:55, unanswered, 5 min old at as_of: pending. A3, A4 are
    #    normal priority: not this promise's tickets.
    assert (urgent.met, urgent.breached, urgent.pending) == (1, 1, 1)
    assert urgent.status == Status.PASS  # 50 % >= 50 %
    assert [w.ticket_id for w in urgent.worst] == ["A2"]
    assert urgent.worst[0].elapsed_seconds == 5400

    resolution = results["email-resolution"]
    # 2d on the business clock: by the same local time two business days after the clock starts.
    # A1 Fri 16:30 → deadline Wed 6 May 16:30 (Mon is a holiday); resolved Wed 12:00: met.
    # A2's clock starts Tue 09:00 → deadline Thu 7 May 09:00, a limit of 16 business hours;
    #    resolved Mon 11 May 10:00 after 33 business hours, less its `pending` pause Tue 11:00 →
    #    Fri 11:00 (6 + 8 + 8 + 2 = 24 business hours; the `on_hold` one does not pause this
    #    promise): 9 h <= 16 h: met.
    # A3, A4, A5 are not resolved and younger than two business days at as_of: pending.
    assert (resolution.met, resolution.breached, resolution.pending) == (2, 0, 3)
    assert resolution.within_days == 2
    # elapsed over limit: A1 11 h 30 min of 16 h (0.72), A2 9 h of 16 h (0.56): both in (½, ¾]
    assert resolution.histogram == (0, 0, 2, 0, 0, 0, 0, 0, 0)

    acknowledge = results["complaints.acknowledge"]
    # complaints only (A3, A4), any channel. A3 Mon 11 May 09:00 → deadline Tue 09:00;
    # acknowledged Tue 10:00 after 9 business hours: breached. A4's clock starts Tue 09:00,
    # no acknowledgement, 1 h old at as_of: pending.
    assert (acknowledge.met, acknowledge.breached, acknowledge.pending) == (0, 1, 1)
    assert acknowledge.status == Status.FAIL


def test_the_worst_tickets_of_a_tie_are_the_earliest_rows() -> None:
    from policy_lint.audit.measure import _longest

    # the two largest are 9 (index 1) and then three 7s (indices 2, 4, 5): the earliest 7 wins
    elapsed = np.array([1, 9, 7, 3, 7, 7], dtype=np.int64)
    assert _longest(elapsed, 2).tolist() == [1, 2]
    assert sorted(_longest(elapsed, 4).tolist()) == [1, 2, 4, 5]
    assert sorted(_longest(elapsed, 10).tolist()) == [0, 1, 2, 3, 4, 5]
    assert _longest(np.zeros(0, dtype=np.int64), 5).tolist() == []
