"""The Arrow types an export's columns may come in, and bytes read as the UTF-8 text they must be.

Parquet and JSON Lines carry types, and an export from a pull request may carry any. Each column
the audit reads is looked at once a batch, before any value in it is:

- text, numbers, decimals, booleans, times, dates and durations are read as they are (the rows
  judge each value: a number is no time, a date no instant);
- bytes (a Parquet BYTE_ARRAY column without its UTF8 annotation, as older Spark and Hive jobs
  write text; also fixed-size, and dictionary-encoded) are read as text once they are known to
  be UTF-8. A value that is not is one error naming the row and the column, as a CSV or JSON
  line that is not UTF-8 is: the encoding is the file's, not one row's;
- a list, map, struct inside a list, union or any other shape where one value a row belongs
  is one error naming the column and its type. Every row would be rejected for the same reason,
  so it is the export that is wrong, not its rows, and one line says so better than a million
  rejected rows. Only the column of a complaint rule's tags may be a list, of text.

Parquet stores text without checking it: a column annotated as text may hold bytes that are
not UTF-8, which a compute function then fails on (or worse, reads). So every column read from a
Parquet file is validated whole first (`checked`), and one that is not well formed is an error
naming it, and the row where that is known.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from policy_lint.audit.arrays import Ints
from policy_lint.audit.tickets.shown import cut, quoted, said
from policy_lint.errors import ExportError

_SCALARS = (
    pa.types.is_string,
    pa.types.is_large_string,
    pa.types.is_integer,
    pa.types.is_floating,
    pa.types.is_decimal,
    pa.types.is_boolean,
    pa.types.is_temporal,
    pa.types.is_null,
)
_BYTES = (pa.types.is_binary, pa.types.is_large_binary, pa.types.is_fixed_size_binary)
_LISTS = (pa.types.is_list, pa.types.is_large_list, pa.types.is_fixed_size_list)


def readable(data: pa.Table, rows: Ints, file: str, lists: Collection[str] = ()) -> pa.Table:
    """The batch with every column in a type the audit reads: bytes as text, dictionaries of
    bytes decoded; ExportError for bytes that are not UTF-8 or a column of another shape
    (`lists`: the columns that may be lists of text, a complaint rule's tags)."""
    for index, (name, values) in enumerate(zip(data.column_names, data.columns, strict=True)):
        found = _readable(values, name, file, rows, name in lists)
        if found is not values:
            data = data.set_column(index, name, found)
    return data


def checked(data: pa.RecordBatch, rows: Ints, file: str) -> pa.RecordBatch:
    """The batch, once every column is known to be well formed (text UTF-8, offsets in their
    bounds): Parquet stores text without checking it, and a column of bytes that are not UTF-8
    must fail here, naming it, not in the middle of a compute function."""
    for index, name in enumerate(data.schema.names):
        values = data.column(index)
        try:
            values.validate(full=True)
        except pa.ArrowInvalid as error:
            if pa.types.is_dictionary(values.type):
                values = values.dictionary_decode()
            if _any((pa.types.is_string, pa.types.is_large_string), values.type):
                _text(pa.chunked_array([values.view(_bytes_of(values.type))]), name, file, rows)
            raise ExportError(
                f"{file}: column {quoted(name)} cannot be read ({said(error)})"
            ) from None
    return data


def _bytes_of(kind: pa.DataType) -> pa.DataType:
    return pa.large_binary() if pa.types.is_large_string(kind) else pa.binary()


def _readable(
    values: pa.ChunkedArray, name: str, file: str, rows: Ints, lists: bool
) -> pa.ChunkedArray:
    kind = values.type
    if pa.types.is_dictionary(kind):
        if _any(_SCALARS, kind.value_type):
            return values  # dictionary-encoded text (a channel, a priority) is read so
        values = pa.chunked_array([c.dictionary_decode() for c in values.chunks], kind.value_type)
        kind = values.type
    if _any(_SCALARS, kind):
        return values
    if _any(_BYTES, kind):
        return _text(values, name, file, rows)
    if lists and _any(_LISTS, kind) and _any((*_SCALARS, *_BYTES), kind.value_type):
        return _tags(values, name, file)
    raise ExportError(
        f"{file}: column {quoted(name)} holds {cut(str(kind), 80)} values, where a row gives one "
        "text, number or time; export it so"
    )


def _text(values: pa.ChunkedArray, name: str, file: str, rows: Ints | None) -> pa.ChunkedArray:
    """Bytes as UTF-8 text; ExportError naming the first value that is not."""
    target = pa.large_string() if pa.types.is_large_binary(values.type) else pa.string()
    try:
        return values.cast(target)
    except pa.ArrowInvalid:
        pass
    at = 0
    for chunk in values.chunks:
        for offset, value in enumerate(chunk.to_pylist()):
            try:
                if value is not None:
                    value.decode("utf-8")
            except UnicodeDecodeError as error:
                byte = value[error.start : error.start + 1].hex()
                where = f"row {int(rows[at + offset])}, " if rows is not None else ""
                raise ExportError(
                    f"{file}: {where}column {quoted(name)} holds bytes that are not UTF-8 text "
                    f"(byte 0x{byte}); write the column as UTF-8 text"
                ) from None
        at += len(chunk)
    raise ExportError(f"{file}: column {quoted(name)} cannot be read as text")


def _tags(values: pa.ChunkedArray, name: str, file: str) -> pa.ChunkedArray:
    """A column of lists of tags as lists of text."""
    if values.type == pa.list_(pa.string()):
        return values
    try:
        return values.cast(pa.list_(pa.string()))
    except pa.ArrowInvalid:
        flat = pa.chunked_array([pc.list_flatten(c) for c in values.chunks], values.type.value_type)
        _text(flat, name, file, None)  # the tag that is not UTF-8, named
    raise ExportError(f"{file}: column {quoted(name)} cannot be read as tags of text")


def _any(tests: tuple[Any, ...], kind: pa.DataType) -> bool:
    return any(test(kind) for test in tests)
