"""The formats of `check`'s report, by the name `--format` and `--report` give them.

Each format's module is imported when a report is first rendered in it: a run writes one or two
formats, and the others cost it imports for nothing (SARIF's hashlib, JUnit's XML, GitHub's and
GitLab's).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from policy_lint.lint.findings import LintReport

Render = Callable[[LintReport], str]


def _render_with(module: str) -> Render:
    """`render_lint` of policy_lint.report.<module>, imported at the first call."""

    def render(report: LintReport) -> str:
        renderer: Render = importlib.import_module(f"policy_lint.report.{module}").render_lint
        return renderer(report)

    return render


LINT_FORMATS: dict[str, Render] = {
    name: _render_with(name) for name in ("text", "json", "sarif", "github", "junit", "gitlab")
}
