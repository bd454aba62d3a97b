"""A promise scoped by `where:`, `where_not:` or `calendar:` is linted, and refused by every
reader that would measure it (audit, `check --history`, the pytest plugin): this version does not
measure scopes yet, and measured without its scope a promise would be judged on tickets it does
not cover. One line, exit 2, never a verdict on another promise than the one written."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import policy_lint.audit.run  # noqa: F401  (loaded once here, as in test_pytest_plugin.py)
from tests.conftest import ROOT, Run

pytest_plugins = ["pytester"]
DATA = ROOT / "tests" / "data" / "audit"
EXPORT = DATA / "calendar.csv"
FIELDS = "ticket_fields:\n  tier: [standard, enterprise]\n  tags: {list: true, values: [vip]}\n\n"
SCOPES = {  # the line of the policy after which the scope is written, and the scope's line
    "where": ("    goal: 75%\n", "    where: {tier: [enterprise]}\n"),
    "where_not": ("    goal: 75%\n", "    where_not: {tags: [vip]}\n"),
    "complaints": ("  review: weekly\n", "  where: {tier: enterprise}\n"),
    "calendar": ("    goal: 75%\n", "    calendar: new_york\n"),
}
CALENDARS = (
    "calendars:\n  new_york:\n    timezone: America/New_York\n"
    '    weekly: {mon: ["09:00-17:00"]}\n    holidays: [{country: US, subdivision: NY}]\n\n'
)


def scoped(folder: Path, scope: str) -> Path:
    """The calendar policy with one promise scoped by `scope`, its first after SCOPES's line."""
    after, line = SCOPES[scope]
    text = (DATA / "calendar-policy.yaml").read_text()
    fields = FIELDS + (CALENDARS if scope == "calendar" else "")
    text = text.replace("channels:\n", fields + "channels:\n", 1).replace(after, after + line, 1)
    path = folder / f"{scope}.yaml"
    path.write_text(text)
    return path


def refusal(path: Path, scope: str) -> str:
    key = "where" if scope == "complaints" else scope
    name = "`complaints`" if scope == "complaints" else "`email-first`"
    line = path.read_text().splitlines().index(SCOPES[scope][1].rstrip("\n")) + 1
    return (
        f"policy-lint: {path}:{line}: {name} is scoped by `{key}:`, which is not "
        "measured yet by this version of policy-lint: measured without it, the promise would be "
        "judged on tickets it does not cover\n"
    )


@pytest.mark.parametrize("scope", sorted(SCOPES))
def test_check_lints_a_scoped_promise(scope: str, cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", "--today", "2026-11-23", str(scoped(tmp_path, scope)))
    assert (run.code, run.out) == (0, "1 file checked: no findings\n")


@pytest.mark.parametrize("scope", sorted(SCOPES))
def test_audit_refuses_a_scoped_promise_in_one_line(
    scope: str, cli: Callable[..., Run], tmp_path: Path
) -> None:
    policy = scoped(tmp_path, scope)
    run = cli("audit", "--today", "2026-11-23", "--format", "json", str(policy), str(EXPORT))
    assert (run.code, run.out, run.err) == (2, "", refusal(policy, scope))


@pytest.mark.parametrize("scope", sorted(SCOPES))
def test_check_history_refuses_a_scoped_promise_in_one_line(
    scope: str, cli: Callable[..., Run], tmp_path: Path
) -> None:
    policy = scoped(tmp_path, scope)
    run = cli("check", "--today", "2026-11-23", "--history", str(EXPORT), str(policy))
    assert (run.code, run.out, run.err) == (2, "", refusal(policy, scope))


def test_the_pytest_plugin_refuses_a_scoped_promise(pytester: pytest.Pytester) -> None:
    policy = scoped(pytester.path, "where")
    shutil.copy(EXPORT, pytester.path / "tickets.csv")
    result = pytester.runpytest(policy.name, "--tickets", "tickets.csv")
    assert result.ret == pytest.ExitCode.INTERRUPTED  # a collection error: exit 2
    result.stdout.fnmatch_lines(
        ["*`email-first` is scoped by `where:`, which is not measured yet*"]
    )
    result.assert_outcomes(errors=1)
