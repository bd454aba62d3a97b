"""PL103–PL107: the validity of values the schema finds well shaped (durations, time zones,
opening hours, the channels entries refer to, service-level ids), each wrong for its own reason.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterator
from typing import Any

from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.document import Document
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


def invalid_timezone(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL104: a time zone that the IANA database does not know."""
    zone = doc.get("/business_hours/timezone")
    if not isinstance(zone, str) or zone_exists(zone):
        return
    yield Problem(
        "/business_hours/timezone",
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
    """PL105: malformed, empty, reversed or overlapping opening intervals."""
    for day_pointer, openings in doc.glob("/business_hours/weekly/*"):
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
    """PL106: a channel named by a service level, the escalation or complaints but not declared."""
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
                f"(declared: {declared_list})",
            )


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
