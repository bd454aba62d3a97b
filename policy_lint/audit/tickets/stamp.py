"""An export opened as a regular file, and held to be the same file until it is read to its end.

An export comes from a pull request, so its path may name a FIFO (`open` waits for a writer that
never comes), a device (`/dev/zero` never ends, and its size is 0, so it was "empty"), or a
symlink to either. Every export and pause file is therefore opened by `regular.open_regular`
and judged by what was opened, not by its name.

The file must also stay what it was while the audit reads it: an export still being written,
or replaced by the next night's, gives an audit of rows from two different files, or of half of
one. What the file was when it was opened (device, inode, size, modification time) is its
`Stamp`; every later opening is compared with it, and so is the open file once it has been read
to its end. A difference is one ExportError: nothing measured from such a file is reported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from policy_lint.errors import ExportError
from policy_lint.regular import NotRegular, open_regular

_WAY_OUT = "audit a finished export that nothing writes to"


@dataclass(frozen=True, slots=True)
class Stamp:
    """What an open export file is: which file, how many bytes, written when."""

    device: int
    inode: int
    size: int
    modified: int  # nanoseconds since the epoch

    @staticmethod
    def of(file: BinaryIO) -> Stamp:
        """The open file's stamp, from its descriptor (what was opened, not what a name is)."""
        found = os.fstat(file.fileno())
        return Stamp(found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def open_file(path: Path, name: str) -> tuple[BinaryIO, Stamp]:
    """The export opened for reading and its stamp; ExportError when it is no regular file."""
    try:
        file = open_regular(path)
    except FileNotFoundError:
        raise ExportError(f"{name}: no such file") from None
    except NotRegular as error:
        if path.is_dir():
            raise ExportError(f"{name}: is a folder, not an export file") from None
        raise ExportError(f"{name}: {error}; an export is read from a regular file") from None
    except OSError as error:
        raise ExportError(f"{name}: cannot be read ({error.strerror or error})") from None
    try:
        return file, Stamp.of(file)
    except BaseException:
        file.close()
        raise


def reopen(path: Path, name: str, stamp: Stamp) -> BinaryIO:
    """The export opened again, once it is known to be the file that was stamped, unchanged."""
    file, found = open_file(path, name)
    if found != stamp:
        file.close()
        raise changed(name, stamp, found)
    return file


def check_unchanged(file: BinaryIO, name: str, stamp: Stamp, read: int | None = None) -> None:
    """ExportError unless the open file, read to its end (`read` bytes of it, where counted),
    is still what it was when it was stamped."""
    found = Stamp.of(file)
    if found != stamp or (read is not None and read != stamp.size):
        raise changed(name, stamp, found, read)


def changed(name: str, stamp: Stamp, found: Stamp, read: int | None = None) -> ExportError:
    """The one line for a file that changed between its opening and the end of its reading."""
    if (found.device, found.inode) != (stamp.device, stamp.inode):
        how = "it was replaced by another file"
    elif found.size != stamp.size or (read is not None and read != stamp.size):
        now = found.size if found.size != stamp.size else read
        how = f"{stamp.size:,} bytes when it was opened, {now:,} when it had been read"
    else:
        how = "it was written to"
    return ExportError(f"{name}: changed while it was read ({how}); {_WAY_OUT}")
