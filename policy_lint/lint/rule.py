"""A rule and its examples as records: what the catalogue reads from rule files (catalogue.py)
or from their compiled form (catalogue_json.py), both of which import this and not each other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policy_lint.lint.checks.context import Check
from policy_lint.lint.findings import Severity


@dataclass(frozen=True, slots=True)
class Example:
    """A policy fragment and the `line:col` of every finding its rule must report on it."""

    title: str
    policy: str
    expect: tuple[str, ...]
    today: dt.date | None = None
    also: tuple[str, ...] = ()  # other rules that must run for the example to show its rule
    history: str | None = None  # canonical CSV text of past tickets, for PL901

    @property
    def failing(self) -> bool:
        """Whether the example shows the defect (expects findings)."""
        return bool(self.expect)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: identity, severity, documentation, how it is checked, and its examples."""

    code: str
    name: str
    severity: Severity
    summary: str
    reason: str
    check: str
    examples: tuple[Example, ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    message: str | None = None
    source: str = ""
    function: Check | None = None  # the check of a python rule from an installed plugin
