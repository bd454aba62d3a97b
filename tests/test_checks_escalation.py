"""The recognisers of a reachable contact, which PL303 and PL405 share."""

from __future__ import annotations

import pytest

from policy_lint.lint.checks.escalation import is_email, is_phone, is_reachable, is_url

REACHABLE = [
    "support@acme.example",
    "mailto:leads@acme.example",
    "Team lead <leads@acme.example>",
    "+371 6000 0200",
    "tel:+371-6000-0200",
    "(020) 7946 0000",
    "Duty phone: +90 212 000 00 00",
    "4412",
    "https://acme.example/escalate",
    "Form at https://acme.example/escalate.",
]
UNREACHABLE = [
    "Team lead",
    "TBD",
    "",
    "Room 204",
    "2026-12-01",
    "call 12",
    "support@acme",
    "www.acme.example",
    "ftp://acme.example",
    "+1 2",
]


@pytest.mark.parametrize("contact", REACHABLE)
def test_a_contact_that_names_a_way_to_reach_someone_is_reachable(contact: str) -> None:
    assert is_reachable(contact)


@pytest.mark.parametrize("contact", UNREACHABLE)
def test_a_name_a_placeholder_or_a_stray_number_reaches_nobody(contact: str) -> None:
    assert not is_reachable(contact)


@pytest.mark.parametrize("value", [None, 37160000200, ["support@acme.example"], True])
def test_anything_but_text_reaches_nobody(value: object) -> None:
    assert not is_reachable(value)


def test_each_recogniser_reads_its_own_kind_only() -> None:
    assert is_email("cs-manager@acme.example") and not is_email("https://acme.example")
    assert is_url("http://acme.example/x") and not is_url("acme.example/x")
    assert is_phone("+371 6000 0000") and not is_phone("1234567890123456")
    assert not is_phone("2026-12-01")
