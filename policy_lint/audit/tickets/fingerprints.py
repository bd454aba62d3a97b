"""Ticket ids → 96-bit fingerprints, in numpy: a 64-bit key and, for ids longer than 8 bytes, a
32-bit check.

Exactness: an id of up to 8 bytes (no NUL) is packed into its key by a bijection, so two such ids
never share a key. Longer ids are told apart by all 96 bits: the chance that two different ids
of ten million are taken for one is about 10^-15. The key doubles as the id's join key for the
pause intervals, so it is a function of the id's bytes alone, whatever batch the id comes in.
Ids of one length (most exports) are read as strided views of their bytes, no gathers.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pyarrow as pa

from policy_lint.audit.arrays import U32, U64, Bytes, Ints
from policy_lint.audit.tickets.batch import one_chunk

LONG_ID = 256  # bytes past which an id is hashed one by one (hashlib), not in numpy
_SEED = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))
_PRIME = np.uint64(0x100000001B3)
_ROWS = 1 << 16  # ids fingerprinted at once: the working set stays in the caches


def _mix(key: U64, scratch: U64 | None = None) -> U64:
    """MurmurHash3's 64-bit finaliser, in place: a bijection that spreads every bit over the key."""
    scratch = np.empty_like(key) if scratch is None else scratch
    for factor in (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)):
        np.bitwise_xor(key, np.right_shift(key, np.uint64(33), out=scratch), out=key)
        np.multiply(key, factor, out=key)
    np.bitwise_xor(key, np.right_shift(key, np.uint64(33), out=scratch), out=key)
    return key


def fingerprints(ids: pa.Array | pa.ChunkedArray) -> tuple[U64, U32 | None]:
    """The key of each id of a string array without nulls, and the check of the longer ones.

    The check is None when no id is longer than 8 bytes: every key is then exact. Otherwise it
    holds 32 more bits for each longer id, and 0 for the short ones.
    """
    ids = one_chunk(ids)
    if not (pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type)):
        ids = ids.cast(pa.large_string())
    wide = pa.types.is_large_string(ids.type)  # int64 offsets, else int32: read as they are
    bounds = np.frombuffer(ids.buffers()[1], dtype=np.int64 if wide else np.int32)
    bounds = bounds[ids.offset : ids.offset + len(ids) + 1]
    buffer = ids.buffers()[2]
    raw = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    raw = raw[bounds[0] : bounds[-1]]
    lengths = np.diff(bounds)
    if len(ids) and lengths.min() == lengths.max() and lengths[0] <= LONG_ID:
        return _equal_length(raw, len(ids), int(lengths[0]))
    starts = (bounds[:-1] - bounds[0]).astype(np.int64)
    lengths = lengths.astype(np.int64)
    words = _Words(raw)
    key = _mix(words.at(starts, lengths) ^ _SEED[0])
    longer = np.flatnonzero(lengths > 8)
    if not len(longer):
        return key, None
    check = np.zeros(len(ids), dtype=np.uint64)
    check[longer] = _long_fingerprints(words, starts[longer], lengths[longer], key, longer)
    return key, (check >> np.uint64(32)).astype(np.uint32)


def _equal_length(raw: np.ndarray[Any, Any], count: int, length: int) -> tuple[U64, U32 | None]:
    """fingerprints() when every id has `length` bytes: id i is raw[i*length : (i+1)*length].

    Word j of every id is then one strided view of the bytes (no gathers, no per-id shifts);
    the same words, mixed the same way, as the general path, so the keys are the same.
    """
    if length < 8:  # 8 zero bytes in front, so a short word may be read up to its end
        padded = np.zeros(count * length + 8, dtype=np.uint8)
        padded[8:] = raw
        raw, base = padded, 8
    else:
        raw, base = np.ascontiguousarray(raw), 0
    key = np.empty(count, dtype=np.uint64)
    check = np.empty(count, dtype=np.uint32) if length > 8 else None
    size = np.uint64(length) ^ _SEED[1]

    def word(first: int, rows: int, index: int) -> U64:
        """Bytes 8*index … 8*index+7 of ids first … first+rows-1, zero past their end."""
        end = min(8 * index + 8, length)
        offset = base + first * length + end - 8
        view = np.ndarray((rows,), np.dtype("<u8"), raw, offset, (max(length, 1),))
        value: U64 = view.astype(np.uint64)
        if end - 8 * index < 8:
            value >>= np.uint64(8 * (8 - (end - 8 * index)))
        return value

    spare = np.empty(min(count, _ROWS), dtype=np.uint64)
    for first in range(0, count, _ROWS):
        rows = min(_ROWS, count - first)
        scratch = spare[:rows]
        hashed = key[first : first + rows]  # worked on in place
        if length:
            hashed[:] = word(first, rows, 0)
        else:
            hashed[:] = 0
        _mix(np.bitwise_xor(hashed, _SEED[0], out=hashed), scratch)
        if check is None:
            continue
        checked = _mix(hashed ^ size, scratch)
        for index in range(1, (length + 7) // 8):
            next_word = word(first, rows, index)
            np.bitwise_xor(checked, next_word, out=checked)
            np.bitwise_xor(hashed, next_word, out=next_word)
            _mix(np.multiply(next_word, _PRIME, out=hashed), scratch)
            np.multiply(checked, _PRIME, out=checked)
            _mix(np.add(checked, _SEED[1], out=checked), scratch)
        _mix(np.bitwise_xor(hashed, size, out=hashed), scratch)
        np.right_shift(checked, np.uint64(32), out=checked)
        check[first : first + rows] = checked
    return key, check


def _long_fingerprints(
    words: _Words, starts: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any], key: U64, rows: Any
) -> U64:
    """Rewrite the keys of ids longer than 8 bytes (all their words) and return their checks.

    The ids are taken longest first, so the ones with an index-th word are always a prefix.
    """
    order = np.argsort(-np.minimum(lengths, LONG_ID + 1), kind="stable")
    starts, lengths = starts[order], lengths[order]
    hashed = key[rows[order]]
    check = _mix(hashed ^ _SEED[1] ^ lengths.astype(np.uint64))
    short = int(np.count_nonzero(lengths > LONG_ID))  # the rows before are hashed by hashlib
    for index in range(1, int(lengths[short:].max(initial=8) + 7) // 8):
        active = slice(short, short + int(np.searchsorted(-lengths[short:], -8 * index)))
        word = words.at(starts[active] + 8 * index, lengths[active] - 8 * index)
        part = hashed[active]  # views: the active rows, worked on in place
        _mix(np.multiply(np.bitwise_xor(part, word, out=part), _PRIME, out=part))
        part = check[active]
        np.multiply(np.bitwise_xor(part, word, out=part), _PRIME, out=part)
        _mix(np.add(part, _SEED[1], out=part))
    hashed = _mix(hashed ^ lengths.astype(np.uint64) ^ _SEED[1])
    for index in range(short):
        hashed[index], check[index] = _long_id(words.raw, int(starts[index]), int(lengths[index]))
    key[rows[order]] = hashed
    result = np.empty_like(check)
    result[order] = check
    return result


class _Words:
    """The id bytes as aligned little-endian words, so any 8 bytes cost two gathers and shifts."""

    def __init__(self, raw: Bytes) -> None:
        self.raw = raw
        padded = np.zeros((len(raw) // 8 + 2) * 8, dtype=np.uint8)
        padded[: len(raw)] = raw
        self.words = padded.view(np.uint64)

    def at(self, starts: Ints, lengths: Ints) -> U64:
        """The (up to) 8 bytes from each start, zero past each length."""
        index = starts >> 3
        shift = ((starts & 7) << 3).view(np.uint64)
        value: U64 = self.words[index] >> shift
        index += 1
        value |= (self.words[index] << (np.uint64(63) - shift)) << np.uint64(1)
        value &= _KEEP[np.minimum(lengths, 8)]
        return value


_KEEP = np.array([(1 << (8 * size)) - 1 for size in range(9)], dtype=np.uint64)  # low bytes


def _long_id(raw: np.ndarray[Any, Any], start: int, length: int) -> tuple[int, int]:
    digest = hashlib.blake2b(raw[start : start + length].tobytes(), digest_size=12).digest()
    return int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little") << 32
