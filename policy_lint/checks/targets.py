"""PL2xx: every channel carries a concrete, plausible, consistent target."""

from __future__ import annotations

from policy_lint.checks.context import Check

CHECKS: dict[str, Check] = {}
