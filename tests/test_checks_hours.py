"""The holiday list as PL702 reads it: days, ranges and mapping entries."""

from __future__ import annotations

from policy_lint.lint.checks.hours import holiday_dates


def test_holiday_dates_read_days_ranges_and_mappings() -> None:
    holidays = ["2026-12-24", "2026-12-31..2027-01-01", {"date": "2027-06-23..2027-06-24"}, 5]
    assert [d.isoformat() for d in holiday_dates(holidays)] == [
        "2026-12-24",
        "2026-12-31",
        "2027-01-01",
        "2027-06-23",
        "2027-06-24",
    ]
