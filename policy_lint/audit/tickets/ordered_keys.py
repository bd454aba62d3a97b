"""A batch's ticket-id keys made ready for SeenKeys.keep_first, on any thread.

Nothing here needs an earlier batch, so the workers do it while the batches before are kept:
the keys are put in order of their top 32 bits by two radix passes of 16 bits (no comparison
sort), which puts a duplicate inside the batch next to its first occurrence and makes the
batch's new keys a run; their Bloom bits and bucket starts are found too. A batch whose ids
ascend needs none of it while the export ascends (ascending.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from policy_lint.audit.arrays import I32, U32, U64, Bools, Ints
from policy_lint.audit.tickets.ascending import Bound, id_bounds
from policy_lint.audit.tickets.batch import one_chunk
from policy_lint.audit.tickets.bloom import key_bits
from policy_lint.audit.tickets.sorted_runs import bucket_starts


@dataclass(frozen=True, slots=True)
class OrderedKeys:
    """A batch's fingerprints made ready for keep_first: in order of their keys' top 32 bits
    (with the row each came from), which of them duplicate an earlier one of the batch, their
    Bloom bits and where each bucket of their top 14 bits starts; or, for a batch whose ids
    are in ascending order already (none twice), the keys as they are (`rows` None): such a
    batch needs none of it while the export ascends."""

    key: U64
    check: U32 | None
    rows: I32 | None = None  # the row of each, in the batch
    duplicate: Bools | None = None
    mask: U64 | None = None
    starts: U32 | None = None
    bounds: tuple[Bound, Bound] | None = None  # the least and greatest id, when known


def order_keys(key: U64, check: U32 | None, ids: pa.Array | None = None) -> OrderedKeys:
    """What keep_first needs of a batch's fingerprints (of `ids`, when given: their bounds
    let an ascending batch skip every look-up), found on any thread."""
    bounds, ascending = id_bounds(one_chunk(ids)) if ids is not None and len(ids) else (None, False)
    if ascending:
        return OrderedKeys(key, check, bounds=bounds)
    key, check, first, then = in_top_order(key, check)
    rows = first[then].astype(np.int32)
    duplicate, mask = _duplicates(key, check), key_bits(key)
    return OrderedKeys(key, check, rows, duplicate, mask, bucket_starts(key), bounds)


def in_top_order(key: U64, check: U32 | None) -> tuple[U64, U32 | None, Ints, Ints]:
    """The fingerprints in order of their keys' top 32 bits (stable), by two radix passes of
    16 bits; and the two orders: row first[then[i]] is the i-th."""
    first = np.argsort((key >> np.uint64(32)).astype(np.uint16), kind="stable")
    key = key[first]
    then = np.argsort((key >> np.uint64(48)).astype(np.uint16), kind="stable")
    key = key[then]
    if check is not None:
        check = check[first][then]
    return key, check, first, then


def _duplicates(key: U64, check: U32 | None) -> Bools:
    """For fingerprints in order of their top 32 bits (in batch order among equal ones): which
    duplicate an earlier one.

    A fingerprint and its duplicates are neighbours, unless another fingerprint shares their top 32
    bits (a key seen with two checks, or one batch in billions): such groups get an exact sort.
    """
    duplicate = np.zeros(len(key), dtype=bool)
    same = key[1:] == key[:-1]
    if check is not None:
        same &= check[1:] == check[:-1]
    duplicate[1:] = same
    top = key >> np.uint64(32)
    odd = np.flatnonzero((top[1:] == top[:-1]) & ~same)
    if len(odd):
        odd = np.unique(top[1:][odd])
        low, high = np.searchsorted(top, odd), np.searchsorted(top, odd, side="right")
        spans = zip(low.tolist(), high.tolist(), strict=True)
        rows = np.concatenate([np.arange(first, end) for first, end in spans])
        duplicate[rows] = _group(key, check, rows)
    return duplicate


def _group(key: U64, check: U32 | None, rows: Ints) -> Bools:
    """Which of `rows` (in batch order among equal fingerprints) duplicate an earlier one."""
    columns = (rows, key[rows]) if check is None else (rows, check[rows], key[rows])
    order = np.lexsort(columns)
    ordered = rows[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = key[ordered[1:]] != key[ordered[:-1]]
    if check is not None:
        first[1:] |= check[ordered[1:]] != check[ordered[:-1]]
    duplicate = np.empty(len(rows), dtype=bool)
    duplicate[order] = ~first
    return duplicate
