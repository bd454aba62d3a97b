"""The built-in catalogue's compiled form: the rule files' rules, used only while it is theirs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from policy_lint.lint import catalogue
from policy_lint.lint.catalogue import builtin_files, builtin_rules, parse_builtin
from policy_lint.lint.catalogue_json import NAME, compile_rules, compiled
from tests.conftest import ROOT

FILES = builtin_files()
PARSED = parse_builtin(FILES)


def test_the_compiled_catalogue_is_the_rule_files_compiled(
    golden: Callable[[Path, str], None],
) -> None:
    golden(ROOT / "rules" / NAME, compile_rules(PARSED, FILES))


def test_the_compiled_catalogue_reads_back_as_the_rule_files_parse() -> None:
    assert compiled((ROOT / "rules" / NAME).read_text(encoding="utf-8"), FILES) == PARSED
    assert builtin_rules() == PARSED


def test_rule_files_that_are_not_those_compiled_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "rules" / NAME).read_text(encoding="utf-8")
    name, rule = FILES[0]
    edited = [(name, rule.replace("summary: ", "summary: Edited. ", 1)), *FILES[1:]]
    assert compiled(text, edited) is None
    assert compiled(None, FILES) is None
    assert compiled(text.replace('"version": 1', '"version": 0', 1), FILES) is None
    monkeypatch.setattr(catalogue, "builtin_files", lambda: edited)
    catalogue.builtin_rules.cache_clear()
    try:
        assert catalogue.builtin_rules()[0].summary.startswith("Edited. ")
    finally:
        catalogue.builtin_rules.cache_clear()
