"""PL701–PL703: business hours exist where a business clock counts, stay current, fit the channels.

A target without `clock` counts on the calendar clock, as everywhere else in the linter. Complaint
targets cover complaints on every channel, so here they stand with the levels on `any`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.checks.review import add_months, read_date
from policy_lint.lint.checks.validity import calendar_names, calendar_refs, hours_pointers
from policy_lint.lint.document import Document, escape
from policy_lint.lint.findings import Problem
from policy_lint.public_holidays import (
    Country,
    closest_country,
    closest_subdivision,
    countries,
    country_days,
    known,
    supported,
)
from policy_lint.quoting import cut
from policy_lint.values import DurationError, parse_duration

DAY = 86400.0
COMPLAINT_TARGETS = ("acknowledge", "final_response")


def timed_targets(doc: Document) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Every timed promise: its pointer, its mapping, and the channel it covers (`any`)."""
    for pointer, level in doc.glob("/service_levels/*"):
        if isinstance(level, dict):
            yield pointer, level, level.get("channel", "any")
    for name in COMPLAINT_TARGETS:
        target = doc.get(f"/complaints/{name}")
        if isinstance(target, dict):
            yield f"/complaints/{name}", target, "any"


def target_name(pointer: str, target: dict[str, Any]) -> str:
    """How a message names a promise: its id, or where it stands."""
    name = target.get("id")
    return f"`{cut(name)}`" if isinstance(name, str) and name else f"`{pointer[1:]}`"


def calendar_of(doc: Document, pointer: str, target: dict[str, Any]) -> str | None:
    """The calendar a target names (a complaint target: the complaints'), or None: the default."""
    name = doc.get("/complaints/calendar") if pointer.startswith("/complaints/") else None
    name = target.get("calendar", name)
    return name if isinstance(name, str) else None


def missing_business_hours(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL701: a business clock with no business hours to count, on each calendar it names."""
    users: dict[str | None, list[tuple[str, dict[str, Any]]]] = {}
    for pointer, target, _ in timed_targets(doc):
        if target.get("clock") == "business":
            users.setdefault(calendar_of(doc, pointer, target), []).append((pointer, target))
    for calendar, group in users.items():
        first = target_name(*group[0])
        more = f" (and {len(group) - 1} more)" if len(group) > 1 else ""
        if calendar is None:
            yield from _default_hours(doc, f"{first}{more}")
        elif calendar in calendar_names(doc):
            at = f"/calendars/{escape(calendar)}"
            if not _has_openings(_weekly_of(doc.get(at))):
                yield Problem(
                    f"{at}/weekly" if doc.has(f"{at}/weekly") else at,
                    f"{first}{more} counts on the business clock of `{cut(calendar)}`, but that "
                    "calendar has no opening hours: that clock never runs",
                )


def _weekly_of(hours: Any) -> Any:
    return hours.get("weekly") if isinstance(hours, dict) else None


def _default_hours(doc: Document, users: str) -> Iterator[Problem]:
    hours = doc.get("/business_hours")
    if not isinstance(hours, dict) or not hours:
        yield Problem(
            "/business_hours",
            f"{users} counts on the business clock, "
            "but no `business_hours` says when that clock runs",
        )
    elif not _has_openings(hours.get("weekly")):
        yield Problem(
            "/business_hours/weekly",
            f"{users} counts on the business clock, but `business_hours` has no opening "
            "hours: that clock never runs",
        )


def _has_openings(weekly: Any) -> bool:
    days = weekly.values() if isinstance(weekly, dict) else []
    return any(isinstance(day, list) and any(isinstance(o, str) for o in day) for day in days)


def holiday_dates(holidays: Any) -> Iterator[dt.date]:
    """Every date the holiday list names: single days, both ends of ranges, mapping entries."""
    for item in holidays if isinstance(holidays, list) else [holidays]:
        text = item.get("date") if isinstance(item, dict) else item
        for part in text.split("..") if isinstance(text, str) else []:
            date = read_date(part)
            if date is not None:
                yield date


def holidays_horizon(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL702: holidays listed at least 12 months past today, or a country's, which never end;
    in `business_hours` and in each calendar."""
    for at in hours_pointers(doc):
        hours = doc.get(at)
        if hours:
            yield from _horizon(f"{at}/holidays", hours.get("holidays"), ctx.today)


def _horizon(pointer: str, holidays: Any, today: dt.date) -> Iterator[Problem]:
    horizon = add_months(today, 12)
    if any(known(c.country, c.subdivision) for c in countries(holidays)):
        return  # a country's public holidays are resolved for every year the clock counts
    last = max(holiday_dates(holidays), default=None)
    if last is None:
        yield Problem(
            pointer,
            "no holidays are listed: the business clock would count them as working days; "
            f"list them through {horizon.isoformat()} at least, or name the country "
            "(`{country: LV}`)",
        )
    elif last < horizon:
        yield Problem(
            pointer,
            f"the holidays end on {last.isoformat()}: list them through "
            f"{horizon.isoformat()} at least, 12 months from today, or name the country "
            "(`{country: LV}`)",
        )


def unknown_country(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL704: a country entry whose country or subdivision the `holidays` package does not
    know, or whose `except` names a day that country does not take off."""
    for pointer in (f"{hours}/holidays" for hours in hours_pointers(doc)):
        for country in countries(doc.get(pointer)):
            at = f"{pointer}/{country.index}"
            yield from _country_problems(at, country, doc.get(f"{at}/except"))


def _country_problems(pointer: str, entry: Country, excepted: Any) -> Iterator[Problem]:
    if entry.country not in supported():
        close = closest_country(entry.country)
        hint = f" — did you mean `{close}`?" if close else " (such as `LV`, `US` or `GB`)"
        yield Problem(
            f"{pointer}/country",
            f"`{cut(entry.country)}` is not a country whose public holidays are known: "
            f"write its ISO 3166 code{hint}",
        )
        return
    if entry.subdivision is not None and not known(entry.country, entry.subdivision):
        close = closest_subdivision(entry.country, entry.subdivision)
        codes = supported()[entry.country]
        listed = ", ".join(f"`{code}`" for code in codes[:12]) + (" …" if len(codes) > 12 else "")
        hint = (
            f" — did you mean `{close}`?"
            if close
            else f"; its subdivisions are {listed}"
            if codes
            else f"; `{entry.country}` has no subdivisions with holidays of their own"
        )
        yield Problem(
            f"{pointer}/subdivision",
            f"`{cut(entry.subdivision)}` is not a subdivision of `{entry.country}`{hint}",
        )
        return
    for index, day in _dates(excepted):
        given = country_days(entry.country, entry.subdivision, [day.year])
        if day not in given:
            near = min(given, key=lambda other: abs((other - day).days), default=None)
            hint = f" — did you mean {near.isoformat()} ({given[near]})?" if near else ""
            yield Problem(
                f"{pointer}/except/{index}",
                f"{day.isoformat()} is not a public holiday of `{entry.country}`"
                f"{f' ({entry.subdivision})' if entry.subdivision else ''}: `except` lists "
                f"the country's holidays the team works anyway{hint}",
            )


def _dates(listed: Any) -> Iterator[tuple[int, dt.date]]:
    """The readable dates of a list with their places (an unreadable one is PL102's)."""
    for index, text in enumerate(listed if isinstance(listed, list) else []):
        day = read_date(text)
        if day is not None:
            yield index, day


def availability_contradiction(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL703: a clock that does not fit the hours of the channel it measures."""
    channels = doc.get("/channels")
    hours = {
        name: channel.get("hours")
        for name, channel in (channels.items() if isinstance(channels, dict) else [])
        if isinstance(channel, dict)
    }
    for pointer, target, channel in timed_targets(doc):
        named = isinstance(channel, str) and channel in hours
        covered = list(hours) if channel == "any" else [channel] if named else []
        message = _contradiction(target, covered, hours, explicit=channel != "any")
        if message is None and named and target.get("clock") == "business":
            message = _other_calendar(calendar_of(doc, pointer, target), channel, hours[channel])
        if message:
            yield Problem(f"{pointer}/clock", f"{target_name(pointer, target)} {message}")


def _other_calendar(calendar: str | None, channel: str, staffed: Any) -> str | None:
    """Why a business-clock target counts on other hours than the calendar its channel is
    staffed in (`hours: business` pins none: a channel shared by regions is staffed in the hours
    of each region's promises)."""
    if staffed in (None, "24/7", "business") or not isinstance(staffed, str):
        return None
    if calendar == staffed:
        return None
    counts = f"the hours of `{cut(calendar)}`" if calendar else "the default `business_hours`"
    return (
        f"counts on {counts}, but `{cut(channel)}` is staffed in the hours of `{cut(staffed)}`: "
        "the clock would run while nobody answers, or stop while the team works; give it "
        f"`calendar: {cut(staffed)}`"
    )


def _contradiction(
    target: dict[str, Any], covered: list[Any], hours: dict[Any, Any], *, explicit: bool
) -> str | None:
    clock = target.get("clock", "calendar")
    business = [f"`{cut(name)}`" for name in covered if _in_business_hours(hours[name])]
    always = [f"`{cut(name)}`" for name in covered if hours[name] == "24/7"]
    seconds = _calendar_seconds(target.get("within"))
    if clock == "calendar" and business and seconds is not None and seconds < DAY:
        return (
            f"counts `{cut(target.get('within'))}` on the calendar clock, but "
            f"{', '.join(business)} is staffed only in business hours: nights and weekends would "
            "count against it"
        )
    if clock == "business" and explicit and always:
        return (
            f"counts on the business clock, but {always[0]} is staffed 24/7: "
            "measure it on the calendar clock"
        )
    return None


def _in_business_hours(staffed: Any) -> bool:
    """`business`, or the name of a calendar: staffed inside some business hours."""
    return isinstance(staffed, str) and staffed != "24/7"


def unused_calendar(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL705: a calendar that no promise counts on and no channel is staffed in."""
    used = {name for _, name in calendar_refs(doc) if isinstance(name, str)}  # else PL102's
    for name in calendar_names(doc):
        if name not in used:
            yield Problem(
                f"/calendars/{escape(name)}",
                f"calendar `{cut(name)}` is named by no promise's `calendar:` and no channel's "
                "`hours:`: nothing counts on it",
                key=True,
            )


def _calendar_seconds(within: Any) -> float | None:
    try:
        return parse_duration(within).calendar_seconds()
    except DurationError:
        return None


CHECKS: dict[str, Check] = {
    "missing-business-hours": missing_business_hours,
    "holidays-horizon": holidays_horizon,
    "unknown-country": unknown_country,
    "unused-calendar": unused_calendar,
    "availability-contradiction": availability_contradiction,
}
