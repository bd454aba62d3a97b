"""Configuration: found by walking up, validated, layered under the flags; select and ignore."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from policy_lint.errors import ConfigError
from policy_lint.lint.catalogue import builtin_rules
from policy_lint.lint.config import Settings, find_config, is_enabled, read_config, settings_from
from tests.conftest import Run

TODAY = dt.date(2026, 11, 23)
RULES = {rule.code: rule for rule in builtin_rules()}


def enabled(select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> set[str]:
    settings = Settings(today=TODAY, select=select, ignore=ignore)
    return {code for code, rule in RULES.items() if is_enabled(rule, settings)}


def test_select_by_prefix_code_and_name() -> None:
    assert enabled(("PL10",)) == {c for c in RULES if c.startswith("PL10")}
    assert enabled(("duplicate-id",)) == {"PL107"}


def test_the_more_specific_of_select_and_ignore_wins() -> None:
    assert enabled(("PL1",), ("PL10",)) == {c for c in RULES if c.startswith("PL1")} - {
        c for c in RULES if c.startswith("PL10")
    }
    assert "PL107" in enabled(("PL107",), ("PL1",))


def test_config_is_found_walking_up_but_not_past_the_repository(tmp_path: Path) -> None:
    (tmp_path / ".policy-lint.yaml").write_text("ignore: [PL803]\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "policies").mkdir()
    assert find_config(repo / "policies") is None
    (repo / ".policy-lint.yaml").write_text("ignore: [PL803]\n")
    assert find_config(repo / "policies") == repo / ".policy-lint.yaml"


def test_flags_layer_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / ".policy-lint.yaml"
    path.write_text("select: [PL1]\nignore: [PL104]\nfail_level: warning\nrules: [pack]\n")
    flags = {"select": ("PL10",), "ignore": ("PL105",), "exclude": ("drafts",)}
    settings = settings_from(TODAY, path, flags)
    assert settings.select == ("PL10",)
    assert settings.ignore == ("PL104", "PL105")
    assert settings.fail_level == "warning"
    assert settings.rule_packs == (tmp_path / "pack",)
    assert settings.exclude == ("drafts",)


def test_an_invalid_config_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / ".policy-lint.yaml"
    path.write_text("select: [PL1]\nfail_level: sometimes\n")
    with pytest.raises(ConfigError, match=r"\.policy-lint\.yaml:2:13: 'sometimes' is not one of"):
        read_config(path)


def test_unknown_names_in_the_config_are_pl004_at_their_line(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    config = tmp_path / ".policy-lint.yaml"
    config.write_text("ignore:\n  - PL803\n  - PL999\n")
    policy = tmp_path / "p.yaml"
    policy.write_text("format: 1\n")
    run = cli("check", "--config", str(config), "--select", "PL004", str(policy))
    assert run.code == 1
    assert f"{config.as_posix()}:3:5: PL004 [error] configuration names `PL999`" in run.out


def test_an_unknown_rule_on_the_command_line_is_exit_2(cli: Callable[..., Run]) -> None:
    run = cli("check", "--select", "PL999", ".")
    assert (run.code, run.err.count("\n")) == (2, 1)
    assert "no rule is called 'PL999'" in run.err
