"""The rule catalogue: every example runs with only its own rule and reports exactly its `expect`.

Ids are `PL202-fail-1`, `PL202-pass-1`, so `pytest -k PL202` runs one rule.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files

import pytest
from jsonschema import Draft202012Validator

from policy_lint.audit.realism import on_export
from policy_lint.errors import CatalogueError
from policy_lint.lint.catalogue import Example, Rule, builtin_rules, parse_rule
from policy_lint.lint.checks import CHECKS
from policy_lint.lint.examples import run_example
from policy_lint.lint.load import load_text
from tests.conftest import ROOT

RULES = builtin_rules()


def example_cases() -> list[pytest.ParameterSet]:
    cases = []
    for rule in RULES:
        counts = {True: 0, False: 0}
        for example in rule.examples:
            counts[example.failing] += 1
            kind = "fail" if example.failing else "pass"
            case_id = f"{rule.code}-{kind}-{counts[example.failing]}"
            cases.append(pytest.param(rule, example, id=case_id))
    return cases


@pytest.mark.parametrize(("rule", "example"), example_cases())
def test_example_reports_exactly_its_expected_positions(rule: Rule, example: Example) -> None:
    result = run_example(rule, example, RULES, on_export)
    assert result.positions == list(example.expect), [f.message for f in result.findings]


def test_every_rule_has_a_failing_and_a_passing_example() -> None:
    for rule in RULES:
        assert any(e.failing for e in rule.examples), rule.code
        assert any(not e.failing for e in rule.examples), rule.code


def test_every_rule_file_validates_against_the_rule_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "rule.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        parse_rule(path.read_text(), str(path), check_schema=True)


def test_rule_files_are_named_for_their_code_and_name() -> None:
    names = sorted(entry.name for entry in files("policy_lint.rules").iterdir())
    expected = sorted(f"{rule.code}-{rule.name}.yaml" for rule in RULES)
    assert [name for name in names if name.endswith(".yaml")] == expected


def test_python_rules_and_checks_registry_are_the_same_set() -> None:
    python_rules = {rule.name for rule in RULES if rule.check == "python"}
    assert python_rules == set(CHECKS)


def official_catalogue() -> dict[str, tuple[str, str]]:
    """The codes, names and severities of the rule catalogue (docs/rules.md's source of truth)."""
    text = (ROOT / "tests" / "data" / "rule-catalogue.tsv").read_text()
    rows = [line.split("\t") for line in text.splitlines() if line]
    return {code: (name, severity) for code, name, severity in rows}


def test_codes_names_and_severities_are_the_catalogues() -> None:
    official = official_catalogue()
    ours = {rule.code: (rule.name, rule.severity.value) for rule in RULES}
    assert ours == official


def edge_cases() -> list[pytest.ParameterSet]:
    """tests/rules/PLxxx.yaml: more cases per rule, in the shape of a rule file's examples."""
    by_code = {rule.code: rule for rule in RULES}
    cases = []
    for path in sorted((ROOT / "tests" / "rules").glob("*.yaml")):
        loaded = load_text(path.read_text(encoding="utf-8"), str(path))
        assert loaded.document is not None and not loaded.issues, loaded.issues
        data = loaded.document.data
        rule = by_code[data["rule"]]
        for number, item in enumerate(data["cases"], start=1):
            example = Example(
                item["title"],
                item["policy"],
                tuple(item["expect"]),
                dt.date.fromisoformat(item["today"]) if "today" in item else None,
                tuple(item.get("also", ())),
            )
            cases.append(pytest.param(rule, example, id=f"{rule.code}-edge-{number}"))
    return cases


@pytest.mark.parametrize(("rule", "example"), edge_cases())
def test_edge_case_reports_exactly_its_expected_positions(rule: Rule, example: Example) -> None:
    result = run_example(rule, example, RULES, on_export)
    assert result.positions == list(example.expect), [f.message for f in result.findings]


def test_an_example_measured_on_a_history_needs_the_audit_wing_handed_in() -> None:
    rule = next(rule for rule in RULES if rule.code == "PL901")
    example = next(example for example in rule.examples if example.history is not None)
    with pytest.raises(CatalogueError, match="an example measures a history"):
        run_example(rule, example, RULES)
    assert run_example(rule, example, RULES, on_export).ok
