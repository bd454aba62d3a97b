"""PL6xx: the complaint procedure — acknowledgement, final response, handling."""

from __future__ import annotations

from policy_lint.checks.context import Check

CHECKS: dict[str, Check] = {}
