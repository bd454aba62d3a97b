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


def test_a_calendar_that_is_no_name_is_the_schemas_finding_not_a_crash() -> None:
    # hypothesis found `complaints: {calendar: []}` crashing PL705 (a list is not hashable)
    import datetime as dt

    from policy_lint.lint.catalogue import builtin_rules
    from policy_lint.lint.config import Settings
    from policy_lint.lint.linter import lint_text, make_linter

    linter = make_linter(builtin_rules(), Settings(today=dt.date(2026, 11, 23)))
    text = "complaints: {calendar: []}\ncalendars: {x: {timezone: Europe/Riga}}\n"
    codes = {finding.code for finding in lint_text(text, "p.yaml", linter)}
    assert {"PL102", "PL705"} <= codes
