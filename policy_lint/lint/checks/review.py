"""PL402–PL406: the review cycle and the policy's owner.

PL401 (no review date) is data, a `required` rule. Dates are YAML 1.2 strings, read here only when
they are plain ISO dates; the review interval is a duration from `policy_lint.values`, added to
the last review in calendar months (clamped to the month's end) so that the due date is the one a
person counting on a calendar would find. Unreadable dates and durations belong to PL102/PL103.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.checks.escalation import is_reachable
from policy_lint.lint.checks.kinds import is_empty
from policy_lint.lint.document import Document
from policy_lint.lint.findings import Problem
from policy_lint.quoting import cut
from policy_lint.values import Duration, DurationError, parse_duration

LAST_REVIEWED = "/review/last_reviewed"
DEFAULT_INTERVAL = "12 months"
DAYS_PER_MONTH = 30.4375  # durations.months() counts days at this rate
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def read_date(value: object) -> dt.date | None:
    """A `YYYY-MM-DD` date, or None for anything else (other ISO forms included)."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months, clamped to the month's end (31 Jan + 1 → 28 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def next_review(last: dt.date, interval: Duration) -> dt.date | None:
    """The date the next review is due, or None when it lies beyond the calendar (year 9999)."""
    whole = int(interval.amount("mo") + 12 * interval.amount("y"))
    try:
        return add_months(last, whole) + dt.timedelta(
            days=(interval.months() - whole) * DAYS_PER_MONTH
        )
    except (ValueError, OverflowError):
        return None


def review_interval(doc: Document) -> Duration | None:
    """The review interval (12 months when absent), or None when it cannot be used."""
    value = doc.get("/review/interval")
    try:
        interval = parse_duration(DEFAULT_INTERVAL if value is None else value)
    except DurationError:
        return None
    return None if interval.is_zero else interval


def review_overdue(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL402: the last review plus the interval lies before today."""
    last, interval = read_date(doc.get(LAST_REVIEWED)), review_interval(doc)
    if last is None or interval is None:
        return
    due = next_review(last, interval)
    if due is not None and due < ctx.today:
        yield Problem(
            LAST_REVIEWED,
            f"the next review was due by {due.isoformat()}, {interval.text} after "
            f"{last.isoformat()}; today is {ctx.today.isoformat()}: review the policy again",
        )


def review_in_future(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL403: a review dated after today has not happened."""
    last = read_date(doc.get(LAST_REVIEWED))
    if last is not None and last > ctx.today:
        yield Problem(
            LAST_REVIEWED,
            f"the last review is dated {last.isoformat()}, after today "
            f"({ctx.today.isoformat()}): record a review once it has taken place",
        )


def changelog_stale(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL404: the changelog records the current revision and the last review."""
    revision, last = doc.get("/revision"), read_date(doc.get(LAST_REVIEWED))
    changelog = doc.get("/changelog")
    entries = [e for e in changelog if isinstance(e, dict)] if isinstance(changelog, list) else []
    gaps = []
    if _is_label(revision) and not any(_same(e.get("revision"), revision) for e in entries):
        gaps.append(f"no entry for revision `{cut(revision)}`")
    if last is not None and not any(_on_or_after(e.get("date"), last) for e in entries):
        gaps.append(f"no entry dated on or after the last review ({last.isoformat()})")
    if gaps:
        yield Problem(
            "/changelog", f"the changelog has {' and '.join(gaps)}: record what changed and when"
        )


def _is_label(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool) and value != ""


def _same(label: Any, revision: Any) -> bool:
    return _is_label(label) and str(label).strip() == str(revision).strip()


def _on_or_after(value: Any, last: dt.date) -> bool:
    date = read_date(value)
    return date is not None and date >= last


def missing_owner(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL405: an owner who can be reached by e-mail, phone or a web address."""
    owner = doc.get("/owner")
    if isinstance(owner, dict):
        reachable = any(is_reachable(owner.get(key)) for key in ("email", "phone", "url"))
    else:
        reachable = is_reachable(owner)
    if reachable:
        return
    yield Problem(
        "/owner",
        ("the policy has no owner" if is_empty(owner) else "the owner cannot be reached")
        + ": name who answers for it, with an `email`, a `phone` or a `url`",
    )


def review_interval_too_long(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL406: an interval longer than 12 months."""
    value = doc.get("/review/interval")
    interval = review_interval(doc) if value is not None else None
    if interval is not None and interval.months() > 12:
        yield Problem(
            "/review/interval",
            f"`{cut(value)}` is longer than 12 months: review the policy at least once a year",
        )


CHECKS: dict[str, Check] = {
    "review-overdue": review_overdue,
    "review-in-future": review_in_future,
    "changelog-stale": changelog_stale,
    "missing-owner": missing_owner,
    "review-interval-too-long": review_interval_too_long,
}
