"""PL3xx: the escalation matrix — levels, owners, contacts, triggers, coverage."""

from __future__ import annotations

from policy_lint.checks.context import Check

CHECKS: dict[str, Check] = {}
