"""`policy-lint schema`: the policy schema for editors, and their association."""

from __future__ import annotations

from pathlib import Path

import click

from policy_lint.cli.options import write
from policy_lint.errors import UsageError


@click.command()
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
    from policy_lint.lint.validate import schema_text

    if output is None:
        if vscode_glob:
            raise UsageError("--vscode needs --output: the settings must point at a file")
        click.echo(schema_text(), nl=False)
        return 0
    write(output, schema_text())
    if vscode_glob:
        from policy_lint.publish.editors import associate_vscode

        settings = Path(".vscode") / "settings.json"
        settings.parent.mkdir(exist_ok=True)
        old = settings.read_text(encoding="utf-8") if settings.exists() else None
        write(settings, associate_vscode(old, f"./{output.as_posix()}", vscode_glob, settings))
        click.echo(f"{settings}: {vscode_glob} → {output}", err=True)
    return 0
