"""PL7xx: business hours, holidays and availability against the targets."""

from __future__ import annotations

from policy_lint.checks.context import Check

CHECKS: dict[str, Check] = {}
