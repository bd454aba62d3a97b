"""A click group whose commands are imported only when one is asked for (click's "lazy group").

Each command module imports what its command needs at its top: `audit` numpy and pyarrow,
`diff` the publishing wing. A group that imported every module to register its commands made
every run pay for all of them; this one knows each command by the name of the module and the
attribute that hold it, and imports that module when click asks for the command by name: to run
it, or, for `--help`, to show its short help (so `--help` imports them all, and lists them in
the order click always has, sorted by name).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click


class LazyGroup(click.Group):
    """A group of commands given as `{name: "package.module:attribute"}`."""

    def __init__(self, *args: Any, lazy: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted, without importing any."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command of that name, its module imported now; None for a name not known."""
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = self.lazy[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command) or command.name != cmd_name:
            raise TypeError(f"{self.lazy[cmd_name]} is not the command {cmd_name!r}")
        return command
