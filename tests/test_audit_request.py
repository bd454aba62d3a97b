"""The one way to make an audit request from what a person wrote, and what `today` is for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policy_lint.audit.run import AuditRequest, measure_policy, run_audit
from policy_lint.errors import UsageError
from policy_lint.lint.load import load_path
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "audit"
POLICY = DATA / "calendar-policy.yaml"
EXPORT = DATA / "calendar.csv"


def test_options_not_given_are_the_requests_defaults() -> None:
    for unset in (None, ""):
        made = AuditRequest.from_options(POLICY, [EXPORT], source=unset, mapping=unset,
                                         pauses=unset, as_of=None)  # fmt: skip
        assert made == AuditRequest(POLICY, [EXPORT])


def test_options_as_written_become_the_requests_values() -> None:
    made = AuditRequest.from_options(
        POLICY, [EXPORT], today=dt.date(2026, 11, 23), source="zendesk", mapping="m.yaml",
        timezone="Europe/Riga", date_order="dmy", pauses="p.csv", as_of="2026-05-01T09:45:00Z",
        batch_size=10,
    )  # fmt: skip
    assert made == AuditRequest(
        POLICY, [EXPORT], dt.date(2026, 11, 23), "zendesk", Path("m.yaml"), "Europe/Riga",
        "dmy", Path("p.csv"), 1_777_628_700, 10,
    )  # fmt: skip
    assert AuditRequest.from_options(POLICY, [], as_of="2026-05-01").as_of == 1_777_593_600


@pytest.mark.parametrize(
    ("as_of", "says"),
    [
        ("soon", "--as-of 'soon' is not an instant such as 2026-05-31T23:59:59Z"),
        ("1899-12-31", "--as-of '1899-12-31' is outside the years the audit counts (1900–2199)"),
    ],
)
def test_an_instant_that_cannot_be_used_is_a_usage_error(as_of: str, says: str) -> None:
    with pytest.raises(UsageError) as raised:
        AuditRequest.from_options(POLICY, [EXPORT], as_of=as_of)
    assert str(raised.value) == says


def test_measuring_reads_no_date_and_an_audit_needs_one() -> None:
    request = AuditRequest.from_options(POLICY, [EXPORT])
    doc = load_path(POLICY).document
    assert doc is not None
    measured = measure_policy(doc, request)
    assert measured.read == 9
    with pytest.raises(ValueError, match="needs `today`"):
        run_audit(request)
    dated = AuditRequest.from_options(POLICY, [EXPORT], today=dt.date(2026, 11, 23))
    assert run_audit(dated).results == measured.results
