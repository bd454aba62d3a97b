"""One export read as parse tasks for the workers, and the tasks' record batches, in file order.

The reader thread only reads: CSV is cut into blocks of whole records (csv_blocks.py), JSON
Lines into blocks of whole lines (jsonl.py), each of about a batch's rows, which the workers
parse several at once; Parquet is decoded on the reader thread as it is read. A CSV block does
not know how many records came before it, so its rows are numbered from 1 and the stage that
sees the tasks in order (stream.py) numbers them on; JSON Lines and Parquet rows come numbered.
Memory stays bounded by the block and batch size whatever the file's size.

Row numbers, the ones every rejected row reports:
- CSV: the 1-based data row, header excluded. A row whose quoted field holds a line break is still
  one row; blank lines are skipped and not counted. Row 17 is spreadsheet row 18.
- JSON Lines: the 1-based line number in the file (blank lines counted, header-less).
- Parquet: the 1-based row index in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import numpy as np
import pyarrow as pa

from policy_lint.audit.arrays import Ints
from policy_lint.audit.tickets import jsonl
from policy_lint.audit.tickets.batch import RawBatch
from policy_lint.audit.tickets.caps import LongRecord
from policy_lint.audit.tickets.csv_blocks import Block, blocks
from policy_lint.audit.tickets.csv_parse import offset_times, parse_csv_block
from policy_lint.audit.tickets.export import Export, ExportFormat, open_stream
from policy_lint.audit.tickets.parquet import parquet_batches
from policy_lint.audit.tickets.times import MARKERS
from policy_lint.errors import ExportError

DEFAULT_BATCH_SIZE = 131_072  # rows a batch of text (CSV, JSON Lines), and about a CSV block's
# Parquet comes decoded, so a batch of it holds less: in batches twice as long its per-batch
# work is paid half as often, for a little more memory
PARQUET_BATCH_SIZE = 2 * DEFAULT_BATCH_SIZE
MIN_BLOCK_BYTES = 64 << 10  # a CSV block: whole records parsed on one thread, about a batch of them
MAX_BLOCK_BYTES = 64 << 20


def batch_rows(fmt: ExportFormat) -> int:
    """The rows of a batch when the caller names none: twice as many for Parquet."""
    return PARQUET_BATCH_SIZE if fmt is ExportFormat.PARQUET else DEFAULT_BATCH_SIZE


def block_bytes(export: Export, batch_size: int) -> int:
    """The bytes of a CSV block of about `batch_size` rows, judged by the file's first rows."""
    return min(max(int(batch_size * export.row_bytes), MIN_BLOCK_BYTES), MAX_BLOCK_BYTES)


def read_batches(
    export: Export,
    columns: Sequence[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    categorical: Sequence[str] = (),
) -> Iterator[RawBatch]:
    """Stream the file as batches of at most `batch_size` rows holding `columns`, in order.

    Columns of the header only: a column missing from one JSON Lines block comes as nulls.
    `categorical` columns (channels, priorities: a handful of distinct values) are read
    dictionary-encoded from Parquet, which stores them so. The audit reads through `Reader`
    instead, which leaves the parsing of CSV to its workers.
    """
    reader = Reader(export, columns, batch_size, categorical)
    return numbered_on((task.numbered, reader.batches(task)) for task in reader.tasks())


class _Rows(Protocol):
    @property
    def row(self) -> Ints: ...


B = TypeVar("B", bound=_Rows)


def numbered_on(tasks: Iterable[tuple[bool, Sequence[B]]]) -> Iterator[B]:
    """The batches of parse tasks in file order, each CSV block's rows (numbered from 1) numbered on
    from the blocks before it, in place; rows that came numbered (`True`) stay as they are. A
    record too long to be cut is raised by the reader after the blocks before it: it is the row
    after them."""
    rows = 0
    try:
        for numbered, batches in tasks:
            for batch in batches:
                if not numbered:
                    np.add(batch.row, rows, out=batch.row)
                yield batch
            if not numbered:
                rows += sum(len(batch.row) for batch in batches)
    except LongRecord as error:
        raise error.at(rows + 1) from None


@dataclass(frozen=True, slots=True)
class ParseTask:
    """What the reader thread hands on for a worker to turn into record batches: one of a block
    of whole CSV records (its rows numbered from 1), a block of JSON lines to parse (`parse`,
    its rows numbered already), or a Parquet batch decoded already (`batch`, numbered)."""

    batch: RawBatch | None = None
    block: Block | None = None
    parse: Callable[[], RawBatch] | None = None  # JSON Lines: a block parsed on any thread

    @property
    def numbered(self) -> bool:
        """Whether the rows carry their row numbers in the file already."""
        return self.block is None


class Reader:
    """One export read as parse tasks on the reader thread, parsed into batches on any thread.

    CSV is cut into blocks of whole records (csv_blocks.py), JSON Lines into blocks of whole
    lines, of about `batch_size` rows, which the workers parse at once; Parquet is decoded as it is
    read. `times` are the columns that hold ISO 8601 times: when the file's first values carry
    an offset, CSV parses them straight into instants (a marker of no value as null), sparing the
    text's second parse; a block where one of them is anything else is parsed
    again as text, and the text rules decide.
    """

    def __init__(
        self,
        export: Export,
        columns: Sequence[str],
        batch_size: int | None = None,
        categorical: Sequence[str] = (),
        times: Sequence[str] = (),
        block_bytes: int | None = None,  # CSV: the bytes of a block; None: about batch_size rows
        nulls: Sequence[str] = MARKERS,  # the markers of no value in the `times`
    ) -> None:
        if batch_size is None:
            batch_size = batch_rows(export.format)
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.export, self.columns, self.batch_size = export, tuple(columns), batch_size
        self.categorical = tuple(categorical)
        self.block_bytes = block_bytes
        typed = export.format is ExportFormat.CSV and times
        self._instants = offset_times(export, times, nulls) if typed else ()
        self._nulls = tuple(nulls)
        self._texts = 0  # blocks whose times had to be read as text

    def tasks(self) -> Iterator[ParseTask]:
        """The file's parse tasks, in order: the reader thread's work."""
        export = self.export
        if export.format is ExportFormat.CSV:
            yield from (ParseTask(block=block) for block in self._csv_blocks())
            return
        if export.format is ExportFormat.JSONL:
            size = self.block_bytes or min(block_bytes(export, self.batch_size), jsonl.BLOCK_BYTES)
            with open_stream(export) as stream:
                for parse in jsonl.blocks(stream, export.shown, self.columns, size):
                    yield ParseTask(parse=parse)
            return
        batches = parquet_batches(export, self.columns, self.batch_size, self.categorical)
        for batch in _rebatched(batches, self.batch_size):
            yield ParseTask(batch=batch)

    def batches(self, task: ParseTask) -> list[RawBatch]:
        """A task's batches of at most `batch_size` rows (a CSV block's rows numbered from 1)."""
        if task.batch is not None:
            return [task.batch]
        if task.parse is not None:
            return list(_slices(task.parse(), self.batch_size))
        assert task.block is not None
        try:
            table = self._parsed(task.block.text)
        finally:
            task.block.done()
        rows = np.arange(1, table.num_rows + 1, dtype=np.int64)
        return list(_slices(RawBatch(table, rows), self.batch_size))

    def _parsed(self, text: Any) -> pa.Table:
        instants = self._instants if self._texts < _TEXT_BLOCKS else ()
        if instants:
            try:
                return parse_csv_block(self.export, text, self.columns, instants, self._nulls)
            except ExportError:
                self._texts += 1  # a time of another shape, or a broken row: as text decides
        return parse_csv_block(self.export, text, self.columns)

    def _csv_blocks(self) -> Iterator[Block]:
        size = self.block_bytes or block_bytes(self.export, self.batch_size)
        with open_stream(self.export) as stream:
            yield from blocks(stream.readinto, size, stream.end, self.export.shown)


_TEXT_BLOCKS = 3  # blocks whose times failed as instants, after which all are read as text


def _rebatched(batches: Iterator[RawBatch], batch_size: int) -> Iterator[RawBatch]:
    """Batches as decoded (Parquet's), sliced and joined into batches of at most `batch_size`
    rows."""
    pending: list[RawBatch] = []
    rows = 0
    for batch in batches:
        for part in _slices(batch, batch_size):
            if rows + part.data.num_rows > batch_size:
                yield _joined(pending)
                pending, rows = [], 0
            pending.append(part)
            rows += part.data.num_rows
    if pending:
        yield _joined(pending)


def _slices(batch: RawBatch, size: int) -> Iterator[RawBatch]:
    if batch.data.num_rows <= size:
        yield batch
        return
    for start in range(0, batch.data.num_rows, size):
        stop = start + size
        yield RawBatch(batch.data.slice(start, size), batch.row[start:stop])


def _joined(parts: list[RawBatch]) -> RawBatch:
    """Small batches joined into one: per-batch work is paid once for many rows.

    The parts stay chunks of one table (nothing is copied): Arrow's functions run over the
    chunks, and only what numpy needs is made contiguous, after parsing, in its own types.
    """
    if len(parts) == 1:
        return parts[0]
    data = pa.concat_tables([part.data for part in parts])
    return RawBatch(data, np.concatenate([part.row for part in parts]))
