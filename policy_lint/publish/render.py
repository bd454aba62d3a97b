"""`policy-lint render`: a policy published for customers and staff, as Markdown or HTML.

This module owns what the published page says — the promise of each service level as a plain
sentence, the hours, the escalation path, the complaint procedure, the next review — as a small
neutral model, `Page` (page.py), built once from the policy's data; render_markdown.py and
render_html.py format it. The words are data, the `render` part of
policy_lint/publish/templates/<language>.yaml, so that each language builds its sentences in its own
grammar (a case after "within", a form for 1 and for 5); a language without a file is shown in
English, and the output says so. Deterministic: no clock, no environment, same policy, same bytes.
The one date it reads is given: `today` (render's `--today`), from which the public holidays of a
country entry are listed for 12 months, as policy_lint.public_holidays resolves them; without it,
from the policy's `effective` date.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from policy_lint.public_holidays import closed_days, countries, is_country
from policy_lint.publish.page import Block, Items, Page, Section, Table, Terms, Text
from policy_lint.publish.templates.phrases import (
    Phrases,
    capitalized,
    percent,
    phrases_for,
    share,
    within_phrase,
)
from policy_lint.values import parse_duration

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PRIORITIES = ("low", "normal", "high", "urgent")
DAYS_PER_MONTH = 30.4375  # the mean Gregorian month, as the review rules count it


def build_page(doc: Mapping[str, Any], today: dt.date | None = None) -> Page:
    """The page of a policy: every section the policy has, in the order readers look for them;
    a country's public holidays listed for 12 months from `today` (else from `effective`)."""
    ph, note = phrases_for(doc.get("language"))
    start = today or _date(doc.get("effective"))
    sections = [
        section
        for build in _SECTIONS
        if (section := _build(build, doc, ph, start)) is not None and section.blocks
    ]  # fmt: skip
    return Page(ph.language, _text(doc.get("title")), _meta(doc, ph), note, tuple(sections))


def _build(build: Any, doc: Mapping[str, Any], ph: Phrases, start: dt.date | None) -> Any:
    """One section; the holidays are the one that reads a date."""
    return build(doc, ph, start) if build is _holidays else build(doc, ph)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _meta(doc: Mapping[str, Any], ph: Phrases) -> str:
    parts = [
        ph.say(key, **{key: _text(doc[key])}) for key in ("revision", "effective") if doc.get(key)
    ]
    return capitalized(" · ".join(parts), ph)


def _section(key: str, ph: Phrases, blocks: Sequence[Block | None]) -> Section:
    present = tuple(block for block in blocks if block is not None)
    return Section(key, ph.say(f"headings.{key}"), present)


def _statement(key: str) -> Any:
    def build(doc: Mapping[str, Any], ph: Phrases) -> Section | None:
        text = doc.get(key)
        return _section(key, ph, [Text(_text(text))]) if isinstance(text, str) and text else None

    return build


def _values(doc: Mapping[str, Any], ph: Phrases) -> Section | None:
    values = [_text(value) for value in _list(doc.get("values"))]
    return _section("values", ph, [Text(ph.join(values))]) if values else None


def _definitions(doc: Mapping[str, Any], ph: Phrases) -> Section:
    terms = tuple(
        (_text(term), _text(text)) for term, text in _dict(doc.get("definitions")).items()
    )
    return _section("definitions", ph, [Terms(terms) if terms else None])


def _channels(doc: Mapping[str, Any], ph: Phrases) -> Section:
    items = tuple(
        (ph.channel(str(name))["name"], _reach(_dict(channel), ph))
        for name, channel in _dict(doc.get("channels")).items()
    )
    return _section("channels", ph, [Terms(items) if items else None])


def _reach(channel: Mapping[str, Any], ph: Phrases) -> str:
    """How to reach one channel and when: its address, number or page, hours, description."""
    ways = [_text(channel[key]) for key in ("address", "number", "url") if channel.get(key)]
    hours = channel.get("hours")
    if isinstance(hours, str) and hours:
        said = (
            ph.say(f"channel_hours.{hours}")
            if hours in ("business", "24/7")
            else ph.say("channel_calendar", calendar=_text(hours))
        )
        ways.append(said if ways else capitalized(said, ph))  # an address keeps its case
    said = ", ".join(ways) + "." if ways else ""
    return " ".join(part for part in (said, _text(channel.get("description"))) if part)


def _self_service(doc: Mapping[str, Any], ph: Phrases) -> Section:
    links = _dict(doc.get("self_service"))
    known = ph.get("self_service")
    items = tuple((str(known.get(key, key)), _text(url)) for key, url in links.items() if url)
    return _section("self_service", ph, [Terms(items) if items else None])


def _promises(doc: Mapping[str, Any], ph: Phrases) -> Section:
    return _section("promises", ph, [Items(tuple(promise_sentences(doc)))])


def promise_sentences(doc: Mapping[str, Any]) -> list[str]:
    """Every service level's promise as a sentence in the policy's language, in policy order."""
    ph, _ = phrases_for(doc.get("language"))
    levels = [_dict(level) for level in _list(doc.get("service_levels"))]
    return [sentence for level in levels if (sentence := level_sentence(level, ph))]


def level_sentence(level: Mapping[str, Any], ph: Phrases) -> str:
    """One service level as a sentence: who gets what share of answers within what time."""
    metric, channel = str(level.get("metric")), str(level.get("channel", "any"))
    templates = ph.get("promises").get(metric)
    if templates is None:
        return ""
    template = templates.get(channel, templates["default"])
    words = ph.channel(channel)
    if metric == "abandonment_rate":
        sentence = template["max"].format_map({**words, "max": percent(level.get("max"), ph)})
    else:
        sentence = _timed(template, level, ph, words)
    sentence += _priorities(level.get("priority"), ph) + _scope(level, ph) + "."
    return " ".join(
        part for part in (capitalized(sentence, ph), _text(level.get("description"))) if part
    )


def _timed(
    template: Mapping[str, str], target: Mapping[str, Any], ph: Phrases, words: Mapping[str, str]
) -> str:
    """A timed promise: `every` when the goal is 100 % (or absent), else `share`."""
    goal = share(target.get("goal"))
    within = within_phrase(target.get("within"), str(target.get("clock", "calendar")), ph)
    variant = "every" if goal is None or 100 <= goal < math.inf else "share"
    said = percent(target.get("goal"), ph)
    return template[variant].format_map({**words, "within": within, "goal": said})


def _priorities(priorities: Any, ph: Phrases) -> str:
    named = [str(_word(ph.get("priorities"), p) or _text(p)) for p in _list(priorities)]
    if not named or set(map(_text, _list(priorities))) >= set(PRIORITIES):
        return ""
    return ph.say("priority", priorities=ph.join(named))


def _scope(target: Mapping[str, Any], ph: Phrases) -> str:
    """` (tier: enterprise; not tags: spam; hours of new_york)`: whom a promise covers and on
    whose hours, so that a page never promises everyone what the policy promises some."""
    parts = [_conditions(target.get("where"))]
    unless = _conditions(target.get("where_not"))
    parts.append(ph.say("scope_not", conditions=unless) if unless else "")
    if isinstance(target.get("calendar"), str):
        parts.append(ph.say("calendar", calendar=_text(target["calendar"])))
    said = "; ".join(part for part in parts if part)
    return f" ({said})" if said else ""


def _conditions(conditions: Any) -> str:
    """`tier: enterprise; tags: vip, partner`."""
    said = []
    for field, values in _dict(conditions).items():
        listed = values if isinstance(values, list) else [values]
        said.append(f"{_text(field)}: {', '.join(_text(value) for value in listed)}")
    return "; ".join(said)


def _hours(doc: Mapping[str, Any], ph: Phrases) -> Section | None:
    hours = doc.get("business_hours")
    calendars = _dict(doc.get("calendars"))
    if not isinstance(hours, dict) and not calendars:
        return None
    blocks = _hours_blocks(hours, ph) if isinstance(hours, dict) else []
    for name, calendar in calendars.items():
        label = capitalized(ph.say("calendar", calendar=_text(name)), ph)
        blocks += [Text(label + ":"), *_hours_blocks(_dict(calendar), ph)]
    return _section("hours", ph, blocks)


def _hours_blocks(hours: Mapping[str, Any], ph: Phrases) -> list[Block | None]:
    weekly = _dict(hours.get("weekly"))
    rows = tuple((ph.say(f"weekdays.{day}"), _day(weekly.get(day), ph)) for day in WEEKDAYS)
    zone = hours.get("timezone")
    said = Text(ph.say("timezone", timezone=_text(zone))) if zone else None
    return [Table(tuple(ph.get("hours_columns")), rows), said]


def _day(intervals: Any, ph: Phrases) -> str:
    """A day's opening intervals, `09:00–12:00, 13:00–17:00`, or that it is closed."""
    shown = [_text(interval).replace("-", "–") for interval in _list(intervals)]
    return ", ".join(shown) or ph.say("closed")


def _holidays(doc: Mapping[str, Any], ph: Phrases, start: dt.date | None = None) -> Section:
    listed = _list(_dict(doc.get("business_hours")).get("holidays"))
    blocks = _holiday_blocks(listed, ph, start)
    for name, calendar in _dict(doc.get("calendars")).items():
        own = _list(_dict(calendar).get("holidays"))
        if own:
            label = capitalized(ph.say("calendar", calendar=_text(name)), ph)
            blocks += [Text(label + ":"), *_holiday_blocks(own, ph, start)]
    return _section("holidays", ph, blocks)


def _holiday_blocks(listed: list[Any], ph: Phrases, start: dt.date | None) -> list[Block | None]:
    """The dates as written, then each country's public holidays from `start` for 12 months
    (the days its `except` lists are not among them)."""
    dated = tuple(_holiday(entry) for entry in listed if not is_country(entry))
    blocks: list[Block | None] = [Items(dated) if dated else None]
    for country in countries(listed):
        shown = country.country + (f" ({country.subdivision})" if country.subdivision else "")
        if start is None:
            blocks.append(Text(ph.say("holidays_country_always", country=_text(shown))))
            continue
        end = _months_later(start, 12)
        days = closed_days([listed[country.index]], range(start.year, end.year + 1), ph.language)
        found = tuple(f"{day}: {name}" for day, name in days.items() if start <= day <= end)
        said = ph.say("holidays_country", country=_text(shown), first=str(start), last=str(end))
        blocks += [Text(said), Items(found) if found else None]
    return blocks


def _months_later(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return _clamped(year, month + 1, day.day)


def _holiday(entry: Any) -> str:
    """`2026-12-24 – 2026-12-26: Christmas`: the days, and the name when given."""
    when, name = (
        (entry.get("date"), entry.get("name")) if isinstance(entry, dict) else (entry, None)
    )
    days = " – ".join(_text(when).split(".."))
    return f"{days}: {_text(name)}" if name else days


def _escalation(doc: Mapping[str, Any], ph: Phrases) -> Section | None:
    escalation = doc.get("escalation")
    if not isinstance(escalation, dict):
        return None
    rows = tuple(_escalation_row(_dict(level), ph) for level in _list(escalation.get("matrix")))
    channels = [ph.channel(str(name))["name"] for name in _list(escalation.get("applies_to"))]
    applies = Text(ph.say("escalation.applies", channels=ph.join(channels))) if channels else None
    return _section(
        "escalation",
        ph,
        [Table(tuple(ph.get("escalation.columns")), rows) if rows else None, applies],
    )


def _escalation_row(level: Mapping[str, Any], ph: Phrases) -> tuple[str, ...]:
    """Level, who (and what they do), how to reach them, when a case moves up to them."""
    when = []
    if level.get("after"):
        when.append(
            ph.say("escalation.after", within=within_phrase(level["after"], "calendar", ph))
        )
    if level.get("on_breach") is True:
        when.append(ph.say("escalation.breach"))
    if not when:
        when.append(ph.say("escalation.first"))
    who = " — ".join(
        part for part in (_text(level.get("owner")), _text(level.get("description"))) if part
    )
    said = capitalized(str(ph.words["escalation"]["joiner"]).join(when), ph)
    return (_text(level.get("level")), who, _text(level.get("contact")), said)


def _complaints(doc: Mapping[str, Any], ph: Phrases) -> Section | None:
    if not isinstance(doc.get("complaints"), dict):
        return None
    return _section("complaints", ph, [Items(tuple(complaint_sentences(doc, ph)))])


def complaint_sentences(doc: Mapping[str, Any], ph: Phrases) -> Iterator[str]:
    """How to complain, what we promise, where it is logged, who handles it, how often reviewed."""
    complaints = _dict(doc.get("complaints"))
    intake = [ph.channel(str(name))["name"] for name in _list(complaints.get("intake"))]
    if intake:
        yield ph.say("complaints.intake", channels=ph.join(intake))
    scope = _scope(complaints, ph)
    for key in ("acknowledge", "final_response"):
        target = complaints.get(key)
        if isinstance(target, dict) and target.get("within"):
            said = _timed(ph.get(f"complaints.{key}"), target, ph, {})
            yield capitalized(said, ph) + scope + "."
    for key in ("holding_response", "logged_in"):
        if complaints.get(key):
            yield ph.say(f"complaints.{key}", text=_text(complaints[key]))
    yield from _complaint_routing(doc, complaints, ph)


def _complaint_routing(
    doc: Mapping[str, Any], complaints: Mapping[str, Any], ph: Phrases
) -> Iterator[str]:
    """The escalation level complaints go to, named by its owner, and the review cadence."""
    level = complaints.get("escalation_level")
    matrix = [_dict(entry) for entry in _list(_dict(doc.get("escalation")).get("matrix"))]
    owners = [_text(entry.get("owner")) for entry in matrix if entry.get("level") == level]
    if level is not None and owners and owners[0]:
        yield ph.say("complaints.escalation", level=_text(level), owner=owners[0])
    cadence = _word(ph.get("cadences"), complaints.get("review"))
    if cadence:
        yield ph.say("complaints.review", cadence=cadence)


def _feedback(doc: Mapping[str, Any], ph: Phrases) -> Section | None:
    feedback = doc.get("feedback")
    if not isinstance(feedback, dict):
        return None
    items = [_method(_dict(method), ph) for method in _list(feedback.get("methods"))]
    owner, cadence = feedback.get("owner"), _word(ph.get("cadences"), feedback.get("review"))
    if owner and cadence:
        items.append(ph.say("feedback.owner", owner=_text(owner), cadence=cadence))
    elif owner:
        items.append(ph.say("feedback.owner_only", owner=_text(owner)))
    if feedback.get("used_for"):
        items.append(ph.say("feedback.used_for", text=_text(feedback["used_for"])))
    return _section("feedback", ph, [Items(tuple(items)) if items else None])


def _method(method: Mapping[str, Any], ph: Phrases) -> str:
    """A feedback method: what it is, when it is asked, and how."""
    kind = str(method.get("type", ""))
    name = str(ph.get("feedback.methods").get(kind, kind.replace("_", " ")))
    timing = _word(ph.get("feedback.when"), method.get("when")) or _word(
        ph.get("cadences"), method.get("frequency")
    )
    said = ph.say("feedback.method", method=name, timing=str(timing)) if timing else f"{name}."
    return " ".join(part for part in (said, _text(method.get("description"))) if part)


def _review(doc: Mapping[str, Any], ph: Phrases) -> Section:
    review = _dict(doc.get("review"))
    last = review.get("last_reviewed")
    due = next_review(last, review.get("interval")) if last else None
    reviewers = [_text(name) for name in _list(review.get("reviewers"))]
    return _section(
        "review",
        ph,
        [
            Text(ph.say("review.last", date=_text(last))) if last else None,
            Text(ph.say("review.next", date=due.isoformat())) if due else None,
            Text(ph.say("review.reviewers", reviewers=ph.join(reviewers))) if reviewers else None,
            _owner(_dict(doc.get("owner")), ph),
        ],
    )


def next_review(last: Any, interval: Any) -> dt.date | None:
    """`last_reviewed` plus `interval` (12 months when absent), or None when either is unreadable.

    Whole months are calendar months (15 Sep + 12 months is 15 Sep); what is left over is
    counted in mean months' days, as the review rules count it.
    """
    try:
        day = dt.date.fromisoformat(_text(last))
        months = parse_duration(interval if interval else "12 months").months()
        whole = int(months)
        year, month = divmod(day.year * 12 + day.month - 1 + whole, 12)
        moved = _clamped(year, month + 1, day.day)
        return moved + dt.timedelta(days=(months - whole) * DAYS_PER_MONTH)
    except (ValueError, OverflowError):  # DurationError is a ValueError
        return None


def _clamped(year: int, month: int, day: int) -> dt.date:
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            if day <= 28:
                raise
            day -= 1


def _owner(owner: Mapping[str, Any], ph: Phrases) -> Text | None:
    contacts = [_text(owner[key]) for key in ("email", "phone", "url") if owner.get(key)]
    if not owner.get("name") or not contacts:
        return None
    return Text(ph.say("review.owner", owner=_text(owner["name"]), contacts=ph.join(contacts)))


def _changelog(doc: Mapping[str, Any], ph: Phrases) -> Section:
    entries = [_dict(entry) for entry in _list(doc.get("changelog"))]
    fields = ("date", "revision", "summary")
    items = tuple(ph.say("changelog", **{k: _text(e.get(k)) for k in fields}) for e in entries)
    return _section("changelog", ph, [Items(items) if items else None])


def _text(value: Any) -> str:
    """A policy value as one line of text; absent is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return " ".join(str(value).split())


def _word(words: Mapping[str, Any], value: Any) -> Any:
    """The language's word for a value the policy names (a cadence, a priority), if it names
    one: a list or a mapping where a name belongs names none."""
    return words.get(value) if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


_SECTIONS = (
    _statement("purpose"),
    _statement("scope"),
    _statement("mission"),
    _statement("vision"),
    _values,
    _definitions,
    _channels,
    _self_service,
    _promises,
    _hours,
    _holidays,
    _escalation,
    _complaints,
    _feedback,
    _review,
    _changelog,
)
