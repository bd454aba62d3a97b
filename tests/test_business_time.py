"""Business time: held to the slow reference on random calendars, and to figures worked by hand.

The property tests draw calendars (split shifts, 24:00 ends, holidays and ranges) in zones that
change their clocks in every awkward way, and instants near those changes, midnights, holidays
and new years. `HYPOTHESIS_PROFILE=soak` (make soak) runs forty times as many examples.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from policy_lint.audit import business_time as bt
from policy_lint.audit.arrays import Ints
from policy_lint.errors import CalendarError
from tests import business_time_reference as ref

settings.register_profile("soak", max_examples=4_000, deadline=None)  # 40 × the default 100
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

DAY, HOUR = 86_400, 3_600
ZONES = (
    "Europe/Riga",
    "America/New_York",
    "Australia/Adelaide",  # half-hour offset, southern DST
    "Asia/Kolkata",  # half-hour offset, no DST
    "Australia/Lord_Howe",  # a 30-minute DST
    "Europe/Volgograd",  # standard offset +4 → +3 on 2020-12-27
    "America/Caracas",  # -4:30 → -4 on 2016-05-01
    "Pacific/Apia",  # skipped 2011-12-30 entirely
    "UTC",
)
FIRST_YEAR, LAST_YEAR = 2010, 2028
OFFICE = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
RIGA: dict[str, Any] = {"timezone": "Europe/Riga", "weekly": OFFICE}


def checked(normal: int) -> settings:
    """This file's settings: `normal` examples, scaled as the loaded profile scales the default."""
    return settings(
        max_examples=normal * settings().max_examples // 100,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


def at(zone: str, local: str, fold: int = 0) -> int:
    """The instant of a local wall-clock time."""
    wall = dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone), fold=fold)
    return int(wall.timestamp())


def ints(*values: int) -> Ints:
    return np.array(values, dtype=np.int64)


# ---- random calendars and instants -------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A random policy calendar and an instant around which its tickets happen."""

    policy: dict[str, Any]
    anchor: int

    @functools.cached_property
    def hours(self) -> ref.Hours:
        return ref.read_hours(self.policy)

    @property
    def zone(self) -> ZoneInfo:
        return self.hours.zone

    @functools.cached_property
    def midnight(self) -> int:
        """The anchor's local midnight."""
        day = ref.reading(self.zone, self.anchor).date()
        return ref.first_instant_at(self.zone, dt.datetime.combine(day, dt.time()))

    def at(self, moment: Moment) -> int:
        """The instant a drawn MOMENT stands for."""
        return (self.midnight if moment[0] else self.anchor) + moment[1]

    def opened(self, days_after: int) -> list[ref.Interval]:
        """The reference's openings from 9 local days before the anchor to `days_after` after."""
        day = ref.reading(self.zone, self.anchor).date()
        return ref.openings(self.hours, day - dt.timedelta(days=9), day + dt.timedelta(days_after))


@functools.cache
def anchors(zone: str) -> tuple[int, ...]:
    """Instants worth testing near: the zone's offset changes and its new years."""
    tz = ZoneInfo(zone)
    changes = ref.zone_changes(tz, FIRST_YEAR, LAST_YEAR)
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    return tuple(changes + [ref.first_instant_at(tz, dt.datetime(y, 1, 1)) for y in years])


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _shifts(points: list[int]) -> list[str]:
    ordered = sorted(points)
    return [f"{_clock(a)}-{_clock(b)}" for a, b in zip(ordered[::2], ordered[1::2], strict=False)]


# Days that meet DST changes (01:00-04:00 local), office days, split shifts and 24:00 ends; in
# most weeks one day has a random shift pattern on the quarter hour instead.
PATTERNS: tuple[list[str], ...] = (
    [],
    ["09:00-17:00"],
    ["09:00-12:00", "13:00-17:00"],
    ["00:00-24:00"],
    ["10:00-24:00"],
    ["00:00-02:30", "03:00-24:00"],
    ["01:30-03:30"],
    ["02:00-03:00", "23:00-24:00"],
    ["00:00-01:00", "03:00-04:00"],
)
RANDOM_DAY = st.lists(st.integers(0, 96).map(lambda q: q * 15), min_size=2, max_size=4, unique=True)
HOLIDAY = st.tuples(
    st.integers(-10, 35), st.integers(0, 6), st.sampled_from(("date", "range", "map"))
)


def _holiday(around: dt.date, drawn: tuple[int, int, str]) -> Any:
    first = around + dt.timedelta(days=drawn[0])
    text = f"{first}..{first + dt.timedelta(days=drawn[1])}"
    return (
        {"date": text, "name": "Jāņi"}
        if drawn[2] == "map"
        else text
        if drawn[2] == "range"
        else str(first)
    )


# The changes of standard offset, each drawn as often as all the zone's other anchors together.
REWRITTEN = {
    "Europe/Volgograd": 1_609_020_000,  # 2020-12-26T22:00Z: +4 → +3 for good
    "America/Caracas": 1_462_086_000,  # 2016-05-01T07:00Z: -4:30 → -4
    "Pacific/Apia": 1_325_239_200,  # 2011-12-30T10:00Z: from the 29th straight to the 31st
}


@functools.cache
def _anchors(zone: str) -> st.SearchStrategy[int]:
    low = int(dt.datetime(FIRST_YEAR, 1, 1, tzinfo=dt.UTC).timestamp())
    high = int(dt.datetime(LAST_YEAR, 12, 1, tzinfo=dt.UTC).timestamp())
    special = [st.just(REWRITTEN[zone])] if zone in REWRITTEN else []
    return st.one_of(*special, st.sampled_from(anchors(zone)), st.integers(low, high))


WEEK = st.tuples(
    st.lists(st.sampled_from(PATTERNS), min_size=7, max_size=7),
    st.integers(0, 7),  # which day, if any, has a random shift pattern instead
    RANDOM_DAY.map(_shifts),
)
HOLIDAYS = st.lists(HOLIDAY, max_size=4)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    zone = draw(st.sampled_from(ZONES))
    anchor = draw(_anchors(zone))
    week, odd_day, odd_hours = draw(WEEK)
    if odd_day < 7:
        week[odd_day] = odd_hours
    if not any(week):
        week[anchor % 7] = ["09:00-17:00"]
    around = ref.reading(ZoneInfo(zone), anchor).date()
    policy: dict[str, Any] = {
        "timezone": zone,
        "weekly": {name: hours for name, hours in zip(ref.WEEKDAYS, week, strict=True) if hours},
        "holidays": [_holiday(around, drawn) for drawn in draw(HOLIDAYS)],
    }
    return Case(policy, anchor)


# An instant as (from, seconds): from the anchor (a DST change, a new year) or from its local
# midnight (then near later midnights and half hours), placed by Case.at.
MOMENT = st.one_of(
    st.integers(-3 * HOUR, 3 * HOUR).map(lambda d: (0, d)),
    st.tuples(st.integers(-7, 24), st.integers(-4, 52), st.integers(-90, 90)).map(
        lambda t: (1, t[0] * DAY + t[1] * 1800 + t[2])
    ),
    st.integers(-7 * DAY, 25 * DAY).map(lambda d: (0, d)),
)
Moment = tuple[int, int]


def compiled(case: Case, pad_days: int) -> bt.Calendar:
    return bt.compile_calendar(
        case.policy, case.anchor - 8 * DAY, case.anchor + 26 * DAY, pad=pad_days * DAY
    )


# ---- held to the reference ---------------------------------------------------------------------


@checked(1200)
@given(case=cases(), pairs=st.lists(st.tuples(MOMENT, MOMENT), min_size=1, max_size=6))
def test_business_seconds_match_the_reference(
    case: Case, pairs: list[tuple[Moment, Moment]]
) -> None:
    opened = case.opened(days_after=28)
    if not opened:
        with pytest.raises(CalendarError, match="no opening hours"):
            compiled(case, pad_days=2)
        return
    starts, ends = ints(*(case.at(s) for s, _ in pairs)), ints(*(case.at(e) for _, e in pairs))
    expected = [
        ref.business_seconds(opened, s, e)
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
    assert bt.business_seconds(compiled(case, pad_days=2), starts, ends).tolist() == expected


@checked(700)
@given(case=cases(), starts=st.lists(st.tuples(MOMENT, st.integers(0, 5)), min_size=1, max_size=4))
def test_deadlines_match_the_reference(case: Case, starts: list[tuple[Moment, int]]) -> None:
    opened = case.opened(days_after=40)
    if not opened:
        return
    calendar = compiled(case, pad_days=10)
    begin, days = ints(*(case.at(m) for m, _ in starts)), ints(*(n for _, n in starts))
    expected = []
    for start, count in zip(begin.tolist(), days.tolist(), strict=True):
        try:
            expected.append(ref.deadline(case.hours, opened, start, count))
        except ValueError:  # the reference's openings ran out: far past the calendar's end
            expected.append(calendar.high + 1)
    if max(expected) > calendar.high:
        with pytest.raises(CalendarError, match="past the end"):
            bt.business_day_deadline(calendar, begin, days)
        return
    deadlines = bt.business_day_deadline(calendar, begin, days)
    assert deadlines.tolist() == expected
    # the audit's road: business seconds to the deadline, from the starts' positions
    positions = bt.business_positions(calendar, begin)
    for count in set(days.tolist()):
        chosen = days == count
        limit = bt.business_day_limit(calendar, begin[chosen], positions[chosen], count)
        assert limit.tolist() == bt.business_seconds(calendar, begin, deadlines)[chosen].tolist()
    ends = ints(*expected)
    taken = bt.business_positions(calendar, ends) - positions
    assert np.maximum(taken, 0).tolist() == bt.business_seconds(calendar, begin, ends).tolist()


@dataclass(frozen=True)
class Ticket:
    start: int
    event: int | None


TICKETS = st.lists(st.tuples(MOMENT, st.none() | MOMENT), min_size=1, max_size=5)
PAUSES = st.lists(st.tuples(st.integers(0, 4), MOMENT, st.none() | MOMENT), max_size=8)
TARGETS = st.one_of(
    st.tuples(st.just("s"), st.integers(0, 30 * HOUR)), st.tuples(st.just("d"), st.integers(0, 3))
)


@checked(500)
@given(
    case=cases(), drawn=TICKETS, stops=PAUSES, as_of=MOMENT, target=TARGETS, business=st.booleans()
)
def test_pauses_and_statuses_match_the_reference(
    case: Case,
    drawn: list[tuple[Moment, Moment | None]],
    stops: list[tuple[int, Moment, Moment | None]],
    as_of: Moment,
    target: tuple[str, int],
    business: bool,
) -> None:
    tickets = [Ticket(case.at(s), None if e is None else case.at(e)) for s, e in drawn]
    pauses = [
        (i % len(tickets), case.at(a), None if b is None else case.at(b)) for i, a, b in stops
    ]
    opened = case.opened(days_after=40) if business else [(-(2**40), 2**40)]
    if not opened:
        return
    calendar = compiled(case, pad_days=10) if business else bt.always_open()
    now = case.at(as_of)
    hours = case.hours if business else None
    expected = [
        _reference_outcome(hours, opened, calendar.high, ticket, pauses, now, target, index)
        for index, ticket in enumerate(tickets)
    ]
    starts = ints(*(t.start for t in tickets))
    events = ints(*(bt.MISSING if t.event is None else t.event for t in tickets))
    paused = bt.paused_seconds(
        calendar,
        starts,
        bt.measured_ends(events, now),
        ints(*(p[0] for p in pauses)),
        ints(*(p[1] for p in pauses)),
        ints(*(bt.MISSING if p[2] is None else p[2] for p in pauses)),
    )
    within = {"within_seconds" if target[0] == "s" else "within_days": target[1]}
    try:
        outcome = bt.classify(calendar, starts, events, now, paused=paused, **within)
    except CalendarError:
        assert None in expected  # a deadline past the calendar's end
        return
    assert list(zip(outcome.status.tolist(), outcome.elapsed.tolist(), strict=True)) == expected


def _reference_outcome(
    hours: ref.Hours | None,
    opened: list[ref.Interval],
    high: int,
    ticket: Ticket,
    pauses: list[tuple[int, int, int | None]],
    as_of: int,
    target: tuple[str, int],
    index: int,
) -> tuple[int, int] | None:
    """The audit contract for one ticket, spelled out; None when its deadline is out of reach."""
    happened = ticket.event is not None and ticket.event <= as_of
    end = ticket.event if happened and ticket.event is not None else as_of
    mine = [(a, end if b is None else b) for i, a, b in pauses if i == index]
    taken = ref.business_seconds(opened, ticket.start, end)
    elapsed = taken - ref.paused(opened, ticket.start, end, mine)
    kind, limit = target
    if kind == "d":
        if hours is None:  # the calendar clock: a day is 86,400 s
            deadline = ticket.start + limit * DAY
        else:
            try:
                deadline = ref.deadline(hours, opened, ticket.start, limit)
            except ValueError:  # the reference's openings ran out: far past the calendar's end
                return None
            if deadline > high:
                return None
        limit = ref.business_seconds(opened, ticket.start, deadline)
    if happened:
        return (int(bt.MET) if elapsed <= limit else int(bt.BREACHED), elapsed)
    return (int(bt.PENDING) if elapsed <= limit else int(bt.BREACHED), elapsed)


# ---- what must hold whatever the reference says ------------------------------------------------


@checked(400)
@given(
    case=cases(), moments=st.lists(MOMENT, min_size=3, max_size=3), seconds=st.integers(0, 3 * DAY)
)
def test_business_time_adds_up_and_inverts(case: Case, moments: list[Moment], seconds: int) -> None:
    a, b, c = sorted(case.at(m) for m in moments)
    try:
        calendar = compiled(case, pad_days=30)
    except CalendarError:
        return
    pairs = ((a, c), (a, b), (b, c))
    whole, first, second = (bt.business_seconds(calendar, ints(x), ints(y))[0] for x, y in pairs)
    assert whole == first + second
    try:
        later = bt.add_business_seconds(calendar, ints(a), seconds)
    except CalendarError:  # a sparse calendar: that much business time is past its end
        assert bt.business_seconds(calendar, ints(a), ints(calendar.high))[0] <= seconds
        return
    assert bt.business_seconds(calendar, ints(a), later)[0] == seconds
    assume(later[0] < calendar.high)
    # the latest instant with that business time: one second later, the clock has moved on
    assert bt.business_seconds(calendar, ints(a), later + 1)[0] == seconds + 1


@checked(300)
@given(case=cases(), start=MOMENT, event=MOMENT, days=st.integers(0, 4))
def test_met_by_the_deadline_is_met_by_business_seconds(
    case: Case, start: Moment, event: Moment, days: int
) -> None:
    begin, done = ints(case.at(start)), ints(case.at(event))
    try:
        calendar = compiled(case, pad_days=30)
        deadline = bt.business_day_deadline(calendar, begin, days)
    except CalendarError:
        return
    limit = bt.business_seconds(calendar, begin, deadline)
    taken = bt.business_seconds(calendar, begin, done)
    assert (done <= deadline).tolist() == (taken <= limit).tolist() or done[0] < begin[0]


@checked(300)
@given(
    starts=st.lists(st.integers(-5_000_000_000, 13_000_000_000), min_size=1, max_size=20),
    lengths=st.lists(st.integers(-DAY, 400 * DAY), min_size=20, max_size=20),
    days=st.integers(0, 30),
)
def test_the_calendar_clock_is_calendar_time(
    starts: list[int], lengths: list[int], days: int
) -> None:
    begin = ints(*starts)
    end = begin + ints(*lengths[: len(starts)])
    always = bt.always_open()
    assert (
        bt.business_seconds(always, begin, end).tolist() == bt.calendar_seconds(begin, end).tolist()
    )
    assert (bt.business_day_deadline(always, begin, days) == begin + days * DAY).all()


# ---- worked by hand ----------------------------------------------------------------------------


def riga(**more: Any) -> bt.Calendar:
    """Riga, Mon–Fri 09:00-17:00 (EET +2, EEST +3 from 2026-03-29 03:00), over March–April 2026."""
    hours = {**RIGA, **more}
    return bt.compile_calendar(
        hours, at("Europe/Riga", "2026-03-01"), at("Europe/Riga", "2026-05-01")
    )


def test_friday_1630_with_an_8_hour_target_is_due_monday_1630() -> None:
    calendar = riga()
    created = ints(at("Europe/Riga", "2026-03-20 16:30"))  # a Friday, EET
    # 30 minutes on Friday (16:30-17:00) + 7 h 30 on Monday (09:00-16:30) = 8 h
    due = bt.add_business_seconds(calendar, created, 8 * HOUR)
    assert due.tolist() == [at("Europe/Riga", "2026-03-23 16:30")]
    replies = ints(at("Europe/Riga", "2026-03-23 16:30"), at("Europe/Riga", "2026-03-23 16:31"))
    outcome = bt.classify(
        calendar, np.repeat(created, 2), replies, replies[1], within_seconds=8 * HOUR
    )
    assert outcome.status.tolist() == [bt.MET, bt.BREACHED]
    assert outcome.elapsed.tolist() == [28_800, 28_860]
    # no reply yet on Monday at 12:00: 30 min + 3 h = 12,600 s, still pending
    noon = at("Europe/Riga", "2026-03-23 12:00")
    waiting = bt.classify(calendar, created, ints(bt.MISSING), noon, within_seconds=8 * HOUR)
    assert (waiting.status.tolist(), waiting.elapsed.tolist()) == ([bt.PENDING], [12_600])


def test_across_the_eu_spring_forward_a_sunday_has_23_hours() -> None:
    calendar = riga(weekly={**RIGA["weekly"], "sat": ["10:00-24:00"], "sun": ["00:00-24:00"]})
    created = at("Europe/Riga", "2026-03-28 22:00")  # Saturday, EET: 20:00Z
    replied = at("Europe/Riga", "2026-03-30 10:00")  # Monday, EEST: 07:00Z
    assert replied - created == 35 * HOUR  # on the calendar clock
    # Saturday 22:00-24:00 = 2 h; Sunday 00:00-24:00 = 23 h (03:00-04:00 never happens);
    # Monday 09:00-10:00 = 1 h: 26 h
    assert bt.business_seconds(calendar, ints(created), ints(replied)).tolist() == [26 * HOUR]
    # one business day from Saturday 10:30 is Sunday 10:30 EEST: 13 h 30 on Saturday and
    # 00:00-10:30 on Sunday, 10 h 30 of wall clock but 9 h 30 real = 23 h
    start = ints(at("Europe/Riga", "2026-03-28 10:30"))
    due = bt.business_day_deadline(calendar, start, 1)
    assert due.tolist() == [at("Europe/Riga", "2026-03-29 10:30")]
    assert bt.business_seconds(calendar, start, due).tolist() == [23 * HOUR]


def test_a_wall_clock_time_the_spring_forward_skips_becomes_the_end_of_the_gap() -> None:
    every_day = {day: ["00:00-24:00"] for day in ref.WEEKDAYS}
    calendar = riga(weekly=every_day)
    start = ints(at("Europe/Riga", "2026-03-28 03:30"))  # Saturday 01:30Z
    # Sunday 03:30 does not exist: the deadline is 04:00 EEST, the first instant after the gap
    due = bt.business_day_deadline(calendar, start, 1)
    assert due.tolist() == [at("Europe/Riga", "2026-03-29 04:00")]  # 01:00Z
    assert bt.business_seconds(calendar, start, due).tolist() == [23 * HOUR + 30 * 60]
    # an opening inside the gap is empty; one across it is an hour shorter
    gap = riga(weekly={"sun": ["03:00-04:00", "12:00-13:00"]})
    around = riga(weekly={"sun": ["02:00-05:00"]})
    week = ints(at("Europe/Riga", "2026-03-28")), ints(at("Europe/Riga", "2026-03-30"))
    assert bt.business_seconds(gap, *week).tolist() == [HOUR]
    assert bt.business_seconds(around, *week).tolist() == [2 * HOUR]


def test_across_the_us_fall_back_a_sunday_has_25_hours_and_the_repeated_hour_counts_twice() -> None:
    def new_york(weekly: dict[str, list[str]]) -> bt.Calendar:
        hours = {"timezone": "America/New_York", "weekly": weekly}
        return bt.compile_calendar(
            hours, at("America/New_York", "2026-10-20"), at("America/New_York", "2026-11-20")
        )

    saturday = at("America/New_York", "2026-10-31 23:00")  # EDT, 03:00Z on 1 November
    monday = at("America/New_York", "2026-11-02 08:00")  # EST, 13:00Z
    weekend = ints(saturday), ints(monday)
    # 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 00:00-24:00 is 25 real hours
    assert bt.business_seconds(new_york({"sun": ["00:00-24:00"]}), *weekend).tolist() == [25 * HOUR]
    # 01:00-02:00 happens twice (05:00-06:00Z and 06:00-07:00Z): two hours of business time
    assert bt.business_seconds(new_york({"sun": ["01:00-02:00"]}), *weekend).tolist() == [2 * HOUR]
    always = new_york({day: ["00:00-24:00"] for day in ref.WEEKDAYS})
    start = ints(at("America/New_York", "2026-10-31 01:30"))  # EDT, 05:30Z
    # the same local time a day later is 01:30 twice: the first pass, 01:30 EDT = 05:30Z
    one, two = (bt.business_day_deadline(always, start, n)[0] for n in (1, 2))
    assert one == start[0] + 24 * HOUR
    # from the second pass (01:30 EST, 06:30Z), 0d is the start itself, not the first pass an
    # hour earlier, and 1d is Monday 01:30 EST, 24 hours on
    second = ints(at("America/New_York", "2026-11-01 01:30", fold=1))
    assert bt.business_day_deadline(always, second, 0).tolist() == second.tolist()
    assert bt.business_day_deadline(always, second, 1).tolist() == [second[0] + 24 * HOUR]
    # two days later is Monday 01:30 EST, 06:30Z: 49 real hours
    assert two == start[0] + 49 * HOUR == at("America/New_York", "2026-11-02 01:30")


def test_a_ticket_created_on_a_holiday_waits_for_the_next_opening() -> None:
    holidays = ["2026-12-24", "2026-12-31..2027-01-01", {"date": "2027-06-24", "name": "Jāņi"}]
    calendar = bt.compile_calendar(
        {**RIGA, "holidays": holidays},
        at("Europe/Riga", "2026-12-01"),
        at("Europe/Riga", "2027-07-01"),
    )
    created = ints(at("Europe/Riga", "2026-12-24 10:00"))  # Thursday, a holiday
    replied = ints(at("Europe/Riga", "2026-12-25 11:00"))  # Friday, open
    # the clock starts Friday 09:00: 2 h
    assert bt.business_seconds(calendar, created, replied).tolist() == [2 * HOUR]
    # 8 h is all of Friday, landing on its close: due at the next opening, Monday 09:00 (the
    # same business instant); 1d runs from Friday 09:00 to Monday 09:00
    assert bt.add_business_seconds(calendar, created, 8 * HOUR).tolist() == [
        at("Europe/Riga", "2026-12-28 09:00")
    ]
    assert bt.business_day_deadline(calendar, created, 1).tolist() == [
        at("Europe/Riga", "2026-12-28 09:00")
    ]
    # Wednesday 30 December 16:00 + 1d: 31 Dec and 1 Jan are holidays, 2-3 Jan a weekend
    eve = ints(at("Europe/Riga", "2026-12-30 16:00"))
    assert bt.business_day_deadline(calendar, eve, 1).tolist() == [
        at("Europe/Riga", "2027-01-04 16:00")
    ]
    # Jāņi (a Thursday) has no hours
    midsummer = ints(at("Europe/Riga", "2027-06-24")), ints(at("Europe/Riga", "2027-06-25"))
    assert bt.business_seconds(calendar, *midsummer).tolist() == [0]


def test_holidays_read_as_dates_count_as_their_text() -> None:
    near = at("Europe/Riga", "2026-03-12")
    written = ["2026-03-10", "2026-03-11..2026-03-12"]
    as_read = [dt.date(2026, 3, 10), {"date": "2026-03-11..2026-03-12", "name": None}]
    week = ints(at("Europe/Riga", "2026-03-09")), ints(at("Europe/Riga", "2026-03-16"))
    for holidays in (written, as_read):
        calendar = bt.compile_calendar({**RIGA, "holidays": holidays}, near, near)
        # Monday and Friday are left: 16 h
        assert bt.business_seconds(calendar, *week).tolist() == [16 * HOUR]


def test_two_business_days_from_saturday_are_due_wednesday_at_the_opening() -> None:
    calendar = riga()
    saturday = ints(at("Europe/Riga", "2026-03-21 10:00"))
    # the clock starts Monday 09:00; two business days later is Wednesday 09:00 (16 h)
    due = bt.business_day_deadline(calendar, saturday, 2)
    assert due.tolist() == [at("Europe/Riga", "2026-03-25 09:00")]
    assert bt.business_seconds(calendar, saturday, due).tolist() == [16 * HOUR]


def test_a_target_time_after_the_target_days_close_moves_to_the_next_opening() -> None:
    calendar = riga(weekly={**RIGA["weekly"], "fri": ["09:00-12:00"]})
    thursday = ints(at("Europe/Riga", "2026-03-19 15:00"))
    # Friday 15:00 is after Friday's 12:00 close: the deadline is Monday 09:00, which is the same
    # business instant (Thursday 2 h + Friday 3 h = 5 h)
    due = bt.business_day_deadline(calendar, thursday, 1)
    assert due.tolist() == [at("Europe/Riga", "2026-03-23 09:00")]
    assert bt.business_seconds(calendar, thursday, due).tolist() == [5 * HOUR]
    # so a reply on Friday at 16:00, while the clock stood, is in time
    friday = at("Europe/Riga", "2026-03-20 16:00")
    outcome = bt.classify(calendar, thursday, ints(friday), friday, within_days=1)
    assert outcome.status.tolist() == [bt.MET]


def test_a_day_that_pacific_apia_skipped_is_no_business_day() -> None:
    hours = {"timezone": "Pacific/Apia", "weekly": RIGA["weekly"]}
    calendar = bt.compile_calendar(
        hours, at("Pacific/Apia", "2011-12-01"), at("Pacific/Apia", "2012-01-31")
    )
    thursday = ints(at("Pacific/Apia", "2011-12-29 16:00"))  # UTC-10
    # Friday 30 December 2011 never happened there; the next business day is Monday, UTC+14
    due = bt.business_day_deadline(calendar, thursday, 1)
    assert due.tolist() == [at("Pacific/Apia", "2012-01-02 16:00")]
    assert bt.business_seconds(calendar, thursday, due).tolist() == [8 * HOUR]


def test_the_24_7_calendar_counts_every_second() -> None:
    assert bt.compile_calendar(None, 0, 1) is bt.always_open()
    start = ints(at("Europe/Riga", "2026-03-28 22:00"))
    end = ints(at("Europe/Riga", "2026-03-30 10:00"))
    always = bt.always_open()
    assert bt.business_seconds(always, start, end).tolist() == [35 * HOUR]
    assert bt.business_day_deadline(always, start, 2).tolist() == [start[0] + 2 * DAY]
    assert bt.business_seconds(always, end, start).tolist() == [0]


def test_no_opening_hours_at_all_is_a_calendar_error() -> None:
    with pytest.raises(CalendarError, match="every day of the week is closed"):
        bt.compile_calendar({"timezone": "Europe/Riga", "weekly": {}}, 0, 10**12)
    with pytest.raises(CalendarError, match="every day of the week is closed"):
        bt.compile_calendar({"timezone": "Europe/Riga", "weekly": {"mon": [], "sat": []}}, 0, 0)
    closed = {**RIGA, "holidays": ["2025-01-01..2027-12-31"]}
    with pytest.raises(CalendarError, match="every day with hours is a holiday"):
        bt.compile_calendar(
            closed, at("Europe/Riga", "2026-01-01"), at("Europe/Riga", "2026-12-31")
        )


def test_deadlines_and_instants_past_the_span_are_calendar_errors() -> None:
    calendar = riga(holidays=["2026-07-01..2026-12-31"])  # compiled through July
    late = ints(at("Europe/Riga", "2026-06-29 10:00"))
    with pytest.raises(CalendarError, match="past the end of the business calendar"):
        bt.business_day_deadline(calendar, late, 5)
    with pytest.raises(CalendarError, match="outside the business calendar compiled for"):
        bt.business_seconds(calendar, ints(at("Europe/Riga", "2025-01-01")), late)
    with pytest.raises(CalendarError, match="a missing time"):
        bt.business_seconds(calendar, late, ints(bt.MISSING))


PAUSED = riga()
MONDAY = at("Europe/Riga", "2026-03-23 09:00")


def pauses(*spans: tuple[str, str | None]) -> tuple[Ints, Ints, Ints]:
    """Pauses of ticket 0, as Riga wall-clock times; None: still paused."""
    starts = [at("Europe/Riga", a) for a, _ in spans]
    ends = [bt.MISSING if b is None else at("Europe/Riga", b) for _, b in spans]
    return ints(*[0] * len(spans)), ints(*starts), ints(*ends)


def test_overlapping_pauses_count_once_and_only_in_hours() -> None:
    replied = at("Europe/Riga", "2026-03-24 17:00")  # Tuesday's close: 16 business hours
    spans = pauses(
        ("2026-03-23 10:00", "2026-03-23 12:00"),
        ("2026-03-23 11:00", "2026-03-23 13:00"),  # overlaps the first: 10:00-13:00 = 3 h
        ("2026-03-23 16:00", "2026-03-24 10:00"),  # overnight: 16-17 and 09-10 = 2 h
        ("2026-03-23 18:00", "2026-03-23 20:00"),  # outside hours (and inside the last): 0
        ("2026-03-21 12:00", "2026-03-23 09:30"),  # from before the ticket: 09:00-09:30 = 30 min
        ("2026-03-24 20:00", "2026-03-24 22:00"),  # after the reply: 0
    )
    created, event = ints(MONDAY), ints(replied)
    paused = bt.paused_seconds(PAUSED, created, event, *spans)
    assert paused.tolist() == [5 * HOUR + 30 * 60]  # 3 h + 2 h + 30 min
    # 16 h - 5 h 30 = 10 h 30: met within 12 h, breached within 10 h
    for within, status in ((12 * HOUR, bt.MET), (10 * HOUR, bt.BREACHED)):
        outcome = bt.classify(PAUSED, created, event, replied, within_seconds=within, paused=paused)
        assert (outcome.status.tolist(), outcome.elapsed.tolist()) == ([status], [37_800])
    # on the calendar clock the same pauses are 09:00-09:30, 10:00-13:00 and Monday 16:00 to
    # Tuesday 10:00 (18 h): 21 h 30 of the ticket's 32 h
    always = bt.always_open()
    assert bt.paused_seconds(always, created, event, *spans).tolist() == [21 * HOUR + 30 * 60]


def test_a_pause_still_open_runs_to_as_of() -> None:
    created, no_reply = ints(MONDAY), ints(bt.MISSING)
    as_of = at("Europe/Riga", "2026-03-25 11:00")  # Wednesday
    spans = pauses(("2026-03-24 15:00", None))
    paused = bt.paused_seconds(PAUSED, created, bt.measured_ends(no_reply, as_of), *spans)
    # Tuesday 15:00-17:00 and Wednesday 09:00-11:00 = 4 h
    assert paused.tolist() == [4 * HOUR]
    # Monday 8 h + Tuesday 8 h + Wednesday 2 h - 4 h = 14 h (50,400 s)
    for within, status in ((16 * HOUR, bt.PENDING), (12 * HOUR, bt.BREACHED)):
        outcome = bt.classify(
            PAUSED, created, no_reply, as_of, within_seconds=within, paused=paused
        )
        assert (outcome.status.tolist(), outcome.elapsed.tolist()) == ([status], [50_400])
    # 2d: due Wednesday 09:00 (16 h), pushed on by the 4 paused hours to Wednesday 13:00
    outcome = bt.classify(PAUSED, created, no_reply, as_of, within_days=2, paused=paused)
    assert outcome.status.tolist() == [bt.PENDING]
    deadline = bt.business_day_deadline(PAUSED, created, 2)
    assert bt.add_business_seconds(PAUSED, deadline, paused).tolist() == [
        at("Europe/Riga", "2026-03-25 13:00")
    ]


def test_an_event_after_as_of_has_not_happened_yet() -> None:
    created = ints(MONDAY)
    as_of = at("Europe/Riga", "2026-03-23 12:00")
    later = ints(at("Europe/Riga", "2026-03-23 15:00"))
    outcome = bt.classify(PAUSED, created, later, as_of, within_seconds=2 * HOUR)
    assert (outcome.status.tolist(), outcome.elapsed.tolist()) == ([bt.BREACHED], [3 * HOUR])


def test_missing_is_the_ticket_readers_sentinel() -> None:
    from policy_lint.audit.tickets import MISSING

    assert bt.MISSING == MISSING
