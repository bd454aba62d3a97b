"""The pytest plugin, driven by pytester: items per promise, the auditor's sentence, skips,
JUnit properties, ini options, inertness, and the same figures as `policy-lint audit`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import policy_lint.audit.run  # noqa: F401  (loaded once here: pytester's in-process runs cannot

# import numpy again after they drop the modules their run imported)
from tests.conftest import ROOT, Run

pytest_plugins = ["pytester"]
DATA = ROOT / "tests" / "data" / "audit"


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    shutil.copy(DATA / "calendar-policy.yaml", pytester.path / "policy.yaml")
    shutil.copy(DATA / "calendar.csv", pytester.path / "tickets.csv")
    return pytester


def test_one_item_per_promise_with_outcomes(project: pytest.Pytester) -> None:
    result = project.runpytest("policy.yaml", "--tickets", "tickets.csv", "-v")
    # email-first fails (66.7 % < 75 %), email-resolution passes, phone-answer passes (3 of 5
    # calls answered within 30 s: 60 % >= 50 %), phone-abandonment fails (25 % > 20 %); the two
    # complaint targets have no complaint ticket: skipped as no-data
    result.assert_outcomes(passed=2, failed=2, skipped=2)
    result.stdout.fnmatch_lines([
        "policy.yaml::email-first FAILED*",
        "policy.yaml::email-resolution PASSED*",
        "policy.yaml::phone-abandonment FAILED*",
    ])  # fmt: skip


def test_a_failure_reads_as_the_auditors_sentence(project: pytest.Pytester) -> None:
    result = project.runpytest("policy.yaml", "--tickets", "tickets.csv")
    result.stdout.fnmatch_lines([
        "*email-first: 66.7% of 3 tickets within 1h on the calendar clock misses the goal of 75%*"
        "worst: E3 (2h of 1h calendar)*",
    ])  # fmt: skip
    assert "Traceback" not in result.stdout.str()
    assert "pytest_plugin.py" not in result.stdout.str()


def test_a_ticket_id_in_a_failure_is_shown_escaped(project: pytest.Pytester) -> None:
    tickets = project.path / "tickets.csv"
    tickets.write_text(tickets.read_text().replace("\nE3,", '\n"E3\x1b]0;pwned\x07\x9b2J",'))
    result = project.runpytest("policy.yaml", "--tickets", "tickets.csv")
    result.stdout.fnmatch_lines(["*worst: E3\\x1b]0;pwned\\x07\\x9b2J (2h of 1h calendar)*"])
    assert "\x1b]0" not in result.stdout.str() and "\x9b" not in result.stdout.str()


def test_no_data_is_a_skip_with_its_reason(project: pytest.Pytester) -> None:
    result = project.runpytest("policy.yaml", "--tickets", "tickets.csv", "-rs")
    result.stdout.fnmatch_lines(["*complaints.acknowledge: no ticket has met or breached it yet*"])


def test_k_selects_promises(project: pytest.Pytester) -> None:
    result = project.runpytest("policy.yaml", "--tickets", "tickets.csv", "-k", "email")
    result.assert_outcomes(passed=1, failed=1)


def test_junit_xml_carries_attainment_and_goal(project: pytest.Pytester) -> None:
    project.runpytest("policy.yaml", "--tickets", "tickets.csv", "--junitxml", "out.xml")
    xml = (project.path / "out.xml").read_text()
    assert '<property name="attainment" value="0.666667" />' in xml
    assert '<property name="goal" value="0.75" />' in xml


def test_options_in_the_ini_file(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\npolicy_lint_tickets = tickets.csv\n")
    project.runpytest("policy.yaml").assert_outcomes(passed=2, failed=2, skipped=2)


def test_inert_without_tickets(project: pytest.Pytester) -> None:
    project.makepyfile(test_plain="def test_ok():\n    assert True\n")
    result = project.runpytest()
    result.assert_outcomes(passed=1)
    assert "policy.yaml" not in result.stdout.str()


def test_inert_imports_nothing_heavy() -> None:
    code = (
        "import sys, pytest\n"
        "pytest.main(['--co', '-q', '-p', 'no:cacheprovider', 'tests/test_durations.py'])\n"
        "heavy = [m for m in ('pyarrow', 'numpy', 'policy_lint.audit.run') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=False).stdout  # fmt: skip
    assert "HEAVY []" in out


def test_fixture_and_assert_helper(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_own="""
        import pytest
        from policy_lint.pytest_plugin import assert_promise

        def test_resolution(policy_audit):
            assert_promise(policy_audit, "email-resolution")

        def test_first(policy_audit):
            assert_promise(policy_audit, "email-first")

        def test_counts(policy_audit):
            assert policy_audit.read == 9
        """
    )
    result = project.runpytest("test_own.py", "--policy", "policy.yaml", "--tickets", "tickets.csv")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*PromiseFailed: email-first: 66.7% of 3 tickets*"])


def test_plugin_and_cli_give_the_same_figures(
    project: pytest.Pytester, cli: Callable[..., Run]
) -> None:
    run = cli("audit", "--format", "json", str(project.path / "policy.yaml"),
              str(project.path / "tickets.csv"))  # fmt: skip
    figures = {r["id"]: (r.get("met"), r.get("breached"), r.get("attainment"), r.get("rate"))
               for r in json.loads(run.out)["results"]}  # fmt: skip
    project.runpytest("policy.yaml", "--tickets", "tickets.csv", "--junitxml", "out.xml")
    xml = (project.path / "out.xml").read_text()
    for promise, (met, breached, attainment, rate) in figures.items():
        if attainment is not None:
            assert f'<property name="attainment" value="{attainment}" />' in xml, promise
            assert f'<property name="met" value="{met}" />' in xml
            assert f'<property name="breached" value="{breached}" />' in xml
        if rate is not None:
            assert f'<property name="rate" value="{rate}" />' in xml
    assert isinstance(Path, type)


def test_the_date_order_of_a_spreadsheets_export_as_an_option_or_in_the_ini_file(
    project: pytest.Pytester,
) -> None:
    # the calendar export's first days of May, as a spreadsheet in Europe writes them: no day
    # after the 12th, so only --date-order (policy_lint_date_order) can say which comes first
    lines = (project.path / "tickets.csv").read_text().splitlines()
    early = [lines[0], *(line for line in lines[1:] if "-05-31" not in line and "-06-" not in line)]
    iso = "\n".join(early).replace("Z,", ",") + "\n"  # wall-clock times: the policy's zone
    (project.path / "iso.csv").write_text(iso)
    dotted = re.sub(r"2026-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)", r"\2.\1.2026 \3", iso)
    (project.path / "tickets.csv").write_text(dotted)
    expected = project.runpytest("policy.yaml", "--tickets", "iso.csv").parseoutcomes()
    assert expected["passed"] and expected["failed"]
    asked = project.runpytest("policy.yaml", "--tickets", "tickets.csv")
    asked.stdout.fnmatch_lines(["*cannot tell whether column 'created_at' writes the day*"])
    told = project.runpytest("policy.yaml", "--tickets", "tickets.csv", "--date-order", "dmy")
    assert told.parseoutcomes() == expected
    project.makeini("[pytest]\npolicy_lint_tickets = tickets.csv\npolicy_lint_date_order = dmy\n")
    assert project.runpytest("policy.yaml").parseoutcomes() == expected


def test_an_as_of_that_is_no_instant_fails_the_policy_with_one_line(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest("policy.yaml", "--tickets", "tickets.csv", "--as-of", "soon")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*--as-of 'soon' is not an instant such as 2026-05-31T23:59:59Z*"])
