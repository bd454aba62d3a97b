"""An export opened: its first bytes tell its format and encoding, and hold its header and rows.

The format comes from the suffix, else from the content; the first bytes are read on to the end
of the first record (a CSV header, a JSON line listing thousands of custom fields), within the
caps of caps.py, and as many again after it, whose rows give the reader and the time rules the
values they decide from. Parquet's header is its footer's schema.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa

from policy_lint.audit.tickets import jsonl
from policy_lint.audit.tickets.caps import HEADER_BYTES, RECORD_BYTES, long_header, long_line
from policy_lint.audit.tickets.csv_header import (
    check_text,
    first_line_end,
    head_values,
    header_columns,
    sniff_delimiter,
)
from policy_lint.audit.tickets.export import SUFFIXES, Export, ExportFormat, decompressed
from policy_lint.audit.tickets.parquet import parquet_columns
from policy_lint.audit.tickets.shown import said
from policy_lint.audit.tickets.stamp import open_file
from policy_lint.errors import ExportError

# the first bytes read, to tell the format; then on to the first record's end, and as many after
HEAD_BYTES = 64 << 10


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
        stream = decompressed(file) if compressed else file
        read = partial(_read, stream, name=name, compressed=compressed)
        head = read(HEAD_BYTES)
        fmt = _format_of(path, head, compressed)
        if fmt is ExportFormat.PARQUET:
            if compressed:
                raise ExportError(
                    f"{name}: a Parquet file compresses itself; decompress the .gz first"
                )
            return Export(path, name, fmt, parquet_columns(file, head, name), stamp)
        if not head.strip():
            raise ExportError(f"{name}: the file is empty")
        wide = _wide_text(head)
        if wide is not None:
            raise ExportError(f"{name}: is {wide} text, not UTF-8; save the export as UTF-8")
        if fmt is ExportFormat.JSONL:
            head = _through_first(read, head, _lf_end, RECORD_BYTES, long_line(name, 1))
        else:
            check_text(head, name)
            head = _through_first(read, head, first_line_end, HEADER_BYTES, long_header(name))
    if fmt is ExportFormat.JSONL:
        columns, values, rows = jsonl.header(head, name)
        return Export(
            path, name, fmt, columns, stamp, compressed, ",", _row_bytes(head), values, rows
        )
    delimiter = sniff_delimiter(head, name)
    columns = header_columns(head, name, delimiter)
    values, rows = head_values(head, delimiter)
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


def _lf_end(head: bytes) -> int | None:
    """Just after the first LF, the end of a JSON line (a CR is white space there)."""
    return head.find(b"\n") + 1 or None


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
    if suffixes and suffixes[-1] in SUFFIXES:
        return SUFFIXES[suffixes[-1]]
    if head.startswith(b"PAR1"):
        return ExportFormat.PARQUET
    return ExportFormat.JSONL if head.lstrip().startswith(b"{") else ExportFormat.CSV


def _row_bytes(head: bytes) -> float:
    """The mean length of the rows in the file's first bytes (header and a cut row aside)."""
    lines = head.count(b"\n")
    if lines < 3:
        return 128.0
    body = head[head.index(b"\n") + 1 : head.rindex(b"\n") + 1]
    return max(len(body) / (lines - 1), 1.0)
