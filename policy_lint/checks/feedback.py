"""PL5xx: how feedback is collected, how often, and who acts on it."""

from __future__ import annotations

from policy_lint.checks.context import Check

CHECKS: dict[str, Check] = {}
