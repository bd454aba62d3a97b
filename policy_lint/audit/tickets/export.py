"""An export as its readers know it once it is opened, and its bytes as they read them.

Opening (opening.py) tells an export's format, checks its encoding and reads its header and first
rows; what it found is an Export, and every reader after it reads the file's bytes through
open_stream: from the file as it was stamped, decompressed when it is gzip, counted, and checked
at their end against the stamp. A file that cannot be read as a whole is one ExportError naming
the file (and the line where known); a bad row inside a readable file is not the readers'
business.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa

from policy_lint.audit.tickets.shown import said
from policy_lint.audit.tickets.stamp import Stamp, check_unchanged, reopen
from policy_lint.errors import ExportError

Head = tuple[tuple[str, tuple[str, ...]], ...]  # each column's text in a file's first rows


class ExportFormat(StrEnum):
    """The file formats an export may come in."""

    CSV = "csv"
    JSONL = "jsonl"
    PARQUET = "parquet"


SUFFIXES = {
    ".csv": ExportFormat.CSV,
    ".tsv": ExportFormat.CSV,
    ".jsonl": ExportFormat.JSONL,
    ".ndjson": ExportFormat.JSONL,
    ".json": ExportFormat.JSONL,  # Zendesk names its NDJSON export .json
    ".parquet": ExportFormat.PARQUET,
    ".pq": ExportFormat.PARQUET,
}


@dataclass(frozen=True, slots=True)
class Export:
    """One export file, opened and checked: its format and header, not yet its rows."""

    path: Path
    shown: str  # the name every message uses
    format: ExportFormat
    columns: tuple[str, ...]  # the header; nested JSON/Parquet fields flattened as `a.b`
    stamp: Stamp  # the file as it was opened: every reading of it must find it so
    compressed: bool = False
    delimiter: str = ","
    row_bytes: float = 128.0  # CSV: the mean length of the first rows, to size the blocks
    # CSV, JSON Lines: each column's text in the whole rows of the bytes read to open the file
    # (`head_rows` of them), blanks left out: what the reader and the time rules decide from,
    # without reading the file's head again
    head: Head = ()
    head_rows: int = 0

    def first_values(self, column: str) -> tuple[str, ...]:
        """The column's text in the file's first rows (CSV, JSON Lines), blanks left out."""
        return next((values for name, values in self.head if name == column), ())

    def present(self, columns: Sequence[str]) -> list[str]:
        """Those of `columns` the header has, in their order."""
        return [c for c in columns if c in self.columns]


class ExportBytes(io.RawIOBase):
    """An export's bytes as its readers read them (decompressed when it is gzip), from the file
    as it was stamped, counted, and checked at their end against that stamp."""

    def __init__(self, export: Export, file: BinaryIO) -> None:
        super().__init__()
        self._export, self._file = export, file
        self._stream: Any = decompressed(file) if export.compressed else file
        self._count = 0

    def readable(self) -> bool:
        """It is read, never written."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Bytes read into `buffer`; none at the end."""
        count: int = self._stream.readinto(buffer)
        self._count += count
        return count

    def end(self) -> None:
        """The bytes are read to their end: ExportError unless the file is still the one
        stamped, and (uncompressed) exactly its bytes were read."""
        export = self._export
        read = None if export.compressed else self._count
        check_unchanged(self._file, export.shown, export.stamp, read)


@contextmanager
def open_stream(export: Export) -> Iterator[ExportBytes]:
    """The export's bytes, from the file as it was stamped (ExportError if it is not)."""
    with reopen(export.path, export.shown, export.stamp) as file:
        try:
            yield ExportBytes(export, file)
        except (OSError, pa.ArrowException) as error:
            check_unchanged(file, export.shown, export.stamp)  # a changed file: say so first
            what = "is not gzip-compressed data" if export.compressed else "cannot be read"
            raise ExportError(f"{export.shown}: {what} ({said(error)})") from None


def decompressed(file: BinaryIO) -> Any:
    """The gzip file's bytes, decompressed as they are read."""
    return pa.CompressedInputStream(pa.PythonFile(file, mode="r"), "gzip")
