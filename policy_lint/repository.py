"""Which repository a file lies in, and whether a path stays inside one.

A pull request controls its repository's files, symlinks among them included. A path that a
file of the repository names (a rule pack in `.policy-lint.yaml`), or that a symlink in it
points at, must stay inside that repository: else `rules: [/home/runner/.config]`, `../..` or a
symlink to a credentials file would have the tool read, and quote, what the pull request cannot
see. Paths are compared resolved, so `..` and every symlink on the way are followed first.

Which repository a file is read from is told by its name as written (`..` folded, no symlink
followed): `policies/acme.yaml` is named in the repository above `policies/`, wherever a symlink
makes it lead. A file named in a repository that leads out of it is refused when it is opened
(`regular.open_regular`), whoever named it: the pipeline names `exports/tickets.csv`, the pull
request makes it a symlink to `~/.git-credentials`, and its first line would be quoted as the
export's header.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

MARKER = ".git"  # a folder or, in a worktree or a submodule, a file


def repository_of(folder: Path) -> Path:
    """The repository `folder` lies in, resolved: the nearest folder at or above it that holds
    `.git` (where `config.find_config` stops looking), else `folder` itself."""
    start = _real(folder)
    return _marked(start) or start


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, resolved, is `root` (resolved already) or lies below it."""
    return _real(path).is_relative_to(root)


def leaves_repository(path: Path) -> Path | None:
    """The repository `path` is named in, when its symlinks lead out of it; else None (a file
    named outside any repository may lead anywhere: nothing tells whose it is)."""
    named = _marked(Path(os.path.normpath(path.absolute())).parent)
    if named is None:
        return None
    root = _real(named)
    return None if inside(path, root) else root


def _marked(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds `.git`."""
    return next((folder for folder in (start, *start.parents) if (folder / MARKER).exists()), None)


def _real(path: Path) -> Path:
    """The path with every symlink followed (a loop of them left for opening to report)."""
    return Path(os.path.realpath(path))


def trees_of(paths: Iterable[Path]) -> tuple[Path, ...]:
    """The repositories these files and folders lie in: the trees a pull request controls."""
    folders = (path if os.path.isdir(path) else path.parent for path in paths)
    return tuple(dict.fromkeys(repository_of(folder) for folder in folders))
