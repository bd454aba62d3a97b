"""Export files → Arrow tables: CSV (every cell text), JSON Lines, Parquet.

This module owns the bytes on disk: which format a file is, its header, its encoding, how a
block of CSV records or a Parquet file is parsed, and the source row number of every row; reader.py
hands a file to the workers as parse tasks. Memory stays bounded by the block and batch size
whatever the file's size. A file that cannot be read as a whole is one ExportError naming the
file (and the line where known); a bad row inside a readable file is not this module's business.

Row numbers, the ones every rejected row reports:
- CSV: the 1-based data row, header excluded. A row whose quoted field holds a line break is still
  one row; blank lines are skipped and not counted. Row 17 is spreadsheet row 18.
- JSON Lines: the 1-based line number in the file (blank lines counted, header-less).
- Parquet: the 1-based row index in the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from policy_lint.audit.arrays import Ints
from policy_lint.audit.tickets import jsonl
from policy_lint.audit.tickets.batch import RawBatch, flat_names, flatten, one_chunk, with_columns
from policy_lint.audit.tickets.caps import HEADER_BYTES, RECORD_BYTES, long_header, long_line
from policy_lint.audit.tickets.kinds import checked
from policy_lint.audit.tickets.shown import said
from policy_lint.audit.tickets.stamp import Stamp, check_unchanged, open_file, reopen
from policy_lint.audit.tickets.times import MARKERS, no_value, offset_shaped
from policy_lint.errors import ExportError

DEFAULT_BATCH_SIZE = 131_072  # rows a batch of text (CSV, JSON Lines): a block of ~14 MB of CSV
# Parquet comes decoded, so a batch of it holds less, and its per-batch work is paid half as
# often in batches twice as long: 10 % less time at ten million rows, 60 to 90 MB more memory
PARQUET_BATCH_SIZE = 2 * DEFAULT_BATCH_SIZE
PARQUET_BUFFER_BYTES = 1 << 20  # Parquet's read buffer
MIN_BLOCK_BYTES = 64 << 10  # a CSV block: whole records parsed on one thread, about a batch of them
MAX_BLOCK_BYTES = 64 << 20
# the first bytes read, to tell the format; then on to the first record's end, and as many after
HEAD_BYTES = 64 << 10
Head = tuple[tuple[str, tuple[str, ...]], ...]  # each column's text in a file's first rows


class ExportFormat(StrEnum):
    """The file formats an export may come in."""

    CSV = "csv"
    JSONL = "jsonl"
    PARQUET = "parquet"


_SUFFIXES = {
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


def batch_rows(fmt: ExportFormat) -> int:
    """The rows of a batch when the caller names none: twice as many for Parquet."""
    return PARQUET_BATCH_SIZE if fmt is ExportFormat.PARQUET else DEFAULT_BATCH_SIZE


def open_export(path: Path, shown: str | None = None) -> Export:
    """Check that `path` is a readable, non-empty export and read its header.

    The format comes from the suffix (`.csv`, `.tsv`, `.jsonl`, `.ndjson`, `.json`, `.parquet`,
    each but Parquet optionally `.gz`); a file with another suffix is recognised by its content.
    """
    name = shown if shown is not None else str(path)
    file, stamp = open_file(path, name)
    with file:
        if stamp.size == 0:
            raise ExportError(f"{name}: the file is empty")
        compressed = path.name.lower().endswith(".gz")
        stream = _decompressed(file) if compressed else file
        read = partial(_read, stream, name=name, compressed=compressed)
        head = read(HEAD_BYTES)
        fmt = _format_of(path, head, compressed)
        if fmt is ExportFormat.PARQUET:
            if compressed:
                raise ExportError(
                    f"{name}: a Parquet file compresses itself; decompress the .gz first"
                )
            return Export(path, name, fmt, _parquet_columns(file, head, name), stamp)
        if not head.strip():
            raise ExportError(f"{name}: the file is empty")
        wide = _wide_text(head)
        if wide is not None:
            raise ExportError(f"{name}: is {wide} text, not UTF-8; save the export as UTF-8")
        if fmt is ExportFormat.JSONL:
            head = _through_first(read, head, _lf_end, RECORD_BYTES, long_line(name, 1))
        else:
            _text_not_json(head, name)
            head = _through_first(read, head, _line_end, HEADER_BYTES, long_header(name))
    if fmt is ExportFormat.JSONL:
        columns, values, rows = jsonl.header(head, name)
        return Export(
            path, name, fmt, columns, stamp, compressed, ",", _row_bytes(head), values, rows
        )
    delimiter = _sniff_csv(head, name)
    columns = _csv_columns(head, name, delimiter)
    values, rows = _head_values(head, delimiter)
    return Export(
        path, name, fmt, columns, stamp, compressed, delimiter, _row_bytes(head), values, rows
    )


def _through_first(
    read: Callable[[int], bytes],
    head: bytes,
    ends: Callable[[bytes], int | None],
    cap: int,
    problem: str,
) -> bytes:
    """The file's first bytes read on until they hold its first record whole (a CSV header, a
    JSON line that may list thousands of custom fields) and HEAD_BYTES after it, for the
    values of the first rows; ExportError `problem` when the record runs on past `cap`."""
    while (end := ends(head)) is None and len(head) <= cap:
        more = read(max(len(head), HEAD_BYTES))  # as much again: copies stay linear
        if not more:
            return head  # the whole file is its first record
        head += more
    if end is None or end > cap:
        raise ExportError(problem)
    if len(head) < end + HEAD_BYTES:
        head += read(end + HEAD_BYTES - len(head))
    return head


def _line_end(head: bytes) -> int | None:
    """Just after the first line break (LF, CR, CRLF), None when there is none (or a CR that
    may be half of a CRLF is the last byte)."""
    found = _LINE_BREAK.search(head)
    if found is None or (found.end() == len(head) and head.endswith(b"\r")):
        return None
    return found.end()


def _lf_end(head: bytes) -> int | None:
    """Just after the first LF, the end of a JSON line (a CR is white space there)."""
    return head.find(b"\n") + 1 or None


_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def offset_times(
    export: Export, columns: Sequence[str], nulls: Sequence[str] = MARKERS
) -> tuple[str, ...]:
    """Those of `columns` whose first value in the file (a marker of no value passed over) is
    an ISO 8601 time with an offset, or whose first values are all markers (`-` for an event
    that never happens in this export: as text, a column of them costs a pass of its own)."""
    found = []
    for name in columns:
        values = export.first_values(name)
        first = next((v for v in values if not no_value(v, nulls)), None)
        if (first is not None and offset_shaped(first)) or (values and first is None):
            found.append(name)
    return tuple(found)


def _head_values(head: bytes, delimiter: str) -> tuple[Head, int]:
    """Each column's values in the whole records of the file's first bytes, blanks left out,
    and how many records that is."""
    text = head.decode("utf-8-sig", errors="replace")
    lines = io.StringIO(text[: text.rfind("\n") + 1], newline="")
    count = 0
    try:
        rows = csv.reader(lines, delimiter=delimiter)
        header = next(rows, [])
        wanted: dict[str, int] = {}
        for at, name in enumerate(header):
            wanted.setdefault(name, at)  # a name twice: its first place
        found: dict[str, list[str]] = {name: [] for name in wanted}
        for record in rows:
            count += bool(record)
            for name, at in wanted.items():
                if at < len(record) and record[at].strip():
                    found[name].append(record[at])
    except csv.Error:
        return (), 0  # the parser will say what is wrong with the file
    return tuple((name, tuple(values)) for name, values in found.items()), count


def _rows(first: int, batch: pa.RecordBatch) -> Ints:
    return np.arange(first, first + batch.num_rows, dtype=np.int64)


# byte order marks, the longer first (UTF-32's little-endian mark begins with UTF-16's)
_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _wide_text(head: bytes) -> str | None:
    """UTF-16 or UTF-32, the text of a spreadsheet saved as "Unicode text": known by its byte
    order mark, or without one by the zero byte beside each ASCII character (header names are
    ASCII), which puts zeros on one parity of the bytes and almost none on the other."""
    for mark, encoding in _MARKS:
        if head.startswith(mark):
            return encoding
    sample = head[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 4:
        return None
    for zeros, others in ((odd, even), (even, odd)):
        if zeros.count(0) > len(zeros) // 2 and others.count(0) <= len(others) // 20:
            return "UTF-16"
    return None


class ExportBytes(io.RawIOBase):
    """An export's bytes as its readers read them (decompressed when it is gzip), from the file
    as it was stamped, counted, and checked at their end against that stamp."""

    def __init__(self, export: Export, file: BinaryIO) -> None:
        super().__init__()
        self._export, self._file = export, file
        self._stream: Any = _decompressed(file) if export.compressed else file
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


def _decompressed(file: BinaryIO) -> Any:
    return pa.CompressedInputStream(pa.PythonFile(file, mode="r"), "gzip")


def _read(stream: Any, size: int, name: str, compressed: bool) -> bytes:
    try:
        return bytes(stream.read(size))
    except (OSError, pa.ArrowException) as error:
        what = "is not gzip-compressed data" if compressed else "cannot be read"
        raise ExportError(f"{name}: {what} ({said(error)})") from None


def _format_of(path: Path, head: bytes, compressed: bool) -> ExportFormat:
    suffixes = [s.lower() for s in path.suffixes]
    if compressed:
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in _SUFFIXES:
        return _SUFFIXES[suffixes[-1]]
    if head.startswith(b"PAR1"):
        return ExportFormat.PARQUET
    return ExportFormat.JSONL if head.lstrip().startswith(b"{") else ExportFormat.CSV


def _parquet_columns(file: BinaryIO, head: bytes, name: str) -> tuple[str, ...]:
    if not head.startswith(b"PAR1"):
        raise ExportError(f"{name}: is not a Parquet file (it does not start with PAR1)")
    try:
        schema = pq.ParquetFile(file).schema_arrow
    except _PARQUET_FAILS as error:
        raise _unreadable_parquet(name, error) from None
    return tuple(flat_names(schema))


def _row_bytes(head: bytes) -> float:
    """The mean length of the rows in the file's first bytes (header and a cut row aside)."""
    lines = head.count(b"\n")
    if lines < 3:
        return 128.0
    body = head[head.index(b"\n") + 1 : head.rindex(b"\n") + 1]
    return max(len(body) / (lines - 1), 1.0)


def _text_not_json(head: bytes, name: str) -> None:
    """ExportError for a CSV export whose first bytes are binary data, or JSON."""
    if b"\x00" in head:
        raise ExportError(f"{name}: is not a CSV file (it holds binary data)")
    if head.lstrip().startswith((b"{", b"[")):
        raise ExportError(f"{name}: is not a CSV file (it looks like JSON)")


def _csv_text(head: bytes, name: str) -> str:
    first = _LINE_BREAK.split(head, maxsplit=1)[0]  # old Macs end lines with CR alone
    _text_not_json(head, name)
    try:
        return first.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = first[error.start : error.start + 1].hex()
        raise ExportError(f"{name}:1: is not UTF-8 (byte 0x{byte} in the header)") from None


def _sniff_csv(head: bytes, name: str) -> str:
    """The delimiter: the most frequent of comma, semicolon and tab in the header line."""
    header = _csv_text(head, name)
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _csv_columns(head: bytes, name: str, delimiter: str) -> tuple[str, ...]:
    header = _csv_text(head, name)
    try:
        row = next(csv.reader([header], delimiter=delimiter), [])
    except csv.Error as error:  # a column name past the csv module's limit (128 KiB)
        raise ExportError(f"{name}:1: the header cannot be read ({said(error)})") from None
    return tuple(row)


_INSTANT = pa.timestamp("s", "UTC")


def _csv_options(
    export: Export, columns: Sequence[str], instants: Sequence[str], nulls: Sequence[str]
) -> dict[str, Any]:
    kinds = dict.fromkeys(columns, pa.string())  # categorical ones too: see Vocabulary
    kinds.update((c, _INSTANT) for c in instants if c in kinds)
    # Read as instants, a time column takes the markers of no value for nulls (their usual
    # spellings: another falls back to text, where any case counts); a text column must not
    # (a ticket id `NA`), so text is never null there and its empty cells are made null after
    typed = any(kinds[c] is _INSTANT for c in kinds)
    return {
        "parse_options": pcsv.ParseOptions(
            delimiter=export.delimiter, newlines_in_values=True, invalid_row_handler=None
        ),
        "convert_options": pcsv.ConvertOptions(
            column_types=kinds,
            include_columns=list(columns),
            strings_can_be_null=not typed,
            quoted_strings_can_be_null=True,
            null_values=_spellings(nulls) if typed else [""],
            check_utf8=True,
        ),
    }


def _spellings(nulls: Sequence[str]) -> list[str]:
    """The markers of no value as exports write them: as listed, upper case, capitalised."""
    found = {" "}
    for marker in nulls:
        found.update((marker, marker.upper(), marker.title(), marker.capitalize()))
    return sorted(found)


def _empty_as_null(values: pa.Array) -> pa.Array:
    """Text whose empty cells are null, as the text parse makes them: the validity bitmap made
    from the offsets by numpy, the text itself not copied."""
    if not len(values) or values.null_count or values.offset:
        return values
    bounds = np.frombuffer(values.buffers()[1], np.int32, len(values) + 1)
    filled = bounds[1:] != bounds[:-1]
    if filled.all():
        return values
    bitmap = pa.py_buffer(np.packbits(filled, bitorder="little"))
    return pa.Array.from_buffers(values.type, len(values), [bitmap, *values.buffers()[1:]])


def block_bytes(export: Export, batch_size: int) -> int:
    """The bytes of a CSV block of about `batch_size` rows, judged by the file's first rows."""
    return min(max(int(batch_size * export.row_bytes), MIN_BLOCK_BYTES), MAX_BLOCK_BYTES)


def parse_csv_block(
    export: Export,
    text: Any,
    columns: Sequence[str],
    instants: Sequence[str] = (),
    nulls: Sequence[str] = MARKERS,
) -> pa.Table:
    """One block of whole records, every column as text but `instants` (ISO 8601 times with an
    offset, read as UTC seconds, `nulls` their markers of no value); pyarrow's errors made to
    name the line."""
    wanted = _present(export, columns)
    options = _csv_options(export, wanted, instants, nulls)
    options["read_options"] = pcsv.ReadOptions(
        column_names=list(export.columns), block_size=len(text) + 1, use_threads=False
    )
    try:
        table = pcsv.read_csv(pa.py_buffer(text), **options)
    except pa.ArrowInvalid as error:
        if instants:
            raise ExportError("a time not read as an instant") from None
        raise ExportError(_csv_problem(export, str(error))) from None
    leaves = {name: one_chunk(column) for name, column in zip(wanted, table.columns, strict=True)}
    if instants:
        leaves = {
            name: _empty_as_null(a) if a.type == pa.string() else a for name, a in leaves.items()
        }
    return pa.Table.from_batches([with_columns(leaves, table.num_rows, columns)])


def _present(export: Export, columns: Sequence[str]) -> list[str]:
    return [c for c in columns if c in export.columns]


_EXPECTED = re.compile(r"Expected (\d+) columns, got (\d+)")


def _csv_problem(export: Export, message: str) -> str:
    """One line for a CSV pyarrow could not read, with the line found by a second look."""
    if "UTF8" in message or "UTF-8" in message:
        line, byte = _first_bad_utf8(export)
        return f"{export.shown}:{line}: is not UTF-8 (byte 0x{byte}); save the export as UTF-8"
    counts = _EXPECTED.search(message)
    if counts:
        expected, got = counts.groups()
        ragged = _first_ragged_line(export, int(expected))
        where = f"{export.shown}:{ragged}" if ragged else export.shown
        return (
            f"{where}: a row has {got} fields where the header has {expected}; "
            "the file's quoting is broken, so no row after it can be trusted"
        )
    return f"{export.shown}: is not a readable CSV file ({said(message)})"


def _first_bad_utf8(export: Export) -> tuple[int, str]:
    """The line and byte of the first byte that is not UTF-8 (read again, error path only)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with open_stream(export) as stream:
        while block := stream.read(1 << 20):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                pending = len(decoder.getstate()[0]) if error.start == 0 else 0
                start = max(error.start - pending, 0)
                return line + block.count(b"\n", 0, start), block[start : start + 1].hex()
            line += block.count(b"\n")
    return line, "??"


def _first_ragged_line(export: Export, expected: int) -> int | None:
    """The line where the first row with the wrong number of fields starts (error path only)."""
    with open_stream(export) as stream:
        buffered = io.BufferedReader(stream)
        text = io.TextIOWrapper(buffered, encoding="utf-8-sig", errors="replace", newline="")
        reader = csv.reader(text, delimiter=export.delimiter)
        start = 1
        try:
            for record in reader:
                if record and len(record) != expected:
                    return start
                start = reader.line_num + 1
        except csv.Error:  # a field past the csv module's limit (128 KiB): the line is unknown
            return None
    return None


def parquet_batches(
    export: Export, columns: Sequence[str], size: int, categorical: Sequence[str]
) -> Iterator[RawBatch]:
    tops = sorted({c.split(".", 1)[0] for c in _present(export, columns)})
    row = 1
    with reopen(export.path, export.shown, export.stamp) as file:
        try:
            schema = pq.ParquetFile(file).schema_arrow
            coded = [c for c in categorical if c in schema.names and _is_text(schema.field(c).type)]
            # streamed column chunks, not a whole row group buffered: measured at ten million
            # rows in row groups of a million, 0.97 s and 203 MB against pre-buffering's 1.71 s
            # and 387 MB
            parquet = pq.ParquetFile(
                file, pre_buffer=False, buffer_size=PARQUET_BUFFER_BYTES, read_dictionary=coded
            )
            # on the reader thread alone: the workers are the audit's parallelism, and pyarrow's
            # own decoding threads held 20 to 30 MB more at ten million rows for no time saved
            for batch in parquet.iter_batches(batch_size=size, columns=tops, use_threads=False):
                rows = _rows(row, batch)
                data = with_columns(flatten(batch), batch.num_rows, columns)
                data = checked(data, rows, export.shown)
                yield RawBatch(pa.Table.from_batches([data]), rows)
                row += batch.num_rows
        except _PARQUET_FAILS as error:
            check_unchanged(file, export.shown, export.stamp)  # a changed file: say so first
            raise _unreadable_parquet(export.shown, error) from None
        check_unchanged(file, export.shown, export.stamp)


# what pyarrow raises for a Parquet file it cannot read: its own errors, OSError, and from a
# corrupt footer ValueError too (UnicodeDecodeError of a column's path)
_PARQUET_FAILS = (OSError, ValueError, pa.ArrowException)


def _unreadable_parquet(name: str, error: Exception) -> ExportError:
    return ExportError(f"{name}: is not a readable Parquet file ({said(error)})")


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))
