"""Exports in the order of their ids: a batch's least and greatest id, and the keys kept on disk.

Helpdesks number tickets as they come, and most exports list them so. A batch whose ids all come
after every id seen so far repeats none of them; while every batch is such, the set of ids
(seen_keys.SeenKeys) looks nothing up and keeps the keys in a temporary file, not in memory. Ids are
ordered by length, then byte by byte: the order of numbers written without leading zeros, and of any
ids of one length.
"""

from __future__ import annotations

import tempfile
import weakref
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from policy_lint.audit.arrays import U32, U64

Bound = tuple[int, bytes]  # an id in the order of its length, then its bytes


def id_bounds(ids: pa.Array) -> tuple[tuple[Bound, Bound], bool]:
    """The least and the greatest of some ids (no null), shorter before longer, then by bytes
    (the order of numbers written without leading zeros, and of any ids of one length); and
    whether they ascend, each after the one before (then no id is there twice)."""
    raw = ids if pa.types.is_binary(ids.type) else ids.cast(pa.binary())
    lengths = np.asarray(pc.binary_length(raw).to_numpy(zero_copy_only=False))
    after = pc.greater(raw.slice(1), raw.slice(0, len(raw) - 1))
    after = np.asarray(after.to_numpy(zero_copy_only=False), dtype=bool)
    longer, same = lengths[1:] > lengths[:-1], lengths[1:] == lengths[:-1]
    if bool((longer | (same & after)).all()):
        first, last = raw[0].as_py(), raw[len(raw) - 1].as_py()
        return ((len(first), first), (len(last), last)), True
    short, long = int(lengths.min()), int(lengths.max())
    if short == long and short:  # ids of one length (most exports): words of their bytes
        return _extremes(raw, short), False
    least = _ends(raw.filter(pa.array(lengths == short)) if short != long else raw)[0]
    greatest = _ends(raw.filter(pa.array(lengths == long)) if short != long else raw)[1]
    return ((short, least), (long, greatest)), False


def _ends(ids: pa.Array) -> tuple[bytes, bytes]:
    """The least and the greatest value, byte by byte."""
    ends = pc.min_max(ids)
    return bytes(ends["min"].as_py()), bytes(ends["max"].as_py())


def _extremes(ids: pa.Array, length: int) -> tuple[Bound, Bound]:
    """The least and the greatest of ids of one length: their bytes read as big-endian words,
    compared word after word among the ids that tie, not byte string after byte string."""
    bounds = np.frombuffer(ids.buffers()[1], dtype=np.int32)[ids.offset : ids.offset + 2]
    count = len(ids)
    raw = np.zeros(count * length + 8, dtype=np.uint8)  # 8 more: a last short word stays inside
    raw[: count * length] = np.frombuffer(ids.buffers()[2], dtype=np.uint8)[
        bounds[0] : bounds[0] + count * length
    ]
    words = []
    for first in range(0, length, 8):
        word = np.ndarray((count,), ">u8", raw, first, (length,)).astype(np.uint64)
        if length - first < 8:  # the next id's bytes follow: shift them out
            word >>= np.uint64(8 * (8 - (length - first)))
        words.append(word)
    rows = raw[: count * length].reshape(count, length)

    def pick(greatest: bool) -> bytes:
        chosen = np.arange(count)
        for word in words:
            values = word[chosen]
            end = values.max() if greatest else values.min()
            chosen = chosen[values == end]
            if len(chosen) == 1:
                break
        return bytes(rows[chosen[0]].tobytes())

    return (length, pick(False)), (length, pick(True))


class Spill:
    """The keys of batches that looked nothing up, kept in a temporary file rather than in
    memory: while an export ascends they are never read, so memory does not grow with it.
    The first batch that does not ascend reads them back, once. Where no temporary file can be
    made, or the disk is full, they stay in memory."""

    def __init__(self) -> None:
        self._file: Any = None
        self._parts: list[tuple[int, bool]] = []  # keys, and whether checks follow them
        self._held: list[tuple[U64, U32 | None]] = []  # what no file took
        self._closing: Any = None
        self._tried = self._full = False  # a file was asked for; it took no more
        self.nbytes = 0  # what is held in memory
        self.disk_bytes = 0  # and in the file

    def add(self, key: U64, check: U32 | None) -> None:
        """Keep a batch's keys (and checks): on disk while the file takes them, else in memory."""
        if not self._tried:
            self._tried = True
            try:
                # open as long as the set: closed when drained, or when the set is let go
                self._file = tempfile.TemporaryFile(prefix="policy-lint-ids-")  # noqa: SIM115
            except OSError:
                self._file = None
            else:
                self._closing = weakref.finalize(self, self._file.close)
        if self._file is not None and not self._full:
            try:
                self._file.write(np.ascontiguousarray(key).data)
                if check is not None:
                    self._file.write(np.ascontiguousarray(check).data)
            except OSError:  # the disk is full: what was written stays, the rest in memory
                self._full = True
            else:
                self._parts.append((len(key), check is not None))
                self.disk_bytes += key.nbytes + (0 if check is None else check.nbytes)
                return
        self._held.append((key, check))
        self.nbytes += key.nbytes + (0 if check is None else check.nbytes)

    def drain(self) -> Iterator[tuple[U64, U32 | None]]:
        """Every batch's keys, in the order they were kept, and nothing kept any more."""
        source, parts, held = self._file, self._parts, self._held
        self._file, self._parts, self._held = None, [], []
        self.disk_bytes = self.nbytes = 0
        if source is not None:
            self._closing.detach()
            with source:
                source.seek(0)
                for count, checked in parts:
                    key = np.frombuffer(_read(source, 8 * count), dtype=np.uint64)
                    check = (
                        np.frombuffer(_read(source, 4 * count), dtype=np.uint32)
                        if checked
                        else None
                    )
                    yield key, check
        yield from held


def _read(source: Any, size: int) -> bytes:
    data = bytes(source.read(size))
    if len(data) != size:
        raise OSError("the temporary file of ticket ids was cut short")
    return data
