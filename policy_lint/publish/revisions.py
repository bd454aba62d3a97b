"""A git revision's side of `diff --git`: the commit it names, the policy files changed since, and
a file's text there.

The revision and every file name come from a pull request's world, so git is asked in the ways
that cannot be misread. The revision is verified once as a commit (`rev-parse --verify
--end-of-options REV^{commit}`): a REV such as `--output=FILE` or `-Sfoo` is a name that names
no commit, not an option, and every later command gets the commit's id, never the name. File
lists are read NUL-separated (`-z`): a name with a newline, a `"` or a letter git would quote
(`uzņēmums.yaml`) comes back as its bytes, not as git's quoted form, which names no file. A
renamed policy is compared with what it was under its old name; a file's text at the revision
is read as the blob its tree lists, raw (no textconv, no filter), refused when it is a folder,
a symbolic link or a submodule, or larger than any policy could be.

`--end-of-options` needs git 2.24 (November 2019); an older git is told of by name.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from policy_lint.errors import LoadError, UsageError
from policy_lint.lint.load import MAX_BYTES, decode

_OLDEST = (2, 24)  # the first git with --end-of-options
_REGULAR = {"100644", "100755"}  # a file's modes in a tree; 120000 a symlink, 160000 a submodule


@dataclass(frozen=True, slots=True)
class Revision:
    """A revision as given (for messages) and the commit it was verified to name (for git)."""

    name: str
    commit: str


@dataclass(frozen=True, slots=True)
class Changed:
    """A policy file that differs from the revision: its path now, and its path at the revision
    (another one when git found it renamed)."""

    now: Path
    then: Path


def _git(*args: str, literal: bool = False) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "GIT_LITERAL_PATHSPECS": "1"} if literal else None
    try:
        return subprocess.run(["git", *args], capture_output=True, check=False, env=environment)
    except OSError as error:
        raise UsageError(f"diff --git needs git, which cannot be run: {error.strerror}") from None


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    """git's last line on stderr: what went wrong, in its words."""
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"git exited with {result.returncode}"


def verify_commit(revision: str) -> Revision:
    """The commit `revision` names; UsageError when it names none."""
    result = _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if result.returncode == 0:
        return Revision(revision, result.stdout.decode("ascii").strip())
    _refuse_old_git()
    why = f" ({_said(result)})" if result.stderr.strip() else ""
    raise UsageError(f"--git {revision!r} is not a commit of this repository{why}")


def _refuse_old_git() -> None:
    version = _git("version").stdout.decode("ascii", "replace")
    found = re.search(r"(\d+)\.(\d+)", version)
    if found and (int(found[1]), int(found[2])) < _OLDEST:
        raise UsageError(f"diff --git needs git 2.24 or newer; this is {version.strip()}")


def changed_policies(revision: Revision) -> list[Changed]:
    """The YAML files that differ between a commit and the working tree, renames paired."""
    result = _git(
        "diff", "--name-status", "-z", "--relative", "--find-renames", "--no-ext-diff",
        "--no-textconv", revision.commit, "--", "*.yaml", "*.yml",
    )  # fmt: skip
    if result.returncode != 0:
        raise UsageError(f"git diff {revision.name}: {_said(result)}")
    fields = result.stdout.split(b"\0")
    changed: list[Changed] = []
    at = 0
    while at < len(fields) and fields[at]:
        status, at = fields[at].decode("ascii"), at + 1
        if status[:1] in ("R", "C"):  # renamed or copied: its old name, then its new one
            then, now, at = fields[at], fields[at + 1], at + 2
        else:
            then = now = fields[at]
            at += 1
        changed.append(Changed(Path(os.fsdecode(now)), Path(os.fsdecode(then))))
    return sorted(changed, key=lambda change: change.now)


def read_at_revision(revision: Revision, path: Path) -> str | None:
    """The file's text at a commit, or None when it did not exist there."""
    where = f"{revision.name}:{path.as_posix()}"
    if path.is_absolute():
        raise UsageError(f"{path}: give paths inside the repository, relative to it")
    listed = _git("ls-tree", "-l", "-z", revision.commit, "--", path.as_posix(), literal=True)
    if listed.returncode != 0:
        raise UsageError(f"git cannot list {where}: {_said(listed)}")
    entry = listed.stdout.split(b"\0")[0]
    if not entry:
        return None
    mode, _kind, blob, size = entry.split(b"\t")[0].decode("ascii").split()
    if mode not in _REGULAR:
        what = {"120000": "a symbolic link", "160000": "a submodule"}.get(mode, "a folder")
        raise LoadError(f"{where}: is {what}, not a policy file; cannot compare")
    if int(size) > MAX_BYTES:
        limit = f"{MAX_BYTES // 2**20} MiB"
        raise LoadError(f"{where}: is larger than a policy can be ({limit}); cannot compare")
    read = _git("cat-file", "blob", blob)
    if read.returncode != 0:
        raise UsageError(f"git cannot read {where}: {_said(read)}")
    text = decode(read.stdout)
    if not isinstance(text, str):
        raise LoadError(f"{where}:{text.line}:{text.column}: {text.message}; cannot compare")
    return text
