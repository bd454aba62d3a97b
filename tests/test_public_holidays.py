"""Country holidays: one resolver, and the audit's business clock stops on exactly its days.

The figures are worked by hand from Latvia's calendar: 18 November is Proclamation Day (a
Wednesday in 2026; a Saturday in 2028, when Monday the 20th is the day off instead), and
24 December is Christmas Eve, which a team may work with `except:`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from policy_lint.audit import business_time as bt
from policy_lint.public_holidays import closed_days, country_days, known
from tests.conftest import ROOT, Run

HOUR = 3600
OFFICE = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
LATVIA = {"country": "LV", "except": ["2026-12-24"]}


def riga(local: str) -> int:
    wall = dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo("Europe/Riga"))
    return int(wall.timestamp())


def test_a_country_entry_gives_its_holidays_less_its_except_and_the_listed_days_too() -> None:
    entries = [LATVIA, {"date": "2026-08-14", "name": "Company day"}]
    days = closed_days(entries, [2026], "en")
    assert days[dt.date(2026, 11, 18)] == "Republic of Latvia Proclamation Day"
    assert days[dt.date(2026, 8, 14)] == "Company day"
    assert dt.date(2026, 12, 24) not in days  # excepted: the team works it
    assert dt.date(2026, 12, 25) in days
    assert all(day.year == 2026 for day in days)  # only the years asked for


def test_names_are_in_the_policys_language_and_never_the_machines() -> None:
    latvian = closed_days([{"country": "LV"}], [2026], "lv")
    assert latvian[dt.date(2026, 11, 18)] == "Latvijas Republikas Proklamēšanas diena"
    assert closed_days([{"country": "LV"}], [2026], "xx")[dt.date(2026, 11, 18)] == (
        "Republic of Latvia Proclamation Day"
    )


@pytest.mark.parametrize(
    ("country", "subdivision", "day", "language", "name"),
    [
        ("GB", "ENG", "2026-12-28", "en", "Boxing Day (observed)"),
        ("GB", "ENG", "2027-05-31", "en", "Spring Bank Holiday"),
        ("RU", None, "2027-02-22", "ru", "Выходной (перенесено с 20.02.2027)"),
        ("LV", None, "2027-03-26", "lv", "Lielā Piektdiena"),
        ("LT", None, "2027-03-29", "lt", "Antroji šv. Velykų diena"),
        ("TR", None, "2027-03-09", "tr", "Ramazan Bayramı"),
    ],
)
def test_holidays_fall_where_the_country_keeps_them(
    country: str, subdivision: str | None, day: str, language: str, name: str
) -> None:
    entry = {"country": country, **({"subdivision": subdivision} if subdivision else {})}
    days = closed_days([entry], [2026, 2027], language)
    assert days[dt.date.fromisoformat(day)] == name


def test_a_saturday_holiday_gives_the_monday_after_it() -> None:
    days = country_days("LV", None, [2028])
    assert dt.date(2028, 11, 18) in days and dt.date(2028, 11, 20) in days


def test_unknown_countries_and_subdivisions_give_no_day_and_are_not_known() -> None:
    assert not known("XX") and not known("US", "Novo York")
    assert known("US", "NY") and known("US", "New York")
    assert closed_days([{"country": "XX"}], [2026]) == {}


def compiled(holidays: list[object]) -> bt.Calendar:
    hours = {"timezone": "Europe/Riga", "weekly": OFFICE, "holidays": holidays}
    return bt.compile_calendar(hours, riga("2026-11-01 00:00"), riga("2028-12-31 00:00"))


def business_hours(calendar: bt.Calendar, start: str, end: str) -> float:
    seconds = bt.business_seconds(calendar, np.array([riga(start)]), np.array([riga(end)]))
    return int(seconds[0]) / HOUR


def test_the_business_clock_stops_on_a_country_holiday() -> None:
    calendar = compiled([LATVIA])
    # Tuesday 16:00-17:00, Wednesday 18th closed (Proclamation Day), Thursday 09:00-10:00
    assert business_hours(calendar, "2026-11-17 16:00", "2026-11-19 10:00") == 2
    assert business_hours(compiled([]), "2026-11-17 16:00", "2026-11-19 10:00") == 10


def test_a_country_holiday_on_a_saturday_closes_the_monday_after_it() -> None:
    calendar = compiled([LATVIA])
    # Friday 16:00-17:00; Saturday the 18th and Sunday closed anyway; Monday the 20th is the
    # day off in its place; Tuesday 09:00-10:00
    assert business_hours(calendar, "2028-11-17 16:00", "2028-11-21 10:00") == 2


def test_an_except_date_is_worked() -> None:
    # Wednesday 16:00-17:00, Thursday the 24th worked (8 h), Friday 25th a holiday, the weekend,
    # Monday 09:00-10:00
    christmas = ("2026-12-23 16:00", "2026-12-28 10:00")
    assert business_hours(compiled([LATVIA]), *christmas) == 10
    assert business_hours(compiled([{"country": "LV"}]), *christmas) == 2


def test_the_audit_measures_across_country_holidays_as_resolved(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    text = (ROOT / "tests" / "data" / "audit" / "calendar-policy.yaml").read_text()
    text = re.sub(
        r"  holidays:.*?\n\n",
        "  holidays:\n    - {country: LV, except: [2026-12-24]}\n\n",
        text,
        flags=re.S,
    )
    text = text.replace(
        "email: {address: support@acme.example, hours: 24/7}",
        "email: {address: support@acme.example, hours: business}",
    ).replace("    within: 1h\n    clock: calendar", "    within: 2h\n    clock: business")
    policy = tmp_path / "policy.yaml"
    policy.write_text(text)
    export = tmp_path / "tickets.csv"
    export.write_text(
        "ticket_id,channel,priority,created_at,first_response_at\n"
        # 1 h on Tuesday + 30 min on Thursday, the 18th a holiday: met
        "T1,email,normal,2026-11-17T14:00:00Z,2026-11-19T07:30:00Z\n"
        # 1 h on Friday + 30 min on Tuesday, Monday the 20th the Saturday holiday's day off: met
        "T2,email,normal,2028-11-17T14:00:00Z,2028-11-21T07:30:00Z\n"
        # 1 h on Wednesday + 1 h 30 on Christmas Eve, which the team works: breached
        "T3,email,normal,2026-12-23T14:00:00Z,2026-12-24T08:30:00Z\n"
    )
    run = cli("audit", "--today", "2026-11-23", "--format", "json", str(policy), str(export))
    result = next(r for r in json.loads(run.out)["results"] if r["id"] == "email-first")
    assert (result["met"], result["breached"]) == (2, 1), run.err
    assert [(w["ticket_id"], w["elapsed_seconds"]) for w in result["worst"]][:1] == [("T3", 9000)]
