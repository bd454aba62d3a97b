"""A block of whole CSV records → an Arrow table, every column text but the times read as instants.

pyarrow's CSV parser reads each block on one thread, every column as text, so that the rules
decide what a value means, not the parser's inference. The time columns whose first values are
ISO 8601 with an offset are read straight as UTC instants, a marker of no value as null; a block
where one of them is anything else fails, and is parsed again as text. A block pyarrow cannot
read is one ExportError naming the line, found by a second look at the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

from policy_lint.audit.tickets.batch import one_chunk, with_columns
from policy_lint.audit.tickets.export import Export, open_stream
from policy_lint.audit.tickets.shown import said
from policy_lint.audit.tickets.times import MARKERS, no_value, offset_shaped
from policy_lint.errors import ExportError


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
    wanted = export.present(columns)
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
