"""`policy-lint audit`: measure helpdesk exports against the policy's promises."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from policy_lint.cli.app import say
from policy_lint.cli.options import export_options, parse_date, write


@click.command()
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
@click.option("--batch-size", type=click.IntRange(1), default=None, hidden=True)
def audit(
    policy: Path,
    exports: tuple[Path, ...],
    source: str,
    mapping: Path | None,
    timezone: str | None,
    date_order: str | None,
    pauses: Path | None,
    as_of: str | None,
    fmt: str,
    output: Path | None,
    today: str | None,
    batch_size: int | None,
) -> int:
    """Measure helpdesk exports against every promise of the policy."""
    from policy_lint.cli.process import tune_for_streaming  # ctypes: only an audit needs it

    tune_for_streaming()  # before the audit's threads start
    from policy_lint.audit.run import AuditRequest, run_audit
    from policy_lint.report.audit_formats import AUDIT_FORMATS

    request = AuditRequest.from_options(
        policy,
        exports,
        today=parse_date(today, "--today"),
        source=source,
        mapping=mapping,
        timezone=timezone,
        date_order=date_order,
        pauses=pauses,
        as_of=as_of,
        batch_size=batch_size,
    )
    progress = Progress() if sys.stderr.isatty() else None
    report = run_audit(request, progress)
    if progress is not None:
        progress.done()
    text = AUDIT_FORMATS[fmt](report)
    if output is None:
        click.echo(text, nl=False)
    else:
        write(output, text)
    # said once the report is out: an audit that fails after all says one line, its error
    for name, chosen in report.sources:
        say(f"{name}: read as a {chosen} export")
    return 0 if report.status == "pass" else 1  # a gate stays red on what it could not see


class Progress:
    """Rows read and rows a second, on one line of a terminal's stderr."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, rows: int) -> None:
        rate = rows / max(time.monotonic() - self.start, 1e-9)
        click.echo(f"\r{rows:,} rows read, {rate:,.0f} rows/s", err=True, nl=False)

    def done(self) -> None:
        click.echo("", err=True)
