"""The formats of `check`'s report, by the name `--format` and `--report` give them."""

from __future__ import annotations

from collections.abc import Callable

from policy_lint.lint.findings import LintReport
from policy_lint.report import github, gitlab, json, junit, sarif, text

LINT_FORMATS: dict[str, Callable[[LintReport], str]] = {
    "text": text.render_lint,
    "json": json.render_lint,
    "sarif": sarif.render_lint,
    "github": github.render_lint,
    "junit": junit.render_lint,
    "gitlab": gitlab.render_lint,
}
