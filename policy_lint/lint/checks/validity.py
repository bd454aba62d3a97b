"""PL103–PL107: the validity of values the schema finds well shaped (durations, time zones,
opening hours, the channels entries refer to, service-level ids), each wrong for its own reason.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterator
from typing import Any

from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.document import Document, escape
from policy_lint.lint.findings import Problem
from policy_lint.quoting import cut
from policy_lint.values import DurationError, parse_duration

CANONICAL_CHANNELS = ("email", "phone", "chat", "social", "web_form", "in_person")
_OPENING = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_NOT_ZONES = {"localtime", "posixrules", "Factory"}


def durations(doc: Document) -> Iterator[tuple[str, Any, str]]:
    """Every duration of the policy: pointer, value, and the clock it counts on."""
    for pointer, level in doc.glob("/service_levels/*"):
        if isinstance(level, dict) and "within" in level:
            yield f"{pointer}/within", level["within"], str(level.get("clock", "calendar"))
    for name in ("acknowledge", "final_response"):
        target = doc.get(f"/complaints/{name}")
        if isinstance(target, dict) and "within" in target:
            yield f"/complaints/{name}/within", target["within"], str(target.get("clock"))
    for pointer, after in doc.glob("/escalation/matrix/*/after"):
        yield pointer, after, "calendar"
    if doc.has("/review/interval"):
        yield "/review/interval", doc.get("/review/interval"), "review"


def invalid_duration(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL103: unreadable, zero, or unusable on its clock."""
    for pointer, value, clock in durations(doc):
        try:
            duration = parse_duration(value)
            if duration.is_zero:
                raise DurationError(f"`{cut(value)}` is zero: a promise needs a time above nothing")
            if clock == "business":
                duration.business()
            elif clock != "review":
                duration.calendar_seconds()
        except DurationError as error:
            yield Problem(pointer, str(error))


def hours_pointers(doc: Document) -> list[str]:
    """Where business hours are defined: `/business_hours`, then each of `calendars`."""
    found = ["/business_hours"] if isinstance(doc.get("/business_hours"), dict) else []
    found += [p for p, hours in doc.glob("/calendars/*") if isinstance(hours, dict)]
    return found


def calendar_names(doc: Document) -> list[str]:
    """The names `calendars` defines."""
    calendars = doc.get("/calendars")
    return [str(name) for name in calendars] if isinstance(calendars, dict) else []


def invalid_timezone(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL104: a time zone that the IANA database does not know, in any business hours."""
    for hours in hours_pointers(doc):
        zone = doc.get(f"{hours}/timezone")
        if not isinstance(zone, str) or zone_exists(zone):
            continue
        yield Problem(
            f"{hours}/timezone",
            f"`{cut(zone)}` is not an IANA time-zone name" + _closest_zone(zone),
        )


def zone_exists(name: str) -> bool:
    """Whether `name` is an IANA zone (zoneinfo's own lookup, minus files that are not zones)."""
    if name in _NOT_ZONES or name.startswith("/") or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _closest_zone(name: str) -> str:
    import difflib  # only on the error path: listing the zones costs tens of milliseconds

    zones = sorted(zoneinfo.available_timezones())
    lowered = {zone.lower(): zone for zone in zones}
    if name.lower() in lowered:
        return f" — did you mean `{lowered[name.lower()]}`?"
    close = difflib.get_close_matches(name, zones, n=1, cutoff=0.7)
    return f" — did you mean `{close[0]}`?" if close else " (such as `Europe/Riga`)"


def parse_opening(text: object) -> tuple[int, int] | str:
    """An opening interval as minutes since local midnight, or why it cannot be one."""
    match = _OPENING.match(text) if isinstance(text, str) else None
    if match is None:
        return f"`{cut(text)}` is not an opening interval such as `09:00-17:00`"
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    for hour, minute in ((h1, m1), (h2, m2)):
        if minute > 59 or hour > 24 or (hour == 24 and minute):
            return f"`{cut(text)}`: {hour:02}:{minute:02} is not a time of day (00:00 to 24:00)"
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start == end:
        return f"`{cut(text)}` is empty: it opens and closes at the same minute"
    if end < start:
        return f"`{cut(text)}` ends before it starts: split a night shift at 24:00 across two days"
    return start, end


def invalid_hours(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL105: malformed, empty, reversed or overlapping opening intervals, in any hours."""
    days = [found for hours in hours_pointers(doc) for found in doc.glob(f"{hours}/weekly/*")]
    for day_pointer, openings in days:
        if not isinstance(openings, list):
            continue
        taken: list[tuple[int, int, int]] = []
        for index, text in enumerate(openings):
            parsed = parse_opening(text)
            if isinstance(parsed, str):
                yield Problem(f"{day_pointer}/{index}", parsed)
                continue
            for start, end, other in taken:
                if parsed[0] < end and start < parsed[1]:
                    yield Problem(
                        f"{day_pointer}/{index}",
                        f"`{cut(text)}` overlaps `{cut(openings[other])}` on the same day",
                    )
                    break
            taken.append((*parsed, index))


def unknown_reference(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL106: a channel named by a service level, the escalation or complaints but not declared;
    a ticket field or value named by a `where:` or `where_not:` but not declared; a calendar
    named by a `calendar:` or a channel's `hours:` but not defined."""
    channels = doc.get("/channels")
    declared = set(channels) if isinstance(channels, dict) else set()
    declared_list = ", ".join(f"`{cut(name)}`" for name in sorted(declared)) or "none"
    refs = [(p, v, "any") for p, v in doc.glob("/service_levels/*/channel")]
    refs += [(p, v, "any") for p, v in doc.glob("/escalation/applies_to/*")]
    refs += [(p, v, "canonical") for p, v in doc.glob("/complaints/intake/*")]
    for pointer, name, also in refs:
        allowed = declared | ({"any"} if also == "any" else set(CANONICAL_CHANNELS))
        if isinstance(name, str) and name not in allowed:
            yield Problem(
                pointer,
                f"channel `{cut(name)}` is not declared under `channels` "
                f"(declared: {declared_list})" + did_you_mean(name, sorted(allowed)),
            )
    yield from _unknown_conditions(doc)
    yield from _unknown_calendars(doc)


def calendar_refs(doc: Document) -> Iterator[tuple[str, Any]]:
    """Every `calendar:` of a promise, and every channel's `hours:` naming a calendar."""
    for pattern in SCOPED:
        for pointer, item in doc.glob(pattern):
            if isinstance(item, dict) and "calendar" in item:
                yield f"{pointer}/calendar", item["calendar"]
    for pointer, hours in doc.glob("/channels/*/hours"):
        if hours not in ("business", "24/7"):
            yield pointer, hours


def _unknown_calendars(doc: Document) -> Iterator[Problem]:
    """PL106 for calendars: a `calendar:` or a channel's `hours:` naming none that is defined."""
    names = calendar_names(doc)
    listed = ", ".join(f"`{cut(name)}`" for name in names) or "none"
    for pointer, name in calendar_refs(doc):
        if not isinstance(name, str) or name in names:
            continue
        options = names + (["business", "24/7"] if pointer.endswith("/hours") else [])
        yield Problem(
            pointer,
            f"calendar `{cut(name)}` is not defined under `calendars` (defined: {listed})"
            + did_you_mean(name, options),
        )


SCOPED = ("/service_levels/*", "/complaints")  # what may carry `where:` and `where_not:`


def declared_fields(doc: Document) -> dict[str, list[str] | None]:
    """The fields `ticket_fields` declares, each with its known values (None: open values)."""
    fields = doc.get("/ticket_fields")
    declared: dict[str, list[str] | None] = {}
    for name, field in fields.items() if isinstance(fields, dict) else []:
        values = field.get("values") if isinstance(field, dict) else field
        listed = [v for v in values if isinstance(v, str)] if isinstance(values, list) else None
        declared[str(name)] = listed
    return declared


def conditions(doc: Document) -> Iterator[tuple[str, str, Any]]:
    """Every condition of every `where:` and `where_not:`: its pointer, field and values."""
    for pattern in SCOPED:
        for pointer, item in doc.glob(pattern):
            for key in ("where", "where_not"):
                found = item.get(key) if isinstance(item, dict) else None
                for name, values in found.items() if isinstance(found, dict) else []:
                    yield f"{pointer}/{key}/{escape(str(name))}", str(name), values


def _unknown_conditions(doc: Document) -> Iterator[Problem]:
    """PL106 for `where:` and `where_not:`: a field not declared, a value not among its own."""
    declared = declared_fields(doc)
    for pointer, name, values in conditions(doc):
        if name not in declared:
            yield Problem(pointer, _undeclared_field(name, declared), key=True)
            continue
        known = declared[name]
        listed = values if isinstance(values, list) else [values]
        for index, value in enumerate(listed):
            if known is None or not isinstance(value, str) or value in known:
                continue
            at = f"{pointer}/{index}" if isinstance(values, list) else pointer
            shown = ", ".join(f"`{cut(v)}`" for v in known[:12]) + (" …" if len(known) > 12 else "")
            yield Problem(
                at,
                f"`{cut(value)}` is not a value of `{cut(name)}` (declared: {shown})"
                + did_you_mean(value, known),
            )


def _undeclared_field(name: str, declared: dict[str, Any]) -> str:
    if name in ("channel", "priority"):
        return (
            f"`{name}` is not a ticket field: a service level is scoped by channel and "
            "priority with its own `channel:` and `priority:` keys"
        )
    if not declared:
        return (
            f"field `{cut(name)}` is not declared: declare it and its values under "
            f"`ticket_fields` (`{cut(name)}: [value, …]`)"
        )
    listed = ", ".join(f"`{cut(field)}`" for field in sorted(declared))
    return (
        f"field `{cut(name)}` is not declared under `ticket_fields` (declared: {listed})"
        + did_you_mean(name, list(declared))
    )


def did_you_mean(word: str, options: list[str]) -> str:
    """` — did you mean `x`?` for the option closest to a mistyped word, ignoring case first."""
    import difflib

    lowered = {option.lower(): option for option in options}
    if word.lower() in lowered:
        return f" — did you mean `{cut(lowered[word.lower()])}`?"
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" — did you mean `{cut(close[0])}`?" if close else ""


def duplicate_id(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL107: two service levels with one id; the later ones are reported."""
    seen: dict[str, int] = {}
    if not isinstance(doc.get("/service_levels"), list):
        return  # the schema speaks to a mapping or a scalar here
    for pointer, value in doc.glob("/service_levels/*/id"):
        index = int(pointer.split("/")[2])
        if not isinstance(value, str | int):
            continue
        if str(value) in seen:
            yield Problem(
                pointer,
                f"id `{cut(value)}` is already used by service level "
                f"{seen[str(value)] + 1}; ids name promises in reports",
            )
        else:
            seen[str(value)] = index


CHECKS: dict[str, Check] = {
    "invalid-duration": invalid_duration,
    "invalid-timezone": invalid_timezone,
    "invalid-hours": invalid_hours,
    "unknown-reference": unknown_reference,
    "duplicate-id": duplicate_id,
}
