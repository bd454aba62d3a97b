"""Which repository a file lies in, and whether a path stays inside one.

A pull request controls its repository's files, symlinks among them included. A path that a
file of the repository names (a rule pack in `.policy-lint.yaml`), or that a symlink in it
points at, must stay inside that repository: else `rules: [/home/runner/.config]`, `../..` or a
symlink to a credentials file would have the tool read, and quote, what the pull request cannot
see. Paths are compared resolved, so `..` and every symlink on the way are followed first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

MARKER = ".git"  # a folder or, in a worktree or a submodule, a file


def repository_of(folder: Path) -> Path:
    """The repository `folder` lies in, resolved: the nearest folder at or above it that holds
    `.git` (where `config.find_config` stops looking), else `folder` itself."""
    start = folder.resolve()
    for candidate in (start, *start.parents):
        if (candidate / MARKER).exists():
            return candidate
    return start


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, resolved, is `root` (resolved already) or lies below it."""
    return path.resolve().is_relative_to(root)


def trees_of(paths: Iterable[Path]) -> tuple[Path, ...]:
    """The repositories these files and folders lie in: the trees a pull request controls."""
    folders = (path if os.path.isdir(path) else path.parent for path in paths)
    return tuple(dict.fromkeys(repository_of(folder) for folder in folders))
