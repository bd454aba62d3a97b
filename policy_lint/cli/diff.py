"""`policy-lint diff`: what a change does to the promises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from policy_lint.errors import UsageError
from policy_lint.publish.diff_gate import FAIL_ON


@click.command()
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
    help=(
        "Exit 1 on: `loosened`, a promise loosened in any part, or changed so that it cannot be "
        "compared (incomparable: it cannot be proved not looser, and a line says so); `removed`, "
        "a promise, channel or escalation level removed, and nothing else; `any`, any change at "
        "all. Repeatable: a change fails when any value given names it."
    ),
)
def diff(paths: tuple[Path, ...], revision: str | None, fmt: str, fail_on: tuple[str, ...]) -> int:
    """What a change does to the promises: `diff OLD NEW` or `diff --git REV [PATH…]`."""
    from policy_lint.publish.diff import diff_data, policy_data
    from policy_lint.publish.diff_gate import gate
    from policy_lint.publish.revisions import (
        Changed,
        changed_policies,
        read_at_revision,
        verify_commit,
    )
    from policy_lint.report.diff import DIFF_FORMATS

    sides: list[tuple[str, Any, Any]]  # the path shown, the data before and after
    if revision is None:
        if len(paths) != 2:
            raise UsageError("diff takes OLD NEW, or --git REV [PATH…]")
        shown = paths[1].as_posix()
        sides = [(shown, policy_data(_read(paths[0]), f"old:{shown}"), _data(paths[1]))]
    else:
        commit = verify_commit(revision)
        files = [Changed(p, p) for p in paths] or changed_policies(commit)
        sides = [
            (
                f.now.as_posix(),
                policy_data(read_at_revision(commit, f.then), f"{revision}:{f.then.as_posix()}"),
                _data(f.now) if f.now.exists() else {},
            )
            for f in files
        ]
    changes = [change for shown, old, new in sides for change in diff_data(shown, old, new)]
    judged = gate(changes, fail_on)
    click.echo(DIFF_FORMATS[fmt](changes, judged), nl=False)
    return 1 if judged.fails else 0


def _data(path: Path) -> Any:
    from policy_lint.publish.diff import policy_data

    return policy_data(_read(path), path.as_posix())


def _read(path: Path) -> str:
    from policy_lint.lint.load import read_text

    text = read_text(path)
    if not isinstance(text, str):
        raise UsageError(f"{path}:{text.line}:{text.column}: {text.message}")
    return text
