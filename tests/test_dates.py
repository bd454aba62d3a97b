"""Dates the calendar has: the schema spells a date, validate.impossible_date says which exist."""

from __future__ import annotations

import pytest

from policy_lint.lint.validate import impossible_date


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-02-29", "`2026-02-29` is no date: February 2026 has 28 days"),
        ("2100-02-29", "`2100-02-29` is no date: February 2100 has 28 days"),  # no leap year
        ("2026-04-31", "`2026-04-31` is no date: April 2026 has 30 days"),
        ("0000-01-01", "`0000-01-01` is no date: the calendar starts in year 1"),
        ("2026-01-01..2026-01-32", "`2026-01-32` is no date: January 2026 has 31 days"),
        ("2026-12-31..2026-01-01", "the range `2026-12-31..2026-01-01` ends before it begins"),
    ],
)
def test_a_date_the_calendar_lacks_says_why(text: str, why: str) -> None:
    assert impossible_date(text) == why


@pytest.mark.parametrize(
    "text",
    ["2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2026-12-24..2026-12-24", "x"],
)
def test_a_real_date_or_a_misspelling_is_not_called_impossible(text: str) -> None:
    assert impossible_date(text) is None  # a misspelling is the pattern's to report
