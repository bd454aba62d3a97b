"""Sorted runs of ticket-id keys, the memory of the set of ids seen so far, and their merging.

A run holds distinct fingerprints in buckets by the top bits of their keys. A batch's own run is
in order of its keys' top 32 bits already (ordered_keys.py); runs are merged by one radix pass a
slice of the key space, each slice small enough to stay in the caches, never by a comparison
sort. A look-up reads small tables of where buckets start and then its bucket, all look-ups at
once, instead of one binary search after another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from policy_lint.audit.arrays import U32, U64, Bools, Ints

_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
_SLICE = 1 << 17  # keys a merge orders at once: a slice stays in the caches
_TABLE = 1 << 18  # a merged run this long keeps tables of where its buckets start
_COARSE = 14  # a batch's run keeps where each bucket of its keys' top 14 bits starts
_WIDE = 64  # at most this many keys of a bucket are compared at once


@dataclass(slots=True)
class SortedRun:
    """Distinct fingerprints in buckets by the top `bits` bits of their keys (buckets in order,
    keys in a bucket in any order); `level` counts the merges that made the run.

    Most runs keep where each bucket of their keys' top `coarse` bits starts (`starts`), and
    where each of their own buckets starts from there (`within`): a lookup reads the tables and
    then its bucket, all lookups at once, instead of one binary search after another (each step
    of which waits on memory far from the caches). A short merged run has no tables: it is
    searched, then `width` keys (its largest bucket) are read.
    """

    key: U64
    check: U32 | None  # None: every id short (a check of 0)
    bits: int
    width: int
    level: int = 0
    coarse: int = 0
    starts: U32 | None = None
    within: np.ndarray[Any, Any] | None = None

    @property
    def nbytes(self) -> int:
        held = (self.key, self.check, self.starts, self.within)
        return sum(values.nbytes for values in held if values is not None)

    def find(self, key: U64, check: U32 | None) -> Bools:
        """Which fingerprints are in the run: each one's bucket is read from where it starts."""
        if self.starts is None:
            start = np.searchsorted(self.key, key & ~(_ALL >> np.uint64(self.bits)))
            hit = np.zeros(len(key), dtype=bool)
            last = len(self.key) - 1
            for low in range(0, self.width, _WIDE):  # (steps, keys): long rows for numpy
                steps = np.arange(low, min(low + _WIDE, self.width))[:, None]
                hit |= self._same(np.minimum(start + steps, last), key, check).any(axis=0)
            return hit
        if self.within is None:
            bucket = (key >> np.uint64(64 - self.coarse)).view(np.int64)
            start = self.starts[bucket].astype(np.int64)
            size = self.starts[bucket + 1] - start
        else:
            bucket = (key >> np.uint64(64 - self.bits)).view(np.int64)
            shift = self.bits - self.coarse
            start = self.starts[bucket >> shift] + self.within[bucket].astype(np.int64)
            size = self.starts[(bucket + 1) >> shift] + self.within[bucket + 1] - start
        # every key of each one's bucket, one after another: owner says whose
        owner = np.repeat(np.arange(len(key)), size)
        at = np.arange(len(owner)) + np.repeat(start - (np.cumsum(size) - size), size)
        same = self._same(at, key[owner], None if check is None else check[owner])
        hit = np.zeros(len(key), dtype=bool)
        hit[owner[same]] = True
        return hit

    def _same(self, at: Ints, key: U64, check: U32 | None) -> Bools:
        """Whether the fingerprints at `at` are the given ones (a key of another bucket never
        is: a lookup may read past its bucket)."""
        same: Bools = self.key[at] == key
        if self.check is None and check is None:
            return same
        hits = np.nonzero(same)  # the checks of equal keys only (a short id's check is 0)
        theirs = self.check[at[hits]] if self.check is not None else np.uint32(0)
        ours = check[hits[-1]] if check is not None else np.uint32(0)
        same[hits] = theirs == ours
        return same


def batch_run(key: U64, check: U32 | None, starts: U32) -> SortedRun:
    """One batch's distinct keys as a run of its own (no merge made it), in order of their top
    32 bits, with `starts`: where each bucket of their top _COARSE bits begins."""
    return SortedRun(key, check, 32, 1, coarse=_COARSE, starts=starts)


def bucket_starts(key: U64) -> U32:
    """Where each bucket of the keys' top 14 bits starts, for keys in order of them."""
    sizes = np.bincount((key >> np.uint64(64 - _COARSE)).view(np.int64), minlength=1 << _COARSE)
    starts = np.zeros(len(sizes) + 1, dtype=np.uint32)
    np.cumsum(sizes, out=starts[1:])
    return starts


def slice_starts(key: U64, parts: int) -> Ints:
    """Where each of `parts` equal slices of the key space starts, for keys in order of at
    least their top log2(parts) bits; and the end."""
    step = np.uint64((1 << 64) // parts if parts > 1 else 0)
    edges = np.arange(1, parts, dtype=np.uint64) * step
    return np.concatenate(([0], np.searchsorted(key, edges), [len(key)]))


def merge(runs: list[SortedRun], level: int) -> SortedRun:
    """One run of the keys of `runs`, in buckets by their top 14 + p bits.

    The keys are cut into 2^p slices by their top p bits (each run holds each slice in one
    stretch, being in order of at least 14 bits), and each slice is put in order of its next 14
    bits by one radix pass: a slice is small enough (_SLICE) to stay in the caches.
    """
    total = sum(len(run.key) for run in runs)
    split = 0
    while total >> split > _SLICE and split < 14:
        split += 1
    bits = split + 14
    key = np.empty(total, dtype=np.uint64)
    checked = any(run.check is not None for run in runs)
    check = np.empty(total, dtype=np.uint32) if checked else None
    sizes = np.empty(1 << bits, dtype=np.int64)  # keys in each bucket
    cuts = [slice_starts(run.key, 1 << split) for run in runs]
    done = 0
    for part in range(1 << split):
        spans = [(run, cut[part], cut[part + 1]) for run, cut in zip(runs, cuts, strict=True)]
        keys = np.concatenate([run.key[low:high] for run, low, high in spans])
        digit = ((keys >> np.uint64(50 - split)) & np.uint64(0x3FFF)).astype(np.uint16)
        order = np.argsort(digit, kind="stable")
        end = done + len(keys)
        np.take(keys, order, out=key[done:end], mode="clip")
        if check is not None:
            checks = [
                run.check[low:high] if run.check is not None else np.zeros(high - low, np.uint32)
                for run, low, high in spans
            ]
            np.take(np.concatenate(checks), order, out=check[done:end], mode="clip")
        sizes[part << 14 : (part + 1) << 14] = np.bincount(digit, minlength=1 << 14)
        done = end
    if total < _TABLE or bits < 16:
        return SortedRun(key, check, bits, int(sizes.max()), level)
    bounds = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=bounds[1:])
    step = 1 << (bits - 16)
    within = None
    if step > 1:
        offsets = np.append(bounds[:-1] - np.repeat(bounds[:-1:step], step), 0)
        within = offsets.astype(np.uint8 if offsets.max() < 256 else np.uint32)
    starts = bounds[::step].astype(np.uint32)
    return SortedRun(key, check, bits, int(sizes.max()), level, 16, starts, within)
