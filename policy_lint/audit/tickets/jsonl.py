"""JSON Lines → Arrow batches: pyarrow's parser on blocks cut at line ends, with line numbers.

pyarrow.json infers each field's type, and it turns a string that looks like a timestamp into a
timestamp, forgetting whether it carried an offset (`…Z` and a local `… 10:00` come out alike).
So every field read is given an explicit type taken from the first block, with text wherever the
inference said timestamp or date: times are parsed later, by rules that know about offsets and
time zones. Fields that are not read are ignored, so an odd custom field cannot break a file.
Blocks are cut at line ends here rather than by pyarrow so that every row keeps its line number,
blank lines included, and each is parsed on a worker thread of its own (pyarrow's threads off:
the workers are the parallelism). Up to BLOCK_BYTES a block: pyarrow's parser holds several
times a block while it works, so the cap bounds the reader's memory whatever the file's size.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.json as pj

from policy_lint.audit.arrays import Ints
from policy_lint.audit.tickets import nesting
from policy_lint.audit.tickets.batch import RawBatch, flat_names, flatten, with_columns
from policy_lint.audit.tickets.caps import NESTING, RECORD_BYTES, deep_line, long_line
from policy_lint.audit.tickets.shown import said
from policy_lint.errors import ExportError

BLOCK_BYTES = 8 << 20  # the most a block holds (a batch's worth of lines, when fewer)
_ROW = re.compile(r"in row (\d+)")
_SPACE = np.frombuffer(b" \t\r\n", dtype=np.uint8)


def header(
    head: bytes, name: str
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...], int]:
    """The flattened field names of the objects on the file's first lines, each text field's
    values there (blanks left out), and how many objects that is."""
    start = head.lstrip()
    if start.startswith(b"["):
        raise ExportError(f"{name}: holds a JSON array, not JSON Lines (one object a line)")
    if not start.startswith(b"{"):
        line = head.count(b"\n", 0, len(head) - len(start)) + 1
        raise ExportError(f"{name}:{line}: is not JSON Lines (the line is not a JSON object)")
    cut = head.rfind(b"\n") + 1 or len(head)
    _check_utf8(head[:cut], name, 1)
    table = _parse(head[:cut], None, name, 1)
    texts = [(field, column) for field, column in flatten(table).items()
             if pa.types.is_string(column.type)]  # fmt: skip
    values = tuple(
        (field, tuple(v for v in column.to_pylist() if v is not None and v.strip()))
        for field, column in texts
    )
    return tuple(flat_names(table.schema)), values, table.num_rows


def blocks(
    stream: Any, name: str, columns: Sequence[str], block_bytes: int = BLOCK_BYTES
) -> Iterator[Callable[[], RawBatch]]:
    """The stream cut into blocks of whole lines of about `block_bytes`, each to be parsed on
    any thread (its lines numbered already); the first block is parsed here, for the types.
    `stream.end()` is called once its last byte is read, before the last block is handed on."""
    schema: pa.Schema | None = None
    line, pending = 1, b""
    while True:
        data = stream.read(
            max(block_bytes, len(pending))
        )  # a long line: as much again, not quadratic
        buffer = pending + data
        cut = buffer.rfind(b"\n") + 1 if data else len(buffer)
        if data and cut == 0:
            if len(buffer) > RECORD_BYTES:
                raise ExportError(long_line(name, line))
            pending = buffer  # one line longer than a block: read on
            continue
        if not data:
            stream.end()
        block, pending = buffer[:cut], buffer[cut:]
        if block and not block.isspace():
            if schema is None:
                _check_utf8(block, name, line)
                schema = _explicit(_parse(block, None, name, line).schema, columns)
            yield partial(_checked, block, schema, name, line, columns)
        line += block.count(b"\n")
        if not data:
            return


def _checked(
    block: bytes, schema: pa.Schema, name: str, line: int, columns: Sequence[str]
) -> RawBatch:
    _check_utf8(block, name, line)
    return _batch(block, schema, name, line, columns)


def _check_utf8(block: bytes, name: str, line: int) -> None:
    if block.isascii():
        return
    try:
        block.decode("utf-8")
    except UnicodeDecodeError as error:
        where = line + block.count(b"\n", 0, error.start)
        byte = block[error.start : error.start + 1].hex()
        raise ExportError(f"{name}:{where}: is not UTF-8 (byte 0x{byte})") from None


def _batch(
    block: bytes, schema: pa.Schema, name: str, line: int, columns: Sequence[str]
) -> RawBatch:
    table = _parse(block, schema, name, line)
    rows = _line_numbers(block, line, table.num_rows, name)
    data = with_columns(flatten(table), table.num_rows, columns)
    return RawBatch(pa.Table.from_batches([data]), rows)


def _parse(block: bytes, schema: pa.Schema | None, name: str, line: int) -> pa.Table:
    deep = nesting.too_deep(block, NESTING)  # before the parser, whose stack it would overflow
    if deep is not None:
        raise ExportError(deep_line(name, line + deep))
    options = pj.ParseOptions(
        explicit_schema=schema,
        unexpected_field_behavior="ignore" if schema is not None else "infer",
    )
    try:
        reading = pj.ReadOptions(use_threads=False, block_size=max(len(block), 1 << 20))
        return pj.read_json(pa.BufferReader(block), read_options=reading, parse_options=options)
    except pa.ArrowInvalid as error:
        raise ExportError(_problem(block, name, line, str(error))) from None


def _problem(block: bytes, name: str, line: int, message: str) -> str:
    """One line for a block pyarrow could not parse, placed by reading its lines again."""
    for number, text in enumerate(block.split(b"\n"), start=line):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError as error:
            return f"{name}:{number}: is not JSON Lines ({said(error)})"
        if not isinstance(value, dict):
            return f"{name}:{number}: is not JSON Lines (the line is not a JSON object)"
    found = _ROW.search(message)
    where = f" (near line {line + int(found.group(1))})" if found else ""
    detail = said(message.removeprefix("JSON parse error: "))
    return f"{name}: a field changes type{where}: {detail}; a field must keep one JSON type"


def _line_numbers(block: bytes, line: int, count: int, name: str) -> Ints:
    """The line number of each object; blank lines hold none."""
    lines = block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
    if count == lines:
        return np.arange(line, line + count, dtype=np.int64)
    raw = np.frombuffer(block, dtype=np.uint8)
    ends = np.flatnonzero(raw == 10)
    if not block.endswith(b"\n"):
        ends = np.append(ends, len(raw))
    starts = np.concatenate([[0], ends[:-1] + 1])
    solid = np.concatenate([[0], np.cumsum(~np.isin(raw, _SPACE))])
    filled = np.flatnonzero(solid[ends] - solid[starts] > 0)
    if len(filled) != count:
        raise ExportError(f"{name}: a line holds more than one JSON object (near line {line})")
    return (filled + line).astype(np.int64)


def _explicit(inferred: pa.Schema, columns: Sequence[str]) -> pa.Schema:
    """The types to read `columns` with: the first block's, text where it saw times or nothing."""
    tops: dict[str, pa.DataType] = {}
    for column in columns:
        top, *rest = column.split(".")
        found = inferred.field(top).type if top in inferred.names else None
        tops[top] = _merge(tops.get(top), found, rest)
    return pa.schema([pa.field(top, kind) for top, kind in tops.items()])


def _merge(known: pa.DataType | None, found: pa.DataType | None, path: list[str]) -> pa.DataType:
    """The explicit type of one field, keeping only the struct children on `path`."""
    if not path:
        return _textual(found)
    head, rest = path[0], path[1:]
    children = {f.name: f.type for f in known} if known and pa.types.is_struct(known) else {}
    inner = None
    if found is not None and pa.types.is_struct(found) and found.get_field_index(head) >= 0:
        inner = found.field(head).type
    children[head] = _merge(children.get(head), inner, rest)
    return pa.struct([pa.field(n, t) for n, t in children.items()])


def _textual(kind: pa.DataType | None) -> pa.DataType:
    if kind is None or pa.types.is_null(kind) or pa.types.is_temporal(kind):
        return pa.string()
    if pa.types.is_list(kind):
        return pa.list_(_textual(kind.value_type))
    return kind
