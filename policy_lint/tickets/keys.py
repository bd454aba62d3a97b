"""Ticket ids → 96-bit fingerprints, and the memory-aware set of every id met so far.

A Python set of ten million id strings costs about a gigabyte. Instead every id is
fingerprinted, in numpy, as a 64-bit key (plus a 32-bit check for ids longer than 8 bytes); a
batch's keys are sorted once, which finds the repeats inside the batch, and the keys met so far
are kept as sorted runs of at most two million entries (8 to 12 bytes an id: 80-120 MB for ten
million) behind a bitmap (16 bits an id) that spares most lookups the runs.

Exactness: an id of up to 8 bytes (no NUL) is packed into its key by a bijection, so two such ids
never share a key. Longer ids are told apart by all 96 bits: the chance that two different ids
of ten million are taken for one is about 10^-15. The key doubles as the id's join key for the
pause intervals.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pyarrow as pa

_U64 = np.ndarray[Any, np.dtype[np.uint64]]
_U32 = np.ndarray[Any, np.dtype[np.uint32]]
_Bools = np.ndarray[Any, np.dtype[np.bool_]]

RUN_CAP = 1 << 21  # a run this long is merged no more: bounds the memory a merge needs
MAX_RUNS = 16
LONG_ID = 256  # bytes past which an id is hashed one by one (hashlib), not in numpy
_SEED = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))
_PRIME = np.uint64(0x100000001B3)


def _mix(key: _U64) -> _U64:
    """MurmurHash3's 64-bit finaliser: a bijection that spreads every bit over the key."""
    key = key ^ (key >> np.uint64(33))
    key = key * np.uint64(0xFF51AFD7ED558CCD)
    key = key ^ (key >> np.uint64(33))
    key = key * np.uint64(0xC4CEB9FE1A85EC53)
    return key ^ (key >> np.uint64(33))


def fingerprints(ids: pa.Array) -> tuple[_U64, _U32 | None]:
    """The key of each id of a string array without nulls, and the check of the longer ones.

    The check is None when no id is longer than 8 bytes: every key is then exact. Otherwise it
    holds 32 more bits for each longer id, and 0 for the short ones.
    """
    ids = ids.cast(pa.large_string())
    bounds = np.frombuffer(ids.buffers()[1], dtype=np.int64)
    bounds = bounds[ids.offset : ids.offset + len(ids) + 1]
    buffer = ids.buffers()[2]
    raw = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    words = _Words(raw[bounds[0] : bounds[-1]])
    starts, lengths = bounds[:-1] - bounds[0], np.diff(bounds)
    key = _mix(words.at(starts, lengths) ^ _SEED[0])
    longer = np.flatnonzero(lengths > 8)
    if not len(longer):
        return key, None
    check = np.zeros(len(ids), dtype=np.uint64)
    check[longer] = _long_fingerprints(words, starts[longer], lengths[longer], key, longer)
    return key, (check >> np.uint64(32)).astype(np.uint32)


def _long_fingerprints(
    words: _Words, starts: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any], key: _U64, rows: Any
) -> _U64:
    """Rewrite the keys of ids longer than 8 bytes (all their words) and return their checks."""
    hashed = key[rows]
    check = _mix(hashed ^ _SEED[1] ^ lengths.astype(np.uint64))
    short = lengths <= LONG_ID
    for index in range(1, int(lengths[short].max(initial=8) + 7) // 8):
        active = np.flatnonzero(short & (lengths > 8 * index))
        word = words.at(starts[active] + 8 * index, lengths[active] - 8 * index)
        hashed[active] = _mix((hashed[active] ^ word) * _PRIME)
        check[active] = _mix((check[active] ^ word) * _PRIME + _SEED[1])
    key[rows] = _mix(hashed ^ lengths.astype(np.uint64) ^ _SEED[1])
    for index in np.flatnonzero(~short).tolist():
        start, length = int(starts[index]), int(lengths[index])
        key[rows[index]], check[index] = _long_id(words.raw, start, length)
    return check


class _Words:
    """The id bytes as aligned little-endian words, so any 8 bytes cost two gathers and shifts."""

    def __init__(self, raw: np.ndarray[Any, np.dtype[np.uint8]]) -> None:
        self.raw = raw
        padded = np.zeros((len(raw) // 8 + 2) * 8, dtype=np.uint8)
        padded[: len(raw)] = raw
        self.words = padded.view(np.uint64)

    def at(self, starts: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any]) -> _U64:
        """The (up to) 8 bytes from each start, zero past each length."""
        shift = ((starts % 8) * 8).astype(np.uint64)
        low = self.words[starts // 8] >> shift
        high = (self.words[starts // 8 + 1] << (np.uint64(63) - shift)) << np.uint64(1)
        keep = np.minimum(lengths, 8).astype(np.uint64) * np.uint64(8)
        mask = np.where(keep == 64, _ALL, (np.uint64(1) << (keep & np.uint64(63))) - np.uint64(1))
        return np.asarray((low | high) & mask, dtype=np.uint64)


_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)


def _long_id(raw: np.ndarray[Any, Any], start: int, length: int) -> tuple[int, int]:
    digest = hashlib.blake2b(raw[start : start + length].tobytes(), digest_size=12).digest()
    return int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little") << 32


class SeenKeys:
    """Every fingerprint met so far: a bitmap of key bits in front of sorted runs.

    The bitmap grows with the keys (16 bits a key: about 6 % of lookups go on to the runs), so
    it stays small enough for the processor's caches while it can. New runs are appended; when
    more than MAX_RUNS exist, all runs still under `run_cap` are merged into one (frozen once
    it reaches the cap): a key is merged about once, and a merge never needs much more than
    twice a capped run's memory.
    """

    def __init__(self, run_cap: int = RUN_CAP) -> None:
        self._bits = 20
        self._bitmap = np.zeros(1 << (self._bits - 3), dtype=np.uint8)
        self._runs: list[tuple[_U64, _U32 | None]] = []
        self._cap = run_cap
        self.count = 0

    def claim(self, key: _U64, check: _U32 | None) -> _Bools:
        """Which rows repeat an id met before, earlier in this batch or in an earlier one.

        The ids of the other rows are remembered. `check` is None when every id is short
        (its key is then exact), and only the keys are sorted.
        """
        if not len(key):
            return np.zeros(0, dtype=bool)
        order = None if check is None else np.argsort(key)
        sorted_key = np.sort(key) if order is None else key[order]
        sorted_check = None if order is None or check is None else check[order]
        starts = np.ones(len(key), dtype=bool)
        starts[1:] = sorted_key[1:] != sorted_key[:-1]
        if not starts.all():  # an id twice in the batch (or two sharing a key): the exact road
            return self._claim_repeating(key, check)
        seen = self._contains(sorted_key, sorted_check)
        self._add(sorted_key[~seen], None if sorted_check is None else sorted_check[~seen])
        return np.isin(key, sorted_key[seen]) if seen.any() else ~starts

    def _claim_repeating(self, key: _U64, check: _U32 | None) -> _Bools:
        """claim() for a batch with repeated keys: group by key and check, first row first."""
        rows = np.arange(len(key))
        order = np.lexsort((rows, key) if check is None else (rows, check, key))
        sorted_key = key[order]
        sorted_check = None if check is None else check[order]
        starts = _group_starts(sorted_key, sorted_check)
        unique_key = sorted_key[starts]
        unique_check = None if sorted_check is None else sorted_check[starts]
        seen = self._contains(unique_key, unique_check)
        self._add(unique_key[~seen], None if unique_check is None else unique_check[~seen])
        repeat = np.empty(len(key), dtype=bool)
        repeat[order] = ~starts | seen[np.cumsum(starts) - 1]
        return repeat

    def _contains(self, key: _U64, check: _U32 | None) -> _Bools:
        """Whether each fingerprint (keys sorted, so the bitmap is read in order) was met."""
        bit = key >> np.uint64(64 - self._bits)
        marked = (self._bitmap[bit >> np.uint64(3)] >> (bit & np.uint64(7)).astype(np.uint8)) & 1
        maybe = np.flatnonzero(marked)
        found = np.zeros(len(key), dtype=bool)
        for run_key, run_check in self._runs:
            if not len(maybe):
                break
            query = None if check is None else check[maybe]
            found[maybe] |= _in_run(run_key, run_check, key[maybe], query)
        return found

    def _add(self, key: _U64, check: _U32 | None) -> None:
        if not len(key):
            return
        self._runs.append((key, check))
        self.count += len(key)
        if self.count << 4 > 1 << self._bits:
            self._grow()
        else:
            self._mark(key)
        if len(self._runs) > MAX_RUNS:
            self._merge()

    def _mark(self, key: _U64) -> None:
        """Set the bitmap bits of sorted keys (each byte once: the bits of a byte are or-ed)."""
        bit = key >> np.uint64(64 - self._bits)
        byte = bit >> np.uint64(3)
        starts = np.flatnonzero(np.concatenate([[True], byte[1:] != byte[:-1]]))
        values = np.left_shift(np.uint8(1), (bit & np.uint64(7)).astype(np.uint8))
        self._bitmap[byte[starts]] |= np.bitwise_or.reduceat(values, starts)

    def _grow(self) -> None:
        while self.count << 4 > 1 << self._bits:
            self._bits += 2
        self._bitmap = np.zeros(1 << (self._bits - 3), dtype=np.uint8)
        for run_key, _ in self._runs:
            self._mark(run_key)

    def _merge(self) -> None:
        first = next((i for i, run in enumerate(self._runs) if len(run[0]) < self._cap), 0)
        tail = self._runs[first:]
        if len(tail) < 2:
            return
        keys = np.concatenate([run[0] for run in tail])
        if all(run[1] is None for run in tail):
            self._runs[first:] = [(np.sort(keys, kind="stable"), None)]  # timsort merges runs
            return
        checks = [
            run[1] if run[1] is not None else np.zeros(len(run[0]), np.uint32) for run in tail
        ]
        order = np.argsort(keys, kind="stable")
        self._runs[first:] = [(keys[order], np.concatenate(checks)[order])]


def _group_starts(key: _U64, check: _U32 | None) -> _Bools:
    """For sorted fingerprints: where each run of equal ones starts."""
    starts = np.ones(len(key), dtype=bool)
    starts[1:] = key[1:] != key[:-1]
    if check is not None:
        starts[1:] |= check[1:] != check[:-1]
    return starts


def _in_run(run_key: _U64, run_check: _U32 | None, key: _U64, check: _U32 | None) -> _Bools:
    """Which fingerprints (keys sorted) are in one run; equal keys in the run are walked."""
    index = np.searchsorted(run_key, key)
    found = np.zeros(len(key), dtype=bool)
    step = 0
    while True:
        probe = index + step
        inside = np.flatnonzero(probe < len(run_key))
        same = inside[run_key[probe[inside]] == key[inside]]
        if not len(same):
            return found
        if run_check is None and check is None:
            found[same] = True
        else:  # a short id's check is 0: compare all 96 bits
            theirs = run_check[probe[same]] if run_check is not None else np.uint32(0)
            found[same] |= theirs == (check[same] if check is not None else np.uint32(0))
        step += 1
