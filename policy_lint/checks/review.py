"""PL4xx: review dates, interval, changelog and ownership."""

from __future__ import annotations

from policy_lint.checks.context import Check

CHECKS: dict[str, Check] = {}
