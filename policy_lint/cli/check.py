"""`policy-lint check`: lint policies, with every output a CI reads."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from policy_lint.cli.options import (
    colour,
    config_options,
    configuration,
    export_options,
    pack_option,
    parse_date,
    split,
    write,
)
from policy_lint.errors import UsageError
from policy_lint.lint.catalogue import Rule, all_rules
from policy_lint.lint.config import settings_from, unknown_names
from policy_lint.lint.findings import Severity
from policy_lint.lint.linter import lint_paths
from policy_lint.report.lint_formats import LINT_FORMATS
from policy_lint.report.text import render_lint as render_text
from policy_lint.repository import trees_of


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(LINT_FORMATS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--today", metavar="DATE", help="The date to check review dates against.")
@click.option(
    "--select",
    multiple=True,
    metavar="RULE",
    help="Run only these rules (code, name or prefix such as PL3); repeatable.",
)
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules; repeatable.")
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERN",
    help="Skip files in folders of this name or matching this glob; repeatable.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the run too (--fail-level warning).")
@click.option(
    "--fail-level",
    type=click.Choice([s.value for s in Severity]),
    help="The least severity that fails the run (default error).",
)
@pack_option
@config_options
@click.option(
    "--no-inline-suppressions",
    is_flag=True,
    help="Ignore `# policy-lint: disable` comments in the policies.",
)
@click.option(
    "--report",
    "reports",
    multiple=True,
    metavar="FORMAT=PATH",
    help="Also write this format to this file (sarif=out.sarif); repeatable.",
)
@click.option(
    "--history",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Past tickets: warn (PL901) where they miss a promise's goal; repeatable.",
)
@export_options
@click.option(
    "--plugin",
    "plugins",
    multiple=True,
    metavar="NAME",
    help="Load an installed Python rule plugin (entry point policy_lint.rules).",
)
def check(
    paths: tuple[Path, ...],
    fmt: str,
    today: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    strict: bool,
    fail_level: str | None,
    packs: tuple[Path, ...],
    config: Path | None,
    isolated: bool,
    no_inline_suppressions: bool,
    reports: tuple[str, ...],
    history: tuple[Path, ...],
    source: str,
    mapping: Path | None,
    timezone: str | None,
    date_order: str | None,
    plugins: tuple[str, ...],
) -> int:
    """Lint policy files and folders (*.yaml, *.yml, recursively)."""
    flags = {
        "select": split(select),
        "ignore": split(ignore),
        "exclude": exclude,
        "rules": packs,
        "plugins": plugins,
        "fail_level": "warning" if strict else fail_level,
        "inline_suppressions": not no_inline_suppressions,
    }
    outputs = [_report_target(value) for value in reports]
    chosen, found = configuration(config, isolated)
    settings = settings_from(parse_date(today, "--today"), chosen, flags)
    # the trees a pull request controls: no plugin's code may come from inside them
    trees = trees_of([*paths, *([chosen] if found and chosen else [])]) if settings.plugins else ()
    rules = all_rules(settings.rule_packs, settings.plugins, trees)
    _refuse_unknown(rules, flags)
    if history:  # PL901 measures: the audit wing's check attached, as a plugin's would be
        from policy_lint.audit.history import history_of
        from policy_lint.audit.realism import with_history

        measured = history_of(history, source, mapping, timezone, date_order)
        rules = list(with_history(rules, measured))
    report = lint_paths(list(paths), rules, settings)
    if fmt == "text":
        click.echo(render_text(report, colour=colour()), nl=False)
    else:
        click.echo(LINT_FORMATS[fmt](report), nl=False)
    for name, target in outputs:
        write(target, LINT_FORMATS[name](report))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and (fmt == "github" or "github" in (name for name, _ in outputs)):
        from policy_lint.report.github import render_summary

        write(Path(summary), render_summary(report), append=True)
    return 1 if report.failed else 0


def _report_target(value: str) -> tuple[str, Path]:
    """`FORMAT=PATH` of --report, checked before any work is done."""
    name, _, path = value.partition("=")
    if name not in LINT_FORMATS or not path:
        known = ", ".join(sorted(LINT_FORMATS))
        raise UsageError(f"--report {value!r}: write FORMAT=PATH with FORMAT one of {known}")
    return name, Path(path)


def _refuse_unknown(rules: list[Rule], flags: dict[str, Any]) -> None:
    for _pointer, name in unknown_names(rules, flags):
        raise UsageError(f"no rule is called {name!r} (see `policy-lint rules`)")
