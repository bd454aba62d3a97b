"""RawBatch, the readers' output, and the Arrow shape helpers every reader shares.

Nested JSON objects and Parquet structs are flattened to `parent.child` columns here, so the
adapters see one flat header whatever the format (Zendesk's JSON `via.channel` is a column).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from policy_lint.audit.arrays import Bools, Ints


@dataclass(frozen=True, slots=True)
class RawBatch:
    """Rows as the file holds them: the requested columns, and each row's source row number."""

    data: pa.Table  # a few blocks of the file as chunks, not copied into one
    row: Ints


# Arrow scalars made once: a Python value handed to a compute function is turned into a scalar
# at every call, and pyarrow looks for dateutil each time it makes a text one: paid once here
EMPTY_TEXT = pa.scalar("", pa.string())
NULL_TEXT = pa.scalar(None, pa.string())
FALSE, TRUE = pa.scalar(False), pa.scalar(True)
NOT_FOUND = pa.scalar(-1, pa.int32())  # what index_in and dictionary indices fill nulls with


@functools.cache
def text_scalar(text: str) -> pa.Scalar:
    """A text scalar made once for all calls."""
    return pa.scalar(text, pa.string())


def flat_names(schema: pa.Schema) -> list[str]:
    """Column names with struct fields flattened as `parent.child`, depth first."""
    names: list[str] = []
    for field in schema:
        _flat_field(field, "", names)
    return names


def _flat_field(field: pa.Field, prefix: str, names: list[str]) -> None:
    name = prefix + field.name
    if pa.types.is_struct(field.type):
        for index in range(field.type.num_fields):
            _flat_field(field.type.field(index), name + ".", names)
    else:
        names.append(name)


def flatten(batch: pa.RecordBatch | pa.Table) -> dict[str, pa.Array]:
    """Every leaf column of a batch by its flattened name; a null struct gives null leaves."""
    leaves: dict[str, pa.Array] = {}
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        _flat_column(name, one_chunk(column), leaves)
    return leaves


def one_chunk(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A column as one contiguous array."""
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _flat_column(name: str, column: pa.Array, leaves: dict[str, pa.Array]) -> None:
    if not pa.types.is_struct(column.type):
        leaves[name] = column
        return
    for index in range(column.type.num_fields):
        child = pc.struct_field(column, [index])
        _flat_column(f"{name}.{column.type.field(index).name}", child, leaves)


def found_at(indices: pa.Array) -> np.ndarray[Any, Any]:
    """Arrow indices (index_in, a dictionary's) as numpy, -1 where there is none (null)."""
    return np.asarray(pc.fill_null(indices, NOT_FOUND).to_numpy(zero_copy_only=False))


def mask(values: pa.Array | pa.ChunkedArray) -> Bools:
    """An Arrow boolean array as numpy, null as False."""
    return np.asarray(pc.fill_null(values, FALSE).to_numpy(zero_copy_only=False), dtype=bool)


def valid(values: pa.Array) -> Bools:
    """Where an array holds a value, read off its validity bitmap (a bit a value, least
    significant first) by numpy rather than converted value by value."""
    if not values.null_count:
        return np.ones(len(values), dtype=bool)
    bitmap = values.buffers()[0]
    if bitmap is None:  # an array of the null type: no value at all
        return np.zeros(len(values), dtype=bool)
    return _bits(bitmap, values.offset, len(values))


def truth(values: pa.Array) -> Bools:
    """A boolean array as numpy, null as False, read off its bitmaps."""
    true = _bits(values.buffers()[1], values.offset, len(values))
    if values.null_count:
        true &= valid(values)
    return true


def _bits(bitmap: pa.Buffer, offset: int, length: int) -> Bools:
    packed = np.frombuffer(bitmap, dtype=np.uint8)
    bits = np.unpackbits(packed, count=offset + length, bitorder="little")
    return bits[offset:].view(bool)


def with_columns(
    leaves: Mapping[str, pa.Array], length: int, columns: Sequence[str]
) -> pa.RecordBatch:
    """A batch of exactly `columns`, in order; a column the rows lack is all null text."""
    arrays = [leaves.get(name, pa.nulls(length, pa.string())) for name in columns]
    return pa.RecordBatch.from_arrays(arrays, names=list(columns))
