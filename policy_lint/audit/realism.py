"""PL901 (`check --history EXPORT`): promises held against the team's own history.

The one rule of the catalogue that measures tickets. The lint wing knows it only as a rule
whose check is silent (`lint/checks/__init__.py`); like a plugin's rule, it gets its real check
from here, attached to the catalogue by `with_history` when `check --history` names exports, so
the linter never imports the audit. The history is measured by measure.py, exactly as the audit
measures, so a warning says what an audit of that period would have said, and which target the
team would have kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from policy_lint.audit.history import History, history_of
from policy_lint.audit.results import LevelResult
from policy_lint.lint.catalogue import Rule
from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.document import Document
from policy_lint.lint.findings import Problem
from policy_lint.quoting import cut


def humane(seconds: int, clock: str | None) -> str:
    """A suggested target rounded up to a unit people write: 45s, 12m, 11h."""
    if seconds < 120:
        value = f"{seconds}s"
    elif seconds < 2 * 3600:
        value = f"{-(-seconds // 60)}m"
    else:
        value = f"{-(-seconds // 3600)}h"
    return value + (" of business time" if clock == "business" else "")


def suggestion(result: LevelResult) -> str:
    """What history would have met at the goal, or that no target would."""
    goal = f"{(result.goal or 0) * 100:g} %"
    if result.meets_goal_at is None:
        return f"no target meets {goal} on this history: too few tickets got an answer at all"
    return f"history meets {goal} at {humane(result.meets_goal_at, result.clock)}"


NAME = "unrealistic-target"  # PL901's name in the catalogue


def with_history(rules: Sequence[Rule], history: History) -> tuple[Rule, ...]:
    """The catalogue with PL901 measuring each policy on `history`, as a plugin's rule is
    given its function (`catalogue._plugin`)."""

    def check(doc: Document, ctx: Context) -> Iterator[Problem]:
        return unrealistic_target(doc, history(doc))

    function: Check = check
    return tuple(replace(rule, function=function) if rule.name == NAME else rule for rule in rules)


def on_export(rules: Sequence[Rule], export: Path) -> tuple[Rule, ...]:
    """The catalogue with PL901 measuring a canonical CSV export: how a rule's example with a
    `history` runs (`lint/examples.py`, for `explain`, `test-rules` and the suite)."""
    return with_history(rules, history_of([export], "canonical"))


def unrealistic_target(doc: Document, history: Mapping[str, LevelResult]) -> Iterator[Problem]:
    """PL901: a measured promise whose attainment on history is below its goal."""
    for pointer, level in doc.glob("/service_levels/*"):
        if not isinstance(level, dict) or str(level.get("id")) not in history:
            continue
        result = history[str(level["id"])]
        if result.status != "fail" or result.attainment is None:
            continue
        at = f"{result.attainment * 100:.1f} %"
        yield Problem(
            f"{pointer}/within",
            f"on the history, {at} of {result.met + result.breached:,} "
            f"tickets met `{cut(level.get('within'))}` against a goal of "
            f"{(result.goal or 0) * 100:g} %: {suggestion(result)}",
        )
