"""PL9xx: promises held against the team's own history (`check --history EXPORT`).

The history is measured by measure.py, exactly as the audit measures, so a warning here says
what an audit of that period would have said, and which target the team would have kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.document import Document
from policy_lint.lint.findings import Problem
from policy_lint.quoting import cut

if TYPE_CHECKING:  # a type only: `check` without --history loads no audit module
    from policy_lint.audit.results import LevelResult


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


def unrealistic_target(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL901: a measured promise whose attainment on history is below its goal."""
    if not ctx.history:
        return
    for pointer, level in doc.glob("/service_levels/*"):
        if not isinstance(level, dict) or str(level.get("id")) not in ctx.history:
            continue
        result = ctx.history[str(level["id"])]
        if result.status != "fail" or result.attainment is None:
            continue
        at = f"{result.attainment * 100:.1f} %"
        yield Problem(
            f"{pointer}/within",
            f"on the history, {at} of {result.met + result.breached:,} "
            f"tickets met `{cut(level.get('within'))}` against a goal of "
            f"{(result.goal or 0) * 100:g} %: {suggestion(result)}",
        )


CHECKS: dict[str, Check] = {"unrealistic-target": unrealistic_target}
