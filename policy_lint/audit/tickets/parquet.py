"""A Parquet export: its columns, from the footer's schema, and its rows as batches, decoded.

Nested structs are flattened to `parent.child` columns as JSON objects are; every column read is
validated whole before any value in it is (kinds.checked: Parquet stores text unchecked); the
file is read through a buffer, column chunk by column chunk, never a whole row group at once,
on the reader thread alone (the workers are the audit's parallelism). Rows are numbered from 1,
in the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from policy_lint.audit.arrays import Ints
from policy_lint.audit.tickets.batch import RawBatch, flat_names, flatten, with_columns
from policy_lint.audit.tickets.export import Export
from policy_lint.audit.tickets.kinds import checked
from policy_lint.audit.tickets.shown import said
from policy_lint.audit.tickets.stamp import check_unchanged, reopen
from policy_lint.errors import ExportError

PARQUET_BUFFER_BYTES = 1 << 20  # Parquet's read buffer


def parquet_columns(file: BinaryIO, head: bytes, name: str) -> tuple[str, ...]:
    """The file's columns, nested fields flattened as `a.b`; ExportError for no Parquet file."""
    if not head.startswith(b"PAR1"):
        raise ExportError(f"{name}: is not a Parquet file (it does not start with PAR1)")
    try:
        schema = pq.ParquetFile(file).schema_arrow
    except _PARQUET_FAILS as error:
        raise _unreadable_parquet(name, error) from None
    return tuple(flat_names(schema))


def parquet_batches(
    export: Export, columns: Sequence[str], size: int, categorical: Sequence[str]
) -> Iterator[RawBatch]:
    """The file's rows as batches of at most `size` rows holding `columns`, numbered from 1,
    decoded on this thread; `categorical` text columns are read dictionary-encoded."""
    tops = sorted({c.split(".", 1)[0] for c in export.present(columns)})
    row = 1
    with reopen(export.path, export.shown, export.stamp) as file:
        try:
            schema = pq.ParquetFile(file).schema_arrow
            coded = [c for c in categorical if c in schema.names and _is_text(schema.field(c).type)]
            # streamed column chunks through a buffer, not a whole row group buffered: memory
            # bounded by the buffer, not by the file's row groups
            parquet = pq.ParquetFile(
                file, pre_buffer=False, buffer_size=PARQUET_BUFFER_BYTES, read_dictionary=coded
            )
            # on the reader thread alone: the workers are the audit's parallelism, and pyarrow's
            # own decoding threads would hold more memory for no time the audit saves
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


def _rows(first: int, batch: pa.RecordBatch) -> Ints:
    return np.arange(first, first + batch.num_rows, dtype=np.int64)
