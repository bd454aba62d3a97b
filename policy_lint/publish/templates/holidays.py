"""Public holidays for `init`: the rules of holidays.yaml turned into the days of a year.

holidays.yaml says, per country, how each holiday falls — a fixed date, days after Easter, the
last Monday of May, a table for holidays that follow the lunar calendar — and whether a holiday
on a weekend moves to the next weekday. This module computes the days, and lists them from a
given day far enough ahead for PL702 (12 months). The country comes from the time zone, through
tzdata's zone.tab. No clock: the day to start from is given.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from policy_lint.publish.templates import holiday_rules


@dataclass(frozen=True, slots=True, order=True)
class Holiday:
    """A public holiday: its first and last day (the same for one day) and its name."""

    first: dt.date
    last: dt.date
    name: str


@cache
def _zone_countries() -> dict[str, str]:
    """tzdata's zone.tab: each canonical time-zone name with its country's ISO 3166 code."""
    text = (files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def country_of(timezone: str) -> str | None:
    """The country of a time zone when holidays.yaml knows its holidays, else None."""
    country = _zone_countries().get(timezone)
    return country if country in holiday_rules() else None


def holidays(country: str, language: str, today: dt.date, confirm: str = "{name}") -> list[Holiday]:
    """The country's holidays from today through the end of the year 13 months ahead.

    PL702 wants the list to reach 12 months past today; when the last holiday of that year
    falls short of it (Türkiye's ends in October), the next one is listed too. `confirm` names
    a holiday whose dates are an estimate.
    """
    rules = holiday_rules()[country]
    known = sorted(
        h
        for year in range(today.year, today.year + 3)
        for h in _year(rules, year, language, confirm)
    )
    end = dt.date(_add_months(today, 13).year, 12, 31)
    listed = [h for h in known if h.last >= today and h.first <= end]
    horizon = _add_months(today, 12)
    for holiday in (h for h in known if h.first > end):
        if listed and listed[-1].last >= horizon:
            break
        listed.append(holiday)
    return listed


def _year(rules: Mapping[str, Any], year: int, language: str, confirm: str) -> Iterator[Holiday]:
    """One year's holidays, each moved off the weekend where its rule says so."""
    days = [(rule, first, last) for rule in rules["holidays"] for first, last in _days(rule, year)]
    taken = {
        first + dt.timedelta(n) for _, first, last in days for n in range((last - first).days + 1)
    }
    for rule, first, last in sorted(days, key=lambda day: day[1]):
        name = _named(rules, rule["name"], language)
        estimated = "ranges" in rule and year > int(rule.get("confirmed_through", year))
        yield Holiday(first, last, confirm.format(name=name) if estimated else name)
        if rule.get("substitute") and first.weekday() >= 5:
            moved = _next_weekday(first, taken)
            taken.add(moved)
            yield Holiday(
                moved, moved, _named(rules, rules["substitute_name"], language).format(name=name)
            )


def _days(rule: Mapping[str, Any], year: int) -> list[tuple[dt.date, dt.date]]:
    """The days a rule gives in a year, as (first, last) pairs."""
    if "easter" in rule:
        day = _easter(year) + dt.timedelta(days=int(rule["easter"]))
        return [(day, day)]
    if "weekday" in rule:
        day = _nth_weekday(year, int(rule["month"]), int(rule["weekday"]), int(rule["nth"]))
        return [(day, day)]
    if "dates" in rule:
        picked = [dt.date.fromisoformat(str(day)) for day in rule["dates"]]
        return [(day, day) for day in picked if day.year == year]
    if "ranges" in rule:
        span = rule["ranges"].get(str(year))
        return [_range(span)] if span else []
    first = dt.date(year, int(rule["month"]), int(rule["day"]))
    return [(first, first.replace(day=int(rule.get("last_day", rule["day"]))))]


def _range(text: str) -> tuple[dt.date, dt.date]:
    first, _, last = text.partition("..")
    return dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)


def _named(rules: Mapping[str, Any], names: Mapping[str, str], language: str) -> str:
    """A name in the policy's language when given, else in the country's."""
    return str(names.get(language) or names[rules["language"]])


def _next_weekday(day: dt.date, taken: set[dt.date]) -> dt.date:
    """The first day after `day` that is a Monday to Friday and not already a holiday."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5 or day in taken:
        day += dt.timedelta(days=1)
    return day


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth given weekday of a month (0 is Monday); nth -1 is the last."""
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = _add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus, letters as it names them)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months, clamped to the month's end (31 Jan + 1 → 28 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
