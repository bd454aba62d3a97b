"""What a change does to the promises: tightened, loosened, added, removed — by meaning.

A reviewer approving a policy change needs to know which promises got tighter, which looser and
which vanished, not which lines moved. Each promise is compared part by part (its target, its
clock, its goal, the tickets it covers; business hours day by day), each part on its own. A change
is `loosened` when any part got looser, whatever the others did: a shorter target does not buy back
a lower goal, and a part that cannot be set beside its old self (8 business hours against 1
calendar day) cannot vouch for one that can. It is `incomparable` when no part got looser but some
part cannot be compared — the tool says so rather than guess — and `tightened` only when every part
that moved got tighter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from policy_lint.errors import LoadError
from policy_lint.lint.checks.validity import parse_opening
from policy_lint.lint.load import load_text
from policy_lint.publish.render import PRIORITIES, WEEKDAYS
from policy_lint.quoting import cut
from policy_lint.values import Duration, DurationError, parse_duration, percentage


class Kind(StrEnum):
    """How a change moves a promise."""

    TIGHTENED = "tightened"
    LOOSENED = "loosened"
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"  # neither tighter nor looser: no longer given, kept for JSON's summary
    INCOMPARABLE = "incomparable"


@dataclass(frozen=True, slots=True, order=True)
class Change:
    """One change to one promise, in the order reports list them."""

    path: str
    subject: str  # `service_levels/email-first-response`, `escalation/level 2`, …
    kind: Kind
    detail: str


ANY = "any"  # the channel of a promise made on every channel

# Each comparison answers -1 (tighter), +1 (looser), 0 (same) or None (cannot compare).
Direction = int | None


def _amount(value: Any, clock: str) -> tuple[str, float] | None:
    """A target as (unit kind, amount): ("calendar", s), ("business", s) or ("business-days", n)."""
    try:
        duration: Duration = parse_duration(value)
        if clock == "business":
            kind, amount = duration.business()
            return ("business-days" if kind == "days" else "business", amount)
        return ("calendar", duration.calendar_seconds())
    except DurationError:
        return None


def compare_targets(old: dict[str, Any], new: dict[str, Any]) -> tuple[Direction, str]:
    """Compare `within` under each side's clock: business time is looser than calendar time."""
    old_clock, new_clock = str(old.get("clock", "calendar")), str(new.get("clock", "calendar"))
    before, after = _amount(old.get("within"), old_clock), _amount(new.get("within"), new_clock)
    said = f"{cut(old.get('within'))} {cut(old_clock)} → {cut(new.get('within'))} {cut(new_clock)}"
    if before is None or after is None:
        return None, said
    if before == after:
        return 0, said
    if before[0] == after[0]:
        return (1 if after[1] > before[1] else -1), said
    if before[0] == "calendar" and after[0] == "business" and after[1] >= before[1]:
        return 1, said  # the same or more time, counted only in business hours
    if before[0] == "business" and after[0] == "calendar" and after[1] <= before[1]:
        return -1, said
    return None, said


def compare_numbers(old: Any, new: Any, looser_when_higher: bool) -> Direction:
    """Compare percentages: a lower goal (or a higher maximum) is looser."""
    before, after = percentage(old), percentage(new)
    if before is None or after is None:
        return None if (old is None) != (new is None) else 0
    if before == after:
        return 0
    higher = after > before
    return 1 if higher == looser_when_higher else -1


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a promise, compared on its own: which way it moved, and the words for it."""

    direction: Direction
    said: str


def verdict(directions: Iterable[Direction]) -> Kind | None:
    """One kind for several parts: None when nothing moved.

    Looser wins over everything, so that changing a second part at once (a clock, too) can never
    carry a loosening past a reviewer; then cannot-compare; tightened needs every moved part
    tighter.
    """
    moved = [d for d in directions if d != 0]
    if not moved:
        return None
    if 1 in moved:
        return Kind.LOOSENED
    if None in moved:
        return Kind.INCOMPARABLE
    return Kind.TIGHTENED


# each part's own way, in the order the ways decide a verdict
_OWN_WAY: dict[Direction, str] = {1: "(looser)", None: "cannot be compared", -1: "(tighter)"}


def combine(parts: Iterable[Part]) -> tuple[Kind, str] | None:
    """The kind the parts make together and their words; None when no part moved.

    Where the parts went different ways each says its own, the ones that decided first:
    `goal 95% → 50% (looser); within 8h business → 1d calendar cannot be compared`.
    """
    moved = [part for part in parts if part.direction != 0]
    kind = verdict(part.direction for part in moved)
    if kind is None:
        return None
    if len({part.direction for part in moved}) == 1:
        return kind, "; ".join(part.said for part in moved)
    ranked = sorted(moved, key=lambda part: list(_OWN_WAY).index(part.direction))
    return kind, "; ".join(f"{part.said} {_OWN_WAY[part.direction]}" for part in ranked)


def judge(path: str, subject: str, parts: Iterable[Part]) -> Iterator[Change]:
    """The one change the parts make to a promise, if any part moved."""
    combined = combine(parts)
    if combined is not None:
        yield Change(path, subject, *combined)


def target_parts(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Part]:
    """A target's parts: `within` on its clock, the goal, the maximum, whether and when it runs."""
    if "within" in old or "within" in new:
        direction, said = compare_targets(old, new)
        yield Part(direction, f"within {said}")
    for key, looser_when_higher in (("goal", False), ("max", True)):
        direction = compare_numbers(old.get(key), new.get(key), looser_when_higher)
        yield Part(direction, f"{key} {cut(old.get(key))} → {cut(new.get(key))}")
    if old.get("measured", True) is not False and new.get("measured", True) is False:
        yield Part(1, "no longer measured")
    pauses = set(map(str, new.get("pause_on") or [])) - set(map(str, old.get("pause_on") or []))
    if pauses:
        yield Part(1, f"also paused on {', '.join(map(cut, sorted(pauses)))}")


def _channels(was: Any, now: Any) -> Direction:
    """`any` covers every channel: to it is tighter, from it looser; one to another, unknown."""
    return -1 if now == ANY else 1 if was == ANY else None


def _priorities(was: Any, now: Any) -> Direction:
    """Fewer priorities covered is looser (absent covers every one); others instead, unknown."""

    def covered(value: Any) -> frozenset[str] | None:
        if value is None:
            return frozenset(PRIORITIES)
        return frozenset(map(str, value)) if isinstance(value, list) else None

    before, after = covered(was), covered(now)
    if before is None or after is None or not (after <= before or after >= before):
        return None
    return 0 if after == before else 1 if after < before else -1


# (finer, coarser): each coarser stretch is made of whole finer ones, so a goal met in every finer
# one is met in the coarser; absent is one figure over the whole export. A week is not in a month.
_NESTED = {("month", "quarter"), ("week", None), ("month", None), ("quarter", None)}


def _periods(was: Any, now: Any) -> Direction:
    """Judged over longer stretches is looser: a bad week hides in a good quarter."""
    return 1 if (was, now) in _NESTED else -1 if (now, was) in _NESTED else None


def _narrowing(was: Any, now: Any) -> Direction:
    """A `where:` or `where_not:` added covers fewer tickets, looser; dropped, more, tighter;
    one set of conditions for another cannot be compared."""
    return 1 if was is None else -1 if now is None else None


SCOPE: tuple[tuple[str, Callable[[Any, Any], Direction], str], ...] = (
    ("channel", _channels, "none"),
    ("priority", _priorities, "every"),
    ("metric", lambda was, now: None, "none"),  # another event measured
    ("period", _periods, "none"),
    ("where", _narrowing, "every ticket"),
    ("where_not", _narrowing, "none"),
    ("calendar", lambda was, now: None, "business_hours"),  # other hours: no common unit
)
COMPLAINT_SCOPE = ("where", "where_not", "calendar")  # set on `complaints`, for both targets


def scope_parts(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Part]:
    """Which tickets a promise covers and how it judges them: fewer, or more leniently, looser."""
    for key, compare, absent in SCOPE:
        was, now = old.get(key), new.get(key)
        if was != now:
            said = f"{key} {_shown(was, absent)} → {_shown(now, absent)}"
            yield Part(compare(was, now), said)


def _shown(value: Any, absent: str) -> str:
    if value is None:
        return absent
    if isinstance(value, dict):
        return "{" + ", ".join(f"{cut(k)}: {_shown(v, '')}" for k, v in value.items()) + "}"
    return f"[{', '.join(map(cut, value))}]" if isinstance(value, list) else cut(value)


def compare_target(
    path: str, subject: str, old: dict[str, Any], new: dict[str, Any]
) -> Iterator[Change]:
    """A service level or a complaint target: its clocked target, goal, maximum and scope."""
    yield from judge(path, subject, [*target_parts(old, new), *scope_parts(old, new)])


def _by_id(items: Any, key: str) -> dict[str, dict[str, Any]]:
    if not isinstance(items, list):
        return {}
    return {str(item[key]): item for item in items if isinstance(item, dict) and key in item}


def compare_service_levels(path: str, old: Any, new: Any) -> Iterator[Change]:
    """Service levels matched by id."""
    before, after = _by_id(old.get("service_levels"), "id"), _by_id(new.get("service_levels"), "id")
    for level_id in sorted(before.keys() | after.keys()):
        subject = f"service level {cut(level_id)}"
        if level_id not in after:
            yield Change(path, subject, Kind.REMOVED, _describe(before[level_id]))
        elif level_id not in before:
            yield Change(path, subject, Kind.ADDED, _describe(after[level_id]))
        else:
            yield from compare_target(path, subject, before[level_id], after[level_id])


def _describe(level: dict[str, Any]) -> str:
    if level.get("metric") == "abandonment_rate":
        return f"{cut(level.get('channel'))} abandonment at most {cut(level.get('max'))}"
    return (
        f"{cut(level.get('channel'))} {cut(level.get('metric'))} within "
        f"{cut(level.get('within'))} {cut(level.get('clock', ''))} at {cut(level.get('goal'))}"
    ).replace("  ", " ")


def compare_complaints(path: str, old: Any, new: Any) -> Iterator[Change]:
    """The complaint targets, and the escalation level complaints go to."""
    before = old.get("complaints") if isinstance(old.get("complaints"), dict) else {}
    after = new.get("complaints") if isinstance(new.get("complaints"), dict) else {}
    for name in ("acknowledge", "final_response"):
        subject = f"complaints.{name}"
        was, now = before.get(name), after.get(name)
        if isinstance(was, dict) and not isinstance(now, dict):
            yield Change(path, subject, Kind.REMOVED, f"within {cut(was.get('within'))}")
        elif isinstance(now, dict) and not isinstance(was, dict):
            yield Change(path, subject, Kind.ADDED, f"within {cut(now.get('within'))}")
        elif isinstance(was, dict) and isinstance(now, dict):
            scope_was = {key: before[key] for key in COMPLAINT_SCOPE if key in before}
            scope_now = {key: after[key] for key in COMPLAINT_SCOPE if key in after}
            yield from compare_target(path, subject, {**was, **scope_was}, {**now, **scope_now})


def compare_channels(path: str, old: Any, new: Any) -> Iterator[Change]:
    """Channels declared or withdrawn."""
    before = old.get("channels") if isinstance(old.get("channels"), dict) else {}
    after = new.get("channels") if isinstance(new.get("channels"), dict) else {}
    for name in sorted(before.keys() - after.keys()):
        yield Change(path, f"channel {cut(name)}", Kind.REMOVED, "no longer offered")
    for name in sorted(after.keys() - before.keys()):
        yield Change(path, f"channel {cut(name)}", Kind.ADDED, "newly offered")


def compare_escalation(path: str, old: Any, new: Any) -> Iterator[Change]:
    """Escalation levels matched by number: removed, added, slower to move up."""

    def matrix(doc: Any) -> dict[str, dict[str, Any]]:
        escalation = doc.get("escalation") if isinstance(doc.get("escalation"), dict) else {}
        return _by_id(escalation.get("matrix"), "level")

    before, after = matrix(old), matrix(new)
    for level in sorted(before.keys() | after.keys()):
        subject = f"escalation level {cut(level)}"
        if level not in after:
            yield Change(path, subject, Kind.REMOVED, cut(before[level].get("owner", "")))
        elif level not in before:
            yield Change(path, subject, Kind.ADDED, cut(after[level].get("owner", "")))
        else:
            yield from judge(path, subject, _level_parts(before[level], after[level]))


def _level_parts(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Part]:
    """An escalation level's parts: how long a ticket waits to move up, if a breach moves it."""
    if old.get("after") != new.get("after"):
        direction, said = compare_targets(
            {"within": old.get("after"), "clock": "calendar"},
            {"within": new.get("after"), "clock": "calendar"},
        )
        yield Part(direction, f"after {said.replace(' calendar', '')}")
    was, now = bool(old.get("on_breach")), bool(new.get("on_breach"))
    if was != now:
        yield Part(1 if was else -1, f"on breach {'no longer' if was else 'now'} escalates here")


def compare_review(path: str, old: Any, new: Any) -> Iterator[Change]:
    """The review interval: longer is looser."""

    def months(doc: Any) -> float | None:
        review = doc.get("review") if isinstance(doc.get("review"), dict) else {}
        try:
            return parse_duration(review.get("interval", "12 months")).months()
        except DurationError:
            return None

    before, after = months(old), months(new)
    if before != after:
        direction = None if before is None or after is None else (1 if after > before else -1)
        shown = [f"{m:g} months" if m is not None else "unreadable" for m in (before, after)]
        yield from judge(path, "review interval", [Part(direction, f"{shown[0]} → {shown[1]}")])


def compare_hours(path: str, old: Any, new: Any) -> Iterator[Change]:
    """Business hours, day by day, and their time zone.

    A day that lost open time stretches the business-clock promises made on it though another
    day gained as much: a weekly total would call that no change, or even a tightening.
    """
    before, after = old.get("business_hours"), new.get("business_hours")
    if isinstance(before, dict) and isinstance(after, dict):
        parts = list(_hours_parts(before, after))
    elif isinstance(before, dict) or isinstance(after, dict):
        shown = ["given" if isinstance(hours, dict) else "none" for hours in (before, after)]
        parts = [Part(None, f"business hours {shown[0]} → {shown[1]}")]
    else:
        return
    combined = combine(parts)
    if combined is None:
        return
    kind, detail = combined
    was, now = _weekly_minutes(before), _weekly_minutes(after)
    if was is not None and now is not None and was != now:
        detail += f"; {was / 60:g} → {now / 60:g} business hours a week"
    yield Change(path, "business hours", kind, detail)


def _hours_parts(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Part]:
    """The time zone (moved, every opening falls at another instant) and each day's openings."""
    zones = [cut(hours.get("timezone", "UTC")) for hours in (old, new)]
    if zones[0] != zones[1]:
        yield Part(None, f"timezone {zones[0]} → {zones[1]}")
    was, now = old.get("weekly") or {}, new.get("weekly") or {}
    if not isinstance(was, dict) or not isinstance(now, dict):
        if was != now:
            yield Part(None, "weekly hours unreadable")
        return
    for day in WEEKDAYS:
        if was.get(day) != now.get(day):
            direction = _day_direction(_open_minutes(was.get(day)), _open_minutes(now.get(day)))
            yield Part(direction, f"{day} {_openings(was.get(day))} → {_openings(now.get(day))}")


def _open_minutes(openings: Any) -> frozenset[int] | None:
    """The minutes of one day the business clock runs; None when an opening cannot be read."""
    if openings is None:
        return frozenset()  # a day left out is closed
    minutes: set[int] = set()
    for text in openings if isinstance(openings, list) else [openings]:
        parsed = parse_opening(text)
        if isinstance(parsed, str):
            return None
        minutes.update(range(*parsed))
    return frozenset(minutes)


def _day_direction(was: frozenset[int] | None, now: frozenset[int] | None) -> Direction:
    """A minute no longer open delays a promise made before it: looser, whatever else opened."""
    if was is None or now is None:
        return None
    if was - now:
        return 1
    return -1 if now - was else 0


def _openings(openings: Any) -> str:
    if isinstance(openings, list):
        return ", ".join(map(cut, openings)) or "closed"
    return "closed" if openings is None else cut(openings)


def _weekly_minutes(hours: Any) -> int | None:
    weekly = (hours.get("weekly") or {}) if isinstance(hours, dict) else None
    if not isinstance(weekly, dict):
        return None
    days = [_open_minutes(weekly.get(day)) for day in WEEKDAYS]
    return None if None in days else sum(len(day) for day in days if day is not None)


COMPARISONS = (
    compare_service_levels, compare_complaints, compare_channels, compare_escalation,
    compare_review, compare_hours,
)  # fmt: skip


def diff_data(path: str, old: Any, new: Any) -> list[Change]:
    """Every change between two policies' data, in a stable order."""
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    return sorted(change for compare in COMPARISONS for change in compare(path, old, new))


def policy_data(text: str | None, where: str) -> Any:
    """A policy's data, or LoadError when it cannot be read (a diff needs both sides whole)."""
    if text is None:
        return {}
    loaded = load_text(text, where)
    fatal = [issue for issue in loaded.issues if issue.code == "PL100"]
    if loaded.document is None or fatal:
        issue = fatal[0] if fatal else loaded.issues[0]
        raise LoadError(f"{where}:{issue.line}:{issue.column}: {issue.message}; cannot compare")
    return loaded.document.data
