"""`explain`, `rules` and the generated rule reference."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from policy_lint.lint.catalogue import builtin_rules
from policy_lint.lint.explain import rules_markdown
from tests.conftest import ROOT, Run


def test_docs_rules_md_is_current(golden: Callable[[Path, str], None]) -> None:
    golden(ROOT / "docs" / "rules.md", rules_markdown(builtin_rules()))


def test_explain_runs_the_failing_example_live(cli: Callable[..., Run]) -> None:
    run = cli("explain", "PL107")
    assert run.code == 0
    assert run.out.startswith("PL107 duplicate-id (error)\n")
    assert "→ 4:9: PL107 [error] id `email-first-response` is already used" in run.out
    assert "→ no finding" in run.out


def test_explain_accepts_a_name_and_lower_case(cli: Callable[..., Run]) -> None:
    assert cli("explain", "duplicate-id").out == cli("explain", "pl107").out


def test_explain_an_unknown_rule_is_exit_2(cli: Callable[..., Run]) -> None:
    run = cli("explain", "PL999")
    assert (run.code, run.err.count("\n")) == (2, 1)


def test_rules_lists_the_catalogue_as_text_and_json(cli: Callable[..., Run]) -> None:
    text = cli("rules").out.splitlines()
    listed = json.loads(cli("rules", "--format", "json").out)["rules"]
    assert len(text) == len(listed) == len(builtin_rules())
    assert [item["code"] for item in listed] == sorted(item["code"] for item in listed)
    assert text[0].split()[:3] == [listed[0]["code"], listed[0]["name"], listed[0]["severity"]]
