"""Rule packs: a team's own rules as data, validated, selectable, testable with `test-rules`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run
from tests.hostile.test_trust import fake_plugin

PACK = ROOT / "tests" / "data" / "pack"
BAD = ROOT / "tests" / "data" / "bad-pack"


def test_test_rules_runs_every_example_of_a_pack(cli: Callable[..., Run]) -> None:
    run = cli("test-rules", str(PACK))
    assert run.code == 0, run.out
    assert run.out.splitlines()[-1] == "4 passed, 0 failed"


def test_test_rules_fails_on_a_wrong_expectation(cli: Callable[..., Run], tmp_path: Path) -> None:
    text = (PACK / "ACME002-goal-floor.yaml").read_text().replace('["3:11"]', '["3:12"]')
    (tmp_path / "ACME002-goal-floor.yaml").write_text(text)
    run = cli("test-rules", str(tmp_path))
    assert run.code == 1
    assert "expected ['3:12'], got ['3:11']" in run.out


def test_a_pack_rule_runs_in_check(cli: Callable[..., Run], tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text("service_levels:\n  - id: email\n    goal: 75%\n")
    run = cli("check", "--rules", str(PACK), "--select", "ACME", str(policy))
    assert run.code == 1
    assert run.out.splitlines() == [
        f"{policy.as_posix()}:1:1: ACME001 [error] the policy has no `x-data_protection` section"
        " (data-protection-section)",
        f"{policy.as_posix()}:3:11: ACME002 [warning] goal 75% is below our floor of 80 %"
        " (goal-floor)",
        "1 file checked: 1 error, 1 warning, 0 info",
    ]


def test_an_invalid_rule_file_is_one_line_naming_file_line_column(cli: Callable[..., Run]) -> None:
    run = cli("check", "--rules", str(BAD), str(PACK))
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert "ACME003-broken.yaml:3:11: 'critical' is not one of" in run.err


def test_a_pack_may_not_reuse_a_built_in_code(cli: Callable[..., Run], tmp_path: Path) -> None:
    text = (PACK / "ACME002-goal-floor.yaml").read_text().replace("ACME002", "PL107")
    (tmp_path / "clash.yaml").write_text(text)
    run = cli("rules", "--rules", str(tmp_path))
    assert run.code == 2
    assert "`PL107` is already taken" in run.err


def test_an_installed_python_plugin_loads_only_when_named(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, marker = tmp_path / "site", tmp_path / "ran"
    fake_plugin(site, "acme_rules_in_process", marker)  # a distribution installed outside
    monkeypatch.syspath_prepend(str(site))
    policy = tmp_path / "policies" / "p.yaml"  # not in the folder of the plugin: a checked tree
    policy.parent.mkdir()
    policy.write_text("service_levels:\n  - {id: email, channel: email, clock: calendar}\n")
    plain = cli("check", "--select", "ACME", str(policy))
    assert plain.code == 2 and "no rule is called 'ACME'" in plain.err  # not loaded unasked
    assert not marker.exists()
    run = cli("check", "--plugin", "acme", "--select", "ACME", str(policy))
    assert "2:40: ACME101 [warning] a calendar clock counts the weekend" in run.out
    assert marker.exists()
    other = cli("check", "--plugin", "other", str(policy))
    assert other.code == 2 and "no rule plugin is called 'other' (acme" in other.err


def test_every_built_in_message_is_plain_fields_only() -> None:
    from policy_lint.lint.catalogue import builtin_rules
    from policy_lint.lint.checks.kinds import template_problem

    assert [r.code for r in builtin_rules() if r.message and template_problem(r.message)] == []


def test_a_pack_message_of_plain_fields_and_braces_loads(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    text = (PACK / "ACME002-goal-floor.yaml").read_text()
    text = text.replace('"goal {value} is below', '"{{goal}} {value} at {pointer} is below')
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "ACME002-goal-floor.yaml").write_text(text)
    policy = tmp_path / "p.yaml"
    policy.write_text("service_levels:\n  - id: email\n    goal: 75%\n")
    run = cli("check", "--rules", str(tmp_path / "pack"), "--select", "ACME", str(policy))
    assert "{goal} 75% at /service_levels/0/goal is below our floor" in run.out


def test_the_catalogue_of_a_run_is_the_built_in_rules_then_each_packs_checked_for_clashes(
    tmp_path: Path,
) -> None:
    from policy_lint.errors import CatalogueError
    from policy_lint.lint.catalogue import all_rules, builtin_rules

    built_in = [rule.code for rule in builtin_rules()]
    assert [rule.code for rule in all_rules()] == built_in
    with_pack = [rule.code for rule in all_rules([PACK])]
    assert with_pack[: len(built_in)] == built_in
    assert sorted(with_pack[len(built_in) :]) == ["ACME001", "ACME002"]
    (tmp_path / "again.yaml").write_text((PACK / "ACME002-goal-floor.yaml").read_text())
    with pytest.raises(CatalogueError, match="`ACME002` is already taken"):
        all_rules([PACK, tmp_path])
