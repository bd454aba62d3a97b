"""The options and helpers more than one command shares, public so that a command module imports
them by name: how to read an export, which rule packs and configuration to read, and how a
command writes a file, splits a list or reads a date (an instant, which the audit side reads
too, is `policy_lint.values.parse_instant`).

Each option decorator adds its options in the order `--help` lists them. Every helper that
cannot do its job raises UsageError, which the error boundary (`app.main`) makes one line and
exit 2; none prints or exits itself.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from policy_lint.errors import UsageError
from policy_lint.years import FIRST_YEAR, LAST_YEAR, OUTSIDE

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
                         help="The zone of times written without an offset (default: the "
                              "mapping file's, else the policy's business hours', else UTC; a "
                              "Zendesk or Freshdesk CSV needs this or the mapping's)."),
            click.option("--date-order", type=click.Choice(["dmy", "mdy"]),
                         help="Whether times written as 02/03/2026 put the day (dmy) or the "
                              "month (mdy) first (default: the mapping's, else told from the "
                              "file's first rows)."),
        ]
    ):  # fmt: skip
        command = option(command)
    return command


def pack_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--rules DIR: a team's rule pack, for check, rules and explain alike."""
    return click.option(
        "--rules",
        "packs",
        multiple=True,
        metavar="DIR",
        type=click.Path(path_type=Path),
        help="A rule pack folder (rule files in the built-in format); repeatable.",
    )(command)


def config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--config FILE and --isolated: where a command's configuration comes from, for every
    command that reads one. A pull request edits `.policy-lint.yaml` as it edits a policy, so a
    gate takes its configuration from a trusted place (`--config`, such as the base branch's
    copy) or reads none (`--isolated`, as ruff's)."""
    for option in reversed(
        [
            click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
                         help="The configuration file (default: the nearest .policy-lint.yaml); "
                              "its rule packs resolve against its own folder."),
            click.option("--isolated", is_flag=True,
                         help="Read no configuration file: built-in defaults and flags only."),
        ]
    ):  # fmt: skip
        command = option(command)
    return command


def configuration(config: Path | None, isolated: bool) -> tuple[Path | None, bool]:
    """The configuration file to read (None: none) and whether it was found in the working
    folder's repository rather than named (`--config`)."""
    if isolated and config is not None:
        raise UsageError("--isolated reads no configuration file; leave out --config or it")
    if isolated or config is not None:
        return config, False
    from policy_lint.lint.config import find_config  # the linter's: only a command reading one

    found = find_config(Path.cwd())
    return found, found is not None


def parse_date(value: str | None, option: str) -> dt.date:
    """A --today style option as a date; today's date when absent (the one clock read)."""
    if value is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date such as 2026-11-23") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # a year ahead of 9999 overflowed the rules
        raise UsageError(f"{option} {value!r} is {OUTSIDE}")
    return day


def write(path: Path, text: str, *, append: bool = False) -> None:
    """Write (or append) a command's output to a file, as UTF-8; a file that cannot be written
    is a UsageError naming it, not a traceback."""
    try:
        with path.open("a" if append else "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise UsageError(f"{path}: cannot be written ({error.strerror or error})") from None


def pair(value: str, option: str) -> tuple[str, str]:
    """`KEY=VALUE` of an option such as --contact, both sides stripped; either side empty is a
    UsageError naming the option."""
    key, _, rest = value.partition("=")
    if not key or not rest:
        raise UsageError(f"{option} {value!r}: write KEY=VALUE")
    return key.strip(), rest.strip()


def split(values: Sequence[str]) -> tuple[str, ...]:
    """Repeatable options also take comma-separated lists: --select PL1,PL2."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def colour() -> bool:
    """Whether text output may be coloured: on a terminal, unless NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
