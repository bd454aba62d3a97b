"""Reporters: pure functions from a report to text, one module per format, picked by name.

`LINT_FORMATS` (lint_formats) and `AUDIT_FORMATS` (audit_formats) are importable from here
too, each loaded when first asked for: `check` imports no audit report, and nothing of the
audit wing, by importing a module of this package (`visible`, say).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policy_lint.report.audit_formats import AUDIT_FORMATS
    from policy_lint.report.lint_formats import LINT_FORMATS

_HOME = {"LINT_FORMATS": "lint_formats", "AUDIT_FORMATS": "audit_formats"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)


__all__ = ["AUDIT_FORMATS", "LINT_FORMATS"]
