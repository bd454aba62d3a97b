"""The command line: the only module that prints, exits, reads the clock or the environment.

Exit codes for every command: 0 nothing fails, 1 findings or results that fail, 2 the tool could
not do its job — always with one line on stderr that says why, never a traceback (set
POLICY_LINT_DEBUG=1 to see one for an internal error).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from policy_lint import __version__
from policy_lint.catalogue import Rule, builtin_rules, index, load_pack, plugin_rules
from policy_lint.config import Settings, find_config, settings_from, unknown_names
from policy_lint.errors import PolicyLintError, UsageError
from policy_lint.findings import Severity
from policy_lint.history import history_of
from policy_lint.lint import lint_paths, refuse_errors
from policy_lint.load import load_path
from policy_lint.report import LINT_FORMATS
from policy_lint.report.text import render_lint as render_text


def parse_date(value: str | None, option: str) -> dt.date:
    """A --today style option as a date; today's date when absent (the one clock read)."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date such as 2026-11-23") from None


SOURCES = ["auto", "canonical", "zendesk", "freshdesk"]


def export_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """How to read a ticket export: shared by `audit` and by `check --history`."""
    for option in reversed(
        [
            click.option("--source", type=click.Choice(SOURCES), default="auto", show_default=True,
                         help="The helpdesk the exports come from."),
            click.option("--mapping", type=click.Path(path_type=Path, dir_okay=False),
                         help="A mapping file for any other export (columns, values, zone)."),
            click.option("--timezone", metavar="ZONE",
                         help="The zone of timestamps written without an offset (default UTC)."),
        ]
    ):  # fmt: skip
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-lint")
def cli() -> None:
    """Lint a customer-service policy written as YAML, and audit helpdesk exports against it."""


@cli.command()
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
@click.option(
    "--rules",
    "packs",
    multiple=True,
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="A rule pack folder; repeatable.",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The configuration file (default: the nearest .policy-lint.yaml).",
)
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
    no_inline_suppressions: bool,
    reports: tuple[str, ...],
    history: tuple[Path, ...],
    source: str,
    mapping: Path | None,
    timezone: str | None,
    plugins: tuple[str, ...],
) -> int:
    """Lint policy files and folders (*.yaml, *.yml, recursively)."""
    flags = {
        "select": _split(select),
        "ignore": _split(ignore),
        "exclude": exclude,
        "rules": packs,
        "plugins": plugins,
        "fail_level": "warning" if strict else fail_level,
        "inline_suppressions": not no_inline_suppressions,
    }
    outputs = [_report_target(value) for value in reports]
    settings = settings_from(parse_date(today, "--today"), config or find_config(Path.cwd()), flags)
    rules = all_rules(settings)
    _refuse_unknown(rules, flags)
    measured = history_of(history, source, mapping, timezone) if history else None
    report = lint_paths(list(paths), rules, settings, measured)
    if fmt == "text":
        click.echo(render_text(report, colour=_colour()), nl=False)
    else:
        click.echo(LINT_FORMATS[fmt](report), nl=False)
    for name, target in outputs:
        _write(target, LINT_FORMATS[name](report))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and (fmt == "github" or "github" in (name for name, _ in outputs)):
        from policy_lint.report.github import render_summary

        _write(Path(summary), render_summary(report), append=True)
    return 1 if report.failed else 0


def _report_target(value: str) -> tuple[str, Path]:
    """`FORMAT=PATH` of --report, checked before any work is done."""
    name, _, path = value.partition("=")
    if name not in LINT_FORMATS or not path:
        known = ", ".join(sorted(LINT_FORMATS))
        raise UsageError(f"--report {value!r}: write FORMAT=PATH with FORMAT one of {known}")
    return name, Path(path)


def _write(path: Path, text: str, *, append: bool = False) -> None:
    try:
        with path.open("a" if append else "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise UsageError(f"{path}: cannot be written ({error.strerror or error})") from None


def all_rules(settings: Settings) -> list[Rule]:
    """The built-in catalogue and every rule pack the settings name, checked for clashes."""
    packs = (rule for pack in settings.rule_packs for rule in load_pack(pack))
    rules = [*builtin_rules(), *packs, *plugin_rules(settings.plugins)]
    index(rules)
    return rules


def _refuse_unknown(rules: list[Rule], flags: dict[str, Any]) -> None:
    for _pointer, name in unknown_names(rules, flags):
        raise UsageError(f"no rule is called {name!r} (see `policy-lint rules`)")


@cli.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--rules",
    "packs",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Also list this rule pack's rules; repeatable.",
)
def list_rules(fmt: str, packs: tuple[Path, ...]) -> int:
    """List the rule catalogue: code, name, severity, summary."""
    from policy_lint.explain import list_rules_json, list_rules_text

    rules = sorted(
        all_rules(Settings(today=dt.date(1970, 1, 1), rule_packs=packs)), key=lambda rule: rule.code
    )
    click.echo((list_rules_json if fmt == "json" else list_rules_text)(rules), nl=False)
    return 0


@cli.command()
@click.argument("rule")
@click.option(
    "--rules",
    "packs",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="A rule pack to look in too; repeatable.",
)
def explain(rule: str, packs: tuple[Path, ...]) -> int:
    """Explain a rule (by code or name): why, and its examples with their findings."""
    from policy_lint.explain import explain_rule

    rules = all_rules(Settings(today=dt.date(1970, 1, 1), rule_packs=packs))
    table = index(rules)
    found = table.get(rule) or table.get(rule.upper())
    if found is None:
        raise UsageError(f"no rule is called {rule!r} (see `policy-lint rules`)")
    click.echo(explain_rule(found, rules), nl=False)
    return 0


@cli.command("test-rules")
@click.argument("packs", nargs=-1, required=True, type=click.Path(path_type=Path))
def test_rules(packs: tuple[Path, ...]) -> int:
    """Run the examples of rule packs: each must report exactly its expected positions."""
    from policy_lint.examples import run_examples

    pack_rules = [rule for pack in packs for rule in load_pack(pack)]
    catalogue = [*builtin_rules(), *pack_rules]
    index(catalogue)
    failed = 0
    for result in run_examples(pack_rules, catalogue):
        mark = "ok  " if result.ok else "FAIL"
        click.echo(f"{mark} {result.rule.source}: {result.rule.code} {result.example.title}")
        if not result.ok:
            failed += 1
            click.echo(f"     expected {list(result.example.expect)}, got {result.positions}")
    total = sum(len(rule.examples) for rule in pack_rules)
    click.echo(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


@cli.command()
@click.argument("policy", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("exports", nargs=-1, required=True, type=click.Path(path_type=Path))
@export_options
@click.option(
    "--pauses",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Pause intervals: ticket_id, status, paused_at, resumed_at.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="INSTANT",
    help="Judge open tickets at this instant (default: the export's latest timestamp).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit", "markdown", "html"]),
    default="text",
    show_default=True,
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report here instead of standard output.",
)
@click.option("--today", metavar="DATE", help="The date to lint the policy on.")
@click.option("--batch-size", type=click.IntRange(1), default=131_072, hidden=True)
def audit(
    policy: Path,
    exports: tuple[Path, ...],
    source: str,
    mapping: Path | None,
    timezone: str | None,
    pauses: Path | None,
    as_of: str | None,
    fmt: str,
    output: Path | None,
    today: str | None,
    batch_size: int,
) -> int:
    """Measure helpdesk exports against every promise of the policy."""
    from policy_lint.audit import AuditRequest, run_audit
    from policy_lint.report import AUDIT_FORMATS

    request = AuditRequest(
        policy=policy,
        exports=exports,
        today=parse_date(today, "--today"),
        source=source,
        mapping=mapping,
        timezone=timezone,
        pauses=pauses,
        as_of=parse_instant(as_of),
        batch_size=batch_size,
    )
    progress = Progress() if sys.stderr.isatty() else None
    report = run_audit(request, progress)
    if progress is not None:
        progress.done()
    for name, chosen in report.sources:
        click.echo(f"policy-lint: {name}: read as a {chosen} export", err=True)
    text = AUDIT_FORMATS[fmt](report)
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, text)
    return 1 if report.status == "fail" else 0


def parse_instant(value: str | None) -> int | None:
    """--as-of as epoch seconds: ISO 8601 with an offset or Z (a date alone is its UTC midnight)."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"--as-of {value!r} is not an instant such as 2026-05-31T23:59:59Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp())


class Progress:
    """Rows read and rows a second, on one line of a terminal's stderr."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, rows: int) -> None:
        rate = rows / max(time.monotonic() - self.start, 1e-9)
        click.echo(f"\r{rows:,} rows read, {rate:,.0f} rows/s", err=True, nl=False)

    def done(self) -> None:
        click.echo("", err=True)


@cli.command()
@click.option("--company", help="The company the policy is for (asked with --interactive).")
@click.option(
    "--language",
    type=click.Choice(["en", "lv", "lt", "tr", "ru"]),
    default="en",
    show_default=True,
    help="The language of the policy's prose.",
)
@click.option("--timezone", metavar="ZONE", help="The IANA zone of the business hours.")
@click.option(
    "--channels",
    default="email,phone,chat",
    show_default=True,
    help="Comma-separated: email, phone, chat, social, web_form, in_person.",
)
@click.option(
    "--contact",
    "contacts",
    multiple=True,
    metavar="KEY=VALUE",
    help="A contact to fill in (owner_email=…, phone=…); repeatable.",
)
@click.option("--today", metavar="DATE", help="The review date to write (default today).")
@click.option("-i", "--interactive", is_flag=True, help="Ask for each decision.")
@click.option("--non-interactive", is_flag=True, help="Never ask (the default without -i).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the policy here (default: standard output).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing --output file.")
def init(
    company: str | None,
    language: str,
    timezone: str | None,
    channels: str,
    contacts: tuple[str, ...],
    today: str | None,
    interactive: bool,
    non_interactive: bool,
    output: Path | None,
    force: bool,
) -> int:
    """Write a new, complete policy: only the author's own decisions are left marked."""
    from policy_lint import scaffold
    from policy_lint.templates import template_for

    day = parse_date(today, "--today")
    if interactive and not non_interactive:
        text = scaffold.interactive(
            lambda question, default: str(
                click.prompt(question, default=default, show_default=bool(default))
            ),
            today=day,
        )
    else:
        if not company:
            raise UsageError("init needs --company NAME (or --interactive)")
        pairs = dict(_pair(value, "--contact") for value in contacts)
        zone = timezone or str(template_for(language)["default_timezone"])
        text = scaffold.scaffold(company, language, zone, channels, today=day, contacts=pairs)
    if output is None:
        click.echo(text, nl=False)
    else:
        if output.exists() and not force:
            raise UsageError(f"{output}: exists; pass --force to overwrite it")
        _write(output, text)
        click.echo(
            f"{output}: written; `policy-lint check {output}` names what is left to decide",
            err=True,
        )
    return 0


def _pair(value: str, option: str) -> tuple[str, str]:
    key, _, rest = value.partition("=")
    if not key or not rest:
        raise UsageError(f"{option} {value!r}: write KEY=VALUE")
    return key.strip(), rest.strip()


@cli.command()
@click.argument("policy", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html"]),
    help="Default: from the --output suffix, else markdown.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the document here (default: standard output).",
)
@click.option("--today", metavar="DATE", help="The date to check the policy on first.")
@click.option("--force", is_flag=True, help="Render even when the policy has errors.")
def render(
    policy: Path, fmt: str | None, output: Path | None, today: str | None, force: bool
) -> int:
    """The policy as a readable document (Markdown or self-contained HTML), in its language."""
    from policy_lint.render import render_markdown
    from policy_lint.render_html import render_html

    if not force:
        refuse_errors(policy, parse_date(today, "--today"), doing="publishing")
    loaded = load_path(policy)
    if loaded.document is None:
        raise UsageError(f"{policy}: cannot be read: {loaded.issues[0].message}")
    chosen = fmt or (
        "html" if output is not None and output.suffix in (".html", ".htm") else "markdown"
    )
    text = (render_html if chosen == "html" else render_markdown)(loaded.document.data)
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, text)
    return 0


FAIL_ON = {
    "loosened": {"loosened"},
    "removed": {"removed"},
    "any": {"loosened", "removed", "incomparable", "tightened", "added", "changed"},
}


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--git",
    "revision",
    metavar="REV",
    help="Compare each PATH (default: every changed YAML file) with its version at REV.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-on",
    type=click.Choice(sorted(FAIL_ON)),
    multiple=True,
    help="Exit 1 when a promise is loosened, removed, or on any change; repeatable.",
)
def diff(paths: tuple[Path, ...], revision: str | None, fmt: str, fail_on: tuple[str, ...]) -> int:
    """What a change does to the promises: `diff OLD NEW` or `diff --git REV [PATH…]`."""
    from policy_lint.diff import changed_policies, diff_data, policy_data, read_at_revision
    from policy_lint.report.diff import DIFF_FORMATS

    pairs: list[tuple[str, str | None, str | None]]
    if revision is None:
        if len(paths) != 2:
            raise UsageError("diff takes OLD NEW, or --git REV [PATH…]")
        pairs = [(paths[1].as_posix(), _read(paths[0]), _read(paths[1]))]
    else:
        files = list(paths) or changed_policies(revision)
        pairs = [
            (p.as_posix(), read_at_revision(revision, p), _read(p) if p.exists() else None)
            for p in files
        ]
    changes = [
        change
        for shown, old, new in pairs
        for change in diff_data(
            shown, policy_data(old, f"{revision or 'old'}:{shown}"), policy_data(new, shown)
        )
    ]
    click.echo(DIFF_FORMATS[fmt](changes), nl=False)
    failing = set().union(*(FAIL_ON[name] for name in fail_on)) if fail_on else set()
    return 1 if any(change.kind.value in failing for change in changes) else 0


def _read(path: Path) -> str:
    from policy_lint.load import read_text

    text = read_text(path)
    if not isinstance(text, str):
        raise UsageError(f"{path}:{text.line}:{text.column}: {text.message}")
    return text


@cli.command()
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the schema to this file instead of printing it.",
)
@click.option(
    "--vscode",
    "vscode_glob",
    metavar="GLOB",
    help="Also associate the schema with GLOB (e.g. 'policies/*.yaml') in "
    ".vscode/settings.json, for the YAML extension; needs --output.",
)
def schema(output: Path | None, vscode_glob: str | None) -> int:
    """Print the policy JSON Schema (for editors and other validators)."""
    from policy_lint.validate import schema_text

    if output is None:
        if vscode_glob:
            raise UsageError("--vscode needs --output: the settings must point at a file")
        click.echo(schema_text(), nl=False)
        return 0
    _write(output, schema_text())
    if vscode_glob:
        from policy_lint.editors import associate_vscode

        settings = Path(".vscode") / "settings.json"
        settings.parent.mkdir(exist_ok=True)
        old = settings.read_text(encoding="utf-8") if settings.exists() else None
        _write(settings, associate_vscode(old, f"./{output.as_posix()}", vscode_glob, settings))
        click.echo(f"{settings}: {vscode_glob} → {output}", err=True)
    return 0


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """Repeatable options also take comma-separated lists: --select PL1,PL2."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI, turning every failure into one line on stderr and exit code 2."""
    try:
        code = cli.main(args=argv, prog_name="policy-lint", standalone_mode=False)
    except click.exceptions.Exit as done:
        code = done.exit_code
    except click.ClickException as error:
        click.echo(f"policy-lint: {error.format_message()}", err=True)
        code = 2
    except click.exceptions.Abort:
        click.echo("policy-lint: interrupted", err=True)
        code = 2
    except PolicyLintError as error:
        click.echo(f"policy-lint: {error}", err=True)
        code = 2
    except BrokenPipeError:
        code = 2
    except Exception as error:  # the error boundary: never a traceback for a user
        if os.environ.get("POLICY_LINT_DEBUG"):
            traceback.print_exc()
        click.echo(f"policy-lint: internal error: {type(error).__name__}: {error}", err=True)
        code = 2
    sys.exit(code if isinstance(code, int) else 0)
