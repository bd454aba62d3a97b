"""The checked tree: the policy files under the paths a run is given, and no read outside it.

A policy repository is edited through pull requests, and `check` runs on them in CI with a token
and the runner's secrets. A pull request can commit symbolic links: `policies/team.yaml` pointing
at `~/.aws/credentials`, `policies/shared` pointing at `/`. So a link is followed only while it
stays inside the tree being checked (the folder given, or the repository of a file given); one
that leads out of it is refused by its own name, its target never read nor named. Links inside
the tree are followed, folders too (each real folder walked once, so a link to an ancestor ends),
since a team may keep one policy under two names. A folder that cannot be read is an error that
names it, never a silent "no findings" for what was not looked at.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from policy_lint.errors import LoadError

POLICY_SUFFIXES = (".yaml", ".yml")


def discover(paths: Sequence[Path], exclude: Sequence[str] = ()) -> list[Path]:
    """The policy files named: files as given, folders searched for *.yaml and *.yml.

    Hidden files and folders (`.policy-lint.yaml`, `.git`) are skipped inside folders, and so is
    any path matching an `exclude` pattern (a glob, or a folder name such as `defects`). A file
    that is not a regular one is kept, so that reading it says what it is.
    """
    found: list[Path] = []
    for path in paths:
        try:
            mode = path.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            raise LoadError(f"{path}: no such file or folder") from None
        except PermissionError:  # looking at a path needs only the right to enter its folders
            raise LoadError(
                f"{path}: cannot be reached: a folder on its path cannot be entered"
            ) from None
        except OSError as error:
            raise LoadError(f"{path}: cannot be read ({error.strerror or error})") from None
        refuse_leaving(path)
        found.extend(_walk(path, exclude) if stat.S_ISDIR(mode) else [path])
    return sorted(dict.fromkeys(found))


def _walk(folder: Path, exclude: Sequence[str]) -> list[Path]:
    """The policy files under one folder, links inside it followed, each file under one name:
    its own where it is reached without a link, else the first in sorted order."""
    root = os.path.realpath(folder)
    walked: set[str] = set()  # real folders, so that a link to an ancestor is walked once
    files: dict[str, tuple[bool, Path]] = {}  # real path → (reached by a link, name shown)
    stack = [(folder, False)]
    while stack:
        current, linked = stack.pop()
        real = os.path.realpath(current)
        if real in walked:
            continue
        walked.add(real)
        for name, is_link, is_folder in _entries(current):
            if name.startswith(".") or name in exclude:
                continue
            child = current / name
            is_policy = not is_folder and child.suffix in POLICY_SUFFIXES
            if not is_folder and (not is_policy or _excluded(child, exclude)):
                continue
            target = os.path.realpath(child)
            if is_link and not _inside(target, root):
                raise LoadError(
                    f"{child}: a symbolic link leading out of the checked folder {folder}: "
                    "refused, its target not read"
                )
            if is_folder:
                stack.append((child, linked or is_link))
            else:
                shown = (linked or is_link, child)  # a file's own name before a link's
                files[target] = min(files.get(target, shown), shown)
    return [child for _, child in files.values()]


def _entries(folder: Path) -> list[tuple[str, bool, bool]]:
    """A folder's entries, sorted, as (name, is a symbolic link, is a folder or a link to one)."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        raise LoadError(
            f"{folder}: a folder that cannot be read ({error.strerror or error}), "
            "so its policies cannot be checked"
        ) from None
    return [(entry.name, entry.is_symlink(), _is_folder(entry)) for entry in entries]


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a folder or a link to one; one that cannot be looked at is taken for
    a file, which reading then names with its reason."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _excluded(path: Path, patterns: Sequence[str]) -> bool:
    text = path.as_posix()
    return any(pattern in path.parts or fnmatch.fnmatch(text, pattern) for pattern in patterns)


def refuse_leaving(path: Path) -> None:
    """LoadError when a file or folder given reaches, through a symbolic link, outside its tree.

    Its tree is the repository that holds it (the nearest folder above it with `.git`), else the
    working folder when it lies under it, else its own folder: `policies` committed as a link to
    the runner's home is refused like a link to a credentials file. A path with no link in it is
    where it says it is, and is not looked at further.
    """
    absolute = os.path.abspath(path)
    real = os.path.realpath(path)
    if real == absolute:
        return
    tree = _tree_of(Path(absolute))
    if not _inside(real, os.path.realpath(tree)):
        raise LoadError(
            f"{path}: a symbolic link leading out of {tree}: refused, its target not read"
        )


def _tree_of(absolute: Path) -> Path:
    for folder in absolute.parents:
        if os.path.lexists(folder / ".git"):
            return folder
    cwd = Path.cwd()
    return cwd if absolute.is_relative_to(cwd) else absolute.parent
