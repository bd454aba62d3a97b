"""Columns of a few distinct values (channel, priority, true/false cells) as codes into them.

A channel column of millions of rows holds half a dozen different strings. Trimming, mapping and
looking up every cell is that work again for every row; doing it once for each distinct value and
then taking each row's answer by its code is one gather a row. The readers hand such columns over
dictionary-encoded where the format allows (CSV, Parquet); anything else is encoded here.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from policy_lint.audit.arrays import Bools, Indices, Ints
from policy_lint.audit.tickets.batch import EMPTY_TEXT, FALSE, found_at, valid


@dataclass(frozen=True, slots=True)
class Categorical:
    """Each row's index into `values` (-1: an empty cell); `values` are trimmed text, never
    empty, and need not be distinct (two spellings may trim or map to one value). The index is
    numpy's own index type, which a gather takes as it is (any other is converted first)."""

    index: Indices
    values: pa.Array

    def __len__(self) -> int:
        return len(self.index)

    @property
    def missing(self) -> Bools:
        """Where the cell is empty."""
        missing: Bools = self.index < 0
        return missing

    def value(self, row: int) -> str | None:
        """The row's value as text (None for an empty cell): what a message quotes."""
        at = int(self.index[row])
        return None if at < 0 else str(self.values[at].as_py())

    def codes(self, keys: Sequence[str]) -> Ints:
        """Each row's index among `keys` (lower case), ignoring case; -1 where it is none."""
        found = _lookup(self.values, keys)
        codes: Ints = np.append(found, -1)[self.index]
        return codes

    def mapped(self, mapping: Mapping[str, str | None]) -> Categorical:
        """Values found in the map (any case) replaced by their target (None: empty)."""
        if not mapping or not len(self.values):
            return self
        at = _lookup(self.values, list(mapping))
        targets = list(mapping.values())
        text = self.values.to_pylist()
        replaced = [
            targets[i] if i >= 0 else value for i, value in zip(at.tolist(), text, strict=True)
        ]
        gone = np.array([value is None for value in replaced] + [True])
        index = np.where(gone[self.index], -1, self.index).astype(np.intp)
        kept = [value if value is not None else "" for value in replaced]
        return Categorical(index, pa.array(kept, pa.string()))

    def filled(self, value: str) -> Categorical:
        """Empty cells given `value` (a default), the others as they are."""
        if not self.missing.any():
            return self
        values = pa.concat_arrays([self.values, pa.array([value], pa.string())])
        index = np.where(self.index < 0, len(self.values), self.index).astype(np.intp)
        return Categorical(index, values)


def empty(length: int) -> Categorical:
    """A column the export does not have: every cell empty."""
    return Categorical(np.full(length, -1, dtype=np.intp), pa.array([], pa.string()))


class Vocabulary:
    """The texts seen so far in one column of one export, so that a batch's cells are looked up
    among them (one hash look-up a cell) rather than a dictionary built again for each batch;
    a batch's new texts are encoded on their own and learnt. Shared by the worker threads:
    a text two of them learn at once is learnt twice, which changes no code's meaning."""

    LIMIT = 4096  # texts learnt at most: a column of free text is encoded batch by batch

    def __init__(self) -> None:
        self._values: pa.Array = pa.array([], pa.string())
        self._lock = threading.Lock()

    def encode(self, cells: pa.Array) -> tuple[Indices, pa.Array]:
        """Each cell's index into the values returned (-1: null), which begin with those known."""
        known = self._values
        if len(known):
            index = found_at(pc.index_in(cells, value_set=known)).astype(np.intp)
            new = index < 0
            if cells.null_count:
                new &= valid(cells)
            if not new.any():
                return index, known
            rest = pc.dictionary_encode(cells.filter(pa.array(new)))
            index[new] = len(known) + _indices(rest)
            values = pa.concat_arrays([known, rest.dictionary])
        else:
            coded = pc.dictionary_encode(cells)
            index, values = _indices(coded).astype(np.intp), coded.dictionary
        if len(values) <= self.LIMIT:
            with self._lock:
                if self._values is known:  # else another thread learnt first: learn it later
                    self._values = values
        return index, values


def categorical(
    column: pa.Array | pa.ChunkedArray, vocabulary: Vocabulary | None = None
) -> Categorical:
    """A column of text (or of numbers, read as text) as codes into its trimmed values."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    if not chunks:
        return empty(0)
    plain = all(pa.types.is_string(chunk.type) for chunk in chunks)
    if vocabulary is not None and plain:
        index, values = vocabulary.encode(_one(chunks))
    else:
        coded = pa.chunked_array([_coded(chunk) for chunk in chunks]).unify_dictionaries()
        values = coded.chunk(0).dictionary
        index = np.concatenate([_indices(c) for c in coded.chunks]).astype(np.intp)
    trimmed = pc.utf8_trim_whitespace(values)
    gone = np.append(~np.asarray(pc.fill_null(pc.not_equal(trimmed, EMPTY_TEXT), FALSE)), True)
    if gone[:-1].any():
        index = np.where(gone[index], -1, index).astype(np.intp)
    return Categorical(index, pc.fill_null(trimmed, EMPTY_TEXT))


def _indices(chunk: pa.Array) -> np.ndarray[Any, Any]:
    return found_at(chunk.indices)


def _one(chunks: list[pa.Array]) -> pa.Array:
    return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)


def _coded(chunk: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(chunk.type):
        if pa.types.is_string(chunk.type.value_type):
            return chunk
        chunk = chunk.dictionary_decode()
    if not pa.types.is_string(chunk.type):
        chunk = pc.cast(chunk, pa.string())
    return pc.dictionary_encode(chunk)


def _lookup(values: pa.Array, keys: Sequence[str]) -> Ints:
    """The index of each value among `keys` (lower case), ignoring case; -1 where none."""
    wanted = pa.array(list(keys), pa.string())
    found = pc.index_in(values, value_set=wanted)
    if found.null_count:
        found = pc.index_in(pc.utf8_lower(values), value_set=wanted)
    return found_at(found).astype(np.int64)
