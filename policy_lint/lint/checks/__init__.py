"""The checks behind the rules marked `check: python`, registered by rule name in CHECKS.

Each rule family keeps its checks in its own module with its own CHECKS dict; this one merges
them, so the registry is explicit and a test holds it equal to the catalogue's python rules.
"""

from __future__ import annotations

from policy_lint.lint.checks import (
    complaints,
    escalation,
    feedback,
    hours,
    prose,
    realism,
    review,
    targets,
    validity,
)
from policy_lint.lint.checks.context import Check, Context

CHECKS: dict[str, Check] = {
    **validity.CHECKS,
    **targets.CHECKS,
    **prose.CHECKS,
    **escalation.CHECKS,
    **review.CHECKS,
    **feedback.CHECKS,
    **complaints.CHECKS,
    **hours.CHECKS,
    **realism.CHECKS,
}

__all__ = ["CHECKS", "Check", "Context"]
