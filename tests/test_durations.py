"""Durations in every form of the policy format, and what each clock makes of them."""

from __future__ import annotations

import pytest

from policy_lint.values import DurationError, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("2m", 120),
        ("8h", 28_800),
        ("1.5h", 5_400),
        ("3d", 259_200),
        ("2w", 1_209_600),
        ("30 seconds", 30),
        ("1 minute", 60),
        ("8 hours", 28_800),
        ("2 days", 172_800),
        ("8 weeks", 4_838_400),
        ("PT8H", 28_800),
        ("PT1H30M", 5_400),
        ("P2D", 172_800),
        ("P1W", 604_800),
        ("pt30s", 30),
    ],
)
def test_calendar_seconds_of_every_form(text: str, seconds: int) -> None:
    assert parse_duration(text).calendar_seconds() == seconds


@pytest.mark.parametrize(
    ("text", "business"),
    [
        ("8h", ("seconds", 28_800)),
        ("3d", ("days", 3)),
        ("3 business days", ("days", 3)),
        ("2 working days", ("days", 2)),
        ("PT30M", ("seconds", 1_800)),
        ("P2D", ("days", 2)),
    ],
)
def test_business_clock_counts_days_as_business_days(
    text: str, business: tuple[str, float]
) -> None:
    assert parse_duration(text).business() == business


@pytest.mark.parametrize("text", ["2w", "8 weeks", "12 months", "P1M", "P1Y", "P1DT2H", "1.5d"])
def test_business_clock_refuses_what_it_cannot_count(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text).business()


@pytest.mark.parametrize("text", ["12 months", "P12M", "P1Y"])
def test_months_have_no_fixed_length(text: str) -> None:
    with pytest.raises(DurationError, match="months or years"):
        parse_duration(text).calendar_seconds()


def test_months_measure_review_intervals() -> None:
    assert parse_duration("12 months").months() == 12
    assert parse_duration("P1Y").months() == 12
    assert parse_duration("18 months").months() > 12


@pytest.mark.parametrize("text", ["soon", "", "8", "h8", "P", "PT", "8 hours later", 8])
def test_unreadable_durations_say_how_to_write_one(text: object) -> None:
    with pytest.raises(DurationError, match="not a duration"):
        parse_duration(text)


def test_business_qualifier_only_for_days() -> None:
    with pytest.raises(DurationError, match="only days"):
        parse_duration("8 business hours")


def test_zero_is_read_and_flagged_by_its_caller() -> None:
    assert parse_duration("0h").is_zero
    assert not parse_duration("PT1S").is_zero


def test_rings_and_same_day_say_what_to_write_instead() -> None:
    with pytest.raises(DurationError, match=r"3 rings ≈ 9–18 s\): write seconds, e.g. `15s`"):
        parse_duration("3 rings")
    with pytest.raises(DurationError, match="`8h`, or `1d`"):
        parse_duration("same business day")
    with pytest.raises(DurationError, match="is written `1d` with `clock: business`"):
        parse_duration("next business day")
