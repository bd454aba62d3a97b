"""Calendar arithmetic behind PL402: months added the way a person counts them."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_lint.lint.checks.review import add_months, next_review, read_date
from policy_lint.values import Duration, parse_duration


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2026-09-15", 12, "2027-09-15"),
        ("2026-11-30", 3, "2027-02-28"),
        ("2026-03-31", -1, "2026-02-28"),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start: str, months: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(start), months).isoformat() == expected


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        ("12 months", "2027-09-15"),
        ("1 year", "2027-09-15"),
        ("P6M", "2027-03-15"),
        ("90 days", "2026-12-14"),
        ("2w", "2026-09-29"),
    ],
)
def test_next_review_adds_months_by_the_calendar_and_days_by_count(
    interval: str, expected: str
) -> None:
    due = next_review(dt.date(2026, 9, 15), parse_duration(interval))
    assert due is not None and due.isoformat() == expected


def test_a_review_beyond_the_calendar_is_never_due() -> None:
    # parse_duration refuses it (longer than 1,000 years); the review still must not overflow
    assert next_review(dt.date(2026, 1, 1), Duration("99999 years", (("y", 99999.0),))) is None


@pytest.mark.parametrize("value", ["2026-02-30", "20260915", "2026-W38-2", 20260915, None, ""])
def test_only_plain_iso_dates_are_read(value: object) -> None:
    assert read_date(value) is None
