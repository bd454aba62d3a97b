"""Open and read only regular files, and never more than a stated number of bytes.

Every file the tool reads comes from a pull request: a policy, `.policy-lint.yaml`, a rule pack,
a mapping, an export. A FIFO blocks `open` until some writer comes; `/dev/zero` and
`/dev/urandom` never end; a size from `stat` is no promise about what a read returns. So a file
is opened without blocking, looked at through its open descriptor (what was opened is what is
judged, whatever a symlink pointed to), refused unless it is a regular file, and read with a cap.
A file named inside a repository whose symlinks lead out of it is refused before it is opened.

Callers turn `NotRegular` and `TooLarge` into their own error (a LoadError for a policy, a
ConfigError for a configuration or mapping, an ExportError for an export), so the message
keeps naming the file the way the caller names it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from policy_lint.repository import leaves_repository

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (a named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegular(OSError):
    """The path is not a regular file: a folder, a FIFO, a device or a socket."""


class LeavesRepository(NotRegular):
    """A symlink in a repository that leads out of it (repository.py): to a reader of that
    repository, no file of it. A NotRegular, so that every caller says so as it says the rest."""


class TooLarge(OSError):
    """The file holds more bytes than its kind of file may."""


def kind_of(mode: int) -> str:
    """What a file that is not regular is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, once it is known to be a regular file.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; a regular
    file ignores the flag, and it is cleared before the file is handed over anyway. A file named
    in a repository whose symlinks lead out of it is not opened at all.
    """
    root = leaves_repository(path)
    if root is not None:
        raise LeavesRepository(f"is a symlink leading outside its repository, {root}")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(f"is {kind_of(mode)}, not a regular file")
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_capped(path: Path, cap: int) -> bytes:
    """A regular file's bytes, at most `cap` of them (TooLarge past that: never read on)."""
    with open_regular(path) as file:
        data = file.read(cap + 1)
    if len(data) > cap:
        raise TooLarge(f"is larger than {describe_size(cap)}")
    return data


def describe_size(size: int) -> str:
    """`5 MB`, `64 KiB`-style words for a cap, as the messages state them."""
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000} MB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size:,} bytes"
