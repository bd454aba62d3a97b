"""The checks behind the rules marked `check: python`, registered by rule name in CHECKS.

Each rule family keeps its checks in its own module with its own CHECKS dict; this one merges
them, so the registry is explicit and a test holds it equal to the catalogue's python rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from policy_lint.lint.checks import (
    complaints,
    escalation,
    feedback,
    hours,
    prose,
    review,
    targets,
    validity,
)
from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.document import Document
from policy_lint.lint.findings import Problem


def _measured_elsewhere(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL901 measures a policy on past tickets, which is the audit wing's work: this check says
    nothing, and `check --history` replaces it with the one that measures
    (`policy_lint.audit.realism.with_history`), as a plugin gives its rules their checks."""
    return iter(())


CHECKS: dict[str, Check] = {
    **validity.CHECKS,
    **targets.CHECKS,
    **prose.CHECKS,
    **escalation.CHECKS,
    **review.CHECKS,
    **feedback.CHECKS,
    **complaints.CHECKS,
    **hours.CHECKS,
    "unrealistic-target": _measured_elsewhere,
}

__all__ = ["CHECKS", "Check", "Context"]
