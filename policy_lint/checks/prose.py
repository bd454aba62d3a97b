"""PL201–PL202: placeholders and vague promises in prose, in the policy's language."""

from __future__ import annotations

from policy_lint.checks.context import Check

CHECKS: dict[str, Check] = {}
