"""PL203–PL207: every channel carries a concrete, plausible, consistent target.

PL204 (goal-out-of-range) and PL208 (unmeasured-promise) are data — an `in_range` and a `flag`
rule — so this module keeps only the rules that need logic. Targets are compared as durations
from `policy_lint.values`, on one clock at a time: business days have no fixed length, so a
target in business days is read as a range, from the shortest to the longest opening day of
`business_hours` (0 to 24 hours when the policy gives none), and one target is only called
shorter than another when it is shorter across those whole ranges.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.checks.validity import parse_opening
from policy_lint.lint.document import Document, escape
from policy_lint.lint.findings import Problem
from policy_lint.quoting import cut
from policy_lint.values import Duration, DurationError, parse_duration, percentage

ANY = "any"
DAY = 86400.0
HOUR = 3600.0
MINUTE = 60.0
URGENCY = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
SPOKEN = ("phone", "chat")  # channels answered live: an answer target is seconds or minutes
TIMED = ("first_response", "resolution", "acknowledgement")
ANSWERED = ("first_response", "resolution")  # what a customer waits for; PL205 reads only these


@dataclass(frozen=True, slots=True)
class Level:
    """A service level as the target rules read it; `priorities` None means every priority."""

    index: int
    id: str
    channel: str
    metric: str
    clock: str
    within: str
    priorities: frozenset[str] | None
    low: float  # shortest and longest the target can be, in seconds on its clock
    high: float
    business_days: bool
    scope: str = ""  # its `where:`/`where_not:` as one text; "" for a level on every ticket

    @property
    def pointer(self) -> str:
        """Where the target stands: its `within`."""
        return f"/service_levels/{self.index}/within"

    def covers(self, channel: str, priorities: frozenset[str] | None, scope: str = "") -> bool:
        """Whether every ticket on `channel` with `priorities` (and in `scope`) falls under this
        level: a scoped level covers only the tickets of its own scope."""
        if self.scope and self.scope != scope:
            return False
        on_channel = self.channel == ANY or self.channel == channel
        if self.priorities is None:
            return on_channel
        return on_channel and priorities is not None and priorities <= self.priorities

    def shares_channel(self, other: Level) -> bool:
        """Whether both levels speak of one channel (`any` speaks of every channel)."""
        return ANY in (self.channel, other.channel) or self.channel == other.channel

    def shares_tickets(self, other: Level) -> bool:
        """Whether some ticket surely falls under both levels (two scopes are not compared: a
        contradiction is claimed only where the same tickets are certain)."""
        if not self.shares_channel(other) or not self.shares_scope(other):
            return False
        if self.priorities is None or other.priorities is None:
            return True
        return bool(self.priorities & other.priorities)

    def shares_scope(self, other: Level) -> bool:
        """Whether the levels speak of the same tickets as far as `where:` goes: one of them has
        no scope, or both have the same one."""
        return not self.scope or not other.scope or self.scope == other.scope


def scope_of(entry: dict[str, Any]) -> str:
    """A level's `where:` and `where_not:` as one text, the same for the same conditions."""
    scoped = {key: entry[key] for key in ("where", "where_not") if key in entry}
    return json.dumps(scoped, sort_keys=True, default=str) if scoped else ""


def opening_day_range(doc: Document) -> tuple[float, float]:
    """The shortest and longest opening day of `business_hours`, in seconds."""
    days = []
    weekly = doc.get("/business_hours/weekly")
    for openings in weekly.values() if isinstance(weekly, dict) else []:
        spans = [parse_opening(text) for text in openings] if isinstance(openings, list) else []
        seconds = sum(60.0 * (span[1] - span[0]) for span in spans if isinstance(span, tuple))
        if seconds > 0:
            days.append(seconds)
    return (min(days), max(days)) if days else (0.0, DAY)


def _bounds(duration: Duration, clock: str, day: tuple[float, float]) -> tuple[float, float]:
    """The shortest and longest a duration can be on its clock, in seconds."""
    if clock != "business":
        seconds = duration.calendar_seconds()
        return seconds, seconds
    unit, amount = duration.business()
    if unit == "days":
        return amount * day[0], amount * day[1]
    return amount, amount


def levels(doc: Document) -> list[Level]:
    """The service levels with a readable target; anything malformed is left to PL102 and PL103."""
    found: list[Level] = []
    day = opening_day_range(doc)
    entries = doc.get("/service_levels")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        level = _level(index, entry, day)
        if level is not None:
            found.append(level)
    return found


def _level(index: int, entry: Any, day: tuple[float, float]) -> Level | None:
    if not isinstance(entry, dict):
        return None
    channel, metric = entry.get("channel"), entry.get("metric")
    clock, priority = entry.get("clock", "calendar"), entry.get("priority")
    if not (isinstance(channel, str) and metric in TIMED and isinstance(clock, str)):
        return None
    if priority is not None and not (
        isinstance(priority, list) and priority and all(isinstance(p, str) for p in priority)
    ):
        return None
    try:
        duration = parse_duration(entry.get("within"))
        if duration.is_zero:
            return None
        low, high = _bounds(duration, clock, day)
    except DurationError:
        return None
    return Level(
        index=index,
        id=str(entry.get("id", f"#{index + 1}")),
        channel=channel,
        metric=str(metric),
        clock=clock,
        within=str(entry["within"]),
        priorities=frozenset(priority) if priority is not None else None,
        low=low,
        high=high,
        business_days=clock == "business" and duration.amount("d") > 0,
        scope=scope_of(entry),
    )


def channel_without_target(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL203: a declared channel that no level with a readable `within` covers."""
    channels = doc.get("/channels")
    if not isinstance(channels, dict):
        return
    covered = {
        entry.get("channel")
        for _, entry in doc.glob("/service_levels/*")
        if isinstance(entry, dict)
        and isinstance(entry.get("channel"), str)
        and _has_time(entry.get("within"))
    }
    for name in channels:
        if name not in covered and ANY not in covered:
            yield Problem(
                f"/channels/{escape(name)}",
                f"channel `{cut(name)}` has no service level with a time: say how soon its "
                "customers get an answer (a level with `within`, e.g. `8h`)",
                key=True,
            )


def _has_time(within: Any) -> bool:
    """Whether a level states a time at all. An unreadable or zero one is PL102's or PL103's to
    report, once: counting it as no target here would report the same slip twice."""
    return within is not None and within != ""


def unrealistic_goal(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL205: a goal of exactly 100 % on a first response or a resolution."""
    for pointer, entry in doc.glob("/service_levels/*"):
        if not isinstance(entry, dict) or entry.get("metric") not in ANSWERED:
            continue
        if "goal" in entry and percentage(entry["goal"]) == 1.0:
            yield Problem(
                f"{pointer}/goal",
                f"a 100 % goal on {entry['metric']}: a single late ticket breaks the promise; "
                "promise the share you can keep, e.g. `95%`",
            )


def _effective(
    found: list[Level],
    metric: str,
    clock: str,
    channel: str,
    priorities: frozenset[str] | None,
    scope: str = "",
) -> Level | None:
    """Of the levels that cover these tickets, the fastest: the target that binds them."""
    covering = [
        level
        for level in found
        if level.metric == metric
        and level.clock == clock
        and level.covers(channel, priorities, scope)
    ]
    return min(covering, key=lambda level: level.low, default=None)


def _shared(one: Level, other: Level) -> tuple[str, frozenset[str] | None, str]:
    """The channel, priorities and scope of the tickets two levels share."""
    channel = other.channel if one.channel == ANY else one.channel
    scope = one.scope or other.scope
    if one.priorities is None or other.priorities is None:
        return channel, one.priorities if other.priorities is None else other.priorities, scope
    return channel, one.priorities & other.priorities, scope


def _names(priorities: frozenset[str] | None) -> str:
    if priorities is None:
        return "all"
    return ", ".join(sorted(priorities, key=lambda name: URGENCY.get(name, -1), reverse=True))


def _resolution_before_response(found: list[Level]) -> Iterator[Problem]:
    """A resolution target shorter than the first-response target binding the same tickets."""
    for resolution in (level for level in found if level.metric == "resolution"):
        for response in (level for level in found if level.metric == "first_response"):
            if response.clock != resolution.clock or not resolution.shares_tickets(response):
                continue
            binding = _effective(
                found, "first_response", response.clock, *_shared(resolution, response)
            )
            if binding is not None and resolution.high < binding.low:
                yield Problem(
                    resolution.pointer,
                    f"resolution within `{cut(resolution.within)}` is promised sooner than the "
                    f"first response within `{cut(binding.within)}` (`{cut(binding.id)}`) for the "
                    "same tickets: a ticket is answered before it is resolved",
                )
                break


def _urgent_slower(found: list[Level]) -> Iterator[Problem]:
    """Disjoint explicit priority sets where the more urgent set has the slower target."""
    for urgent in found:
        for calm in found:
            if not _inverted(urgent, calm):
                continue
            channel, _, scope = _shared(urgent, calm)
            binding = _effective(
                found, urgent.metric, urgent.clock, channel, urgent.priorities, scope
            )
            if binding is not None and binding.low > calm.high:
                yield Problem(
                    urgent.pointer,
                    f"{_names(urgent.priorities)} tickets get {urgent.metric} within "
                    f"`{cut(urgent.within)}`, slower than the `{cut(calm.within)}` that "
                    f"`{cut(calm.id)}` gives {_names(calm.priorities)} tickets: the more urgent "
                    "ticket should be faster",
                )
                break


def _inverted(urgent: Level, calm: Level) -> bool:
    """Whether two levels of one metric and clock, on a shared channel, are for explicit,
    disjoint priority sets with every priority of `urgent` above every one of `calm`."""
    if urgent.priorities is None or calm.priorities is None or urgent.priorities & calm.priorities:
        return False
    if (urgent.metric, urgent.clock) != (calm.metric, calm.clock):
        return False
    if not urgent.shares_channel(calm) or not urgent.shares_scope(calm):
        return False
    if not urgent.priorities | calm.priorities <= set(URGENCY):
        return False
    return min(URGENCY[p] for p in urgent.priorities) > max(URGENCY[p] for p in calm.priorities)


def inconsistent_targets(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL206: resolution before first response, or the more urgent tickets on the slower target.

    A level made redundant by a faster one that covers the same tickets (a subset of priorities
    slower than a level for all priorities) does not bind them, so it contradicts nothing.
    """
    found = levels(doc)
    yield from _resolution_before_response(found)
    yield from _urgent_slower(found)


def implausible_unit(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL207: a phone or chat answer over an hour, or an e-mail first response under a minute."""
    for level in levels(doc):
        if level.metric != "first_response":
            continue
        if level.channel in SPOKEN and (level.low > HOUR or level.business_days):
            yield Problem(
                level.pointer,
                f"a {level.channel} answer within `{cut(level.within)}` is over an hour: most "
                f"likely a unit slip{_suggest(level.within, {'h': 'm', 'm': 's', 'd': 'h'})}",
            )
        elif level.channel == "email" and level.high < MINUTE:
            yield Problem(
                level.pointer,
                f"an e-mail first response within `{cut(level.within)}` is under a minute: most "
                f"likely a unit slip{_suggest(level.within, {'s': 'm', 'm': 'h'})}",
            )


def _suggest(within: str, swaps: dict[str, str]) -> str:
    """` (did you mean `2m`?)` for a short form whose unit was probably meant one step over."""
    text = within.strip()
    number = text.rstrip("smhd")
    unit = text[len(number) :]
    if unit in swaps and number.replace(".", "", 1).isdigit():
        return f" (did you mean `{cut(number + swaps[unit])}`?)"
    return ""


CHECKS: dict[str, Check] = {
    "channel-without-target": channel_without_target,
    "unrealistic-goal": unrealistic_goal,
    "inconsistent-targets": inconsistent_targets,
    "implausible-unit": implausible_unit,
}
