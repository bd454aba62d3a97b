"""The memory-aware set of every ticket id seen so far, as fingerprints (fingerprints.py).

A Python set of ten million id strings costs about a gigabyte. The set keeps fingerprints: 12
bytes an id (8 when every id is short) in runs, a quarter byte of tables, and a Bloom filter of
14 to 42 bits an id (it grows threefold at a time): for ten million 12-byte ids about 15 bytes an
id in all, for 8-byte ids 10.6. While an export's ids ascend, none of it is needed: the keys wait
on disk (ascending.py). Where the time goes, and so the shape of the set (SeenKeys):

- A comparison sort of 64-bit keys costs ~50 ns a key; a radix pass of 16 bits ~5 ns. Nothing
  is sorted by comparison: a batch is put in order of its keys' top 32 bits by two radix passes,
  runs are merged by one radix pass a slice.
- A key seen before is found next to its first occurrence in that order (inside the batch),
  or in a sorted run; the Bloom filter sends at most 1 % of the new keys on to the runs (0.02 %
  at 42 bits).
- Memory far from the caches costs ~15 ns a read: the batch reads and writes the Bloom filter
  in its words' order, a stretch at a time, and a lookup in a run reads small tables and its
  bucket instead of a binary search of the whole run.
- Only keep_first must see the batches in order; putting a batch in order (order_keys) and
  merging runs happen on the worker threads.

The Bloom filter only ever sends a key on to the runs, which compare all 96 bits.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pyarrow as pa

from policy_lint.audit.arrays import Bools, Int32s, Ints, U32s, U64s
from policy_lint.audit.tickets.ascending import Bound, Spill, id_bounds
from policy_lint.audit.tickets.batch import one_chunk

Submit = Callable[
    [Callable[[], "SortedRun"]], Future["SortedRun"]
]  # runs a merge on another thread

RUN_CAP = 1 << 21  # a run this long is merged no more: bounds the memory a merge needs
MERGING = 2  # merges under way on other threads, at most (each holds its runs and its result)
FAN_IN = 16  # runs of one level merged into one run of the next
BLOOM_BITS = (14, 42)  # the Bloom filter is rebuilt at 42 bits a key when it falls to 14
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
_SLICE = 1 << 17  # keys a merge orders at once, for the same reason
_TABLE = 1 << 18  # a merged run this long keeps tables of where its buckets start
_COARSE = 14  # a batch's run keeps where each bucket of its keys' top 14 bits starts
_WIDE = 64  # at most this many keys of a bucket are compared at once
_BLOOM_WORDS = 1 << 16  # the Bloom filter's size is a whole number of times this many words
_BLOOM_STEP = 1 << 15  # keys whose Bloom words are read and written at once (their lines cached)
_PARTS = 16  # the Bloom filter is rebuilt part by part (the words of 1/16 of the keys)


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

    key: U64s
    check: U32s | None  # None: every id short (a check of 0)
    bits: int
    width: int
    level: int = 0
    coarse: int = 0
    starts: U32s | None = None
    within: np.ndarray[Any, Any] | None = None

    @property
    def nbytes(self) -> int:
        held = (self.key, self.check, self.starts, self.within)
        return sum(values.nbytes for values in held if values is not None)

    def find(self, key: U64s, check: U32s | None) -> Bools:
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

    def _same(self, at: Ints, key: U64s, check: U32s | None) -> Bools:
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


def _pairs() -> U64s:
    """For each 12-bit value: the word with the bits its two 6-bit halves name."""
    value = np.arange(4096, dtype=np.uint64)
    one = np.uint64(1)
    return (one << (value & np.uint64(63))) | (one << (value >> np.uint64(6)))


_PAIRS = _pairs()


class SeenKeys:
    """Every fingerprint seen so far: a Bloom filter in front of sorted runs in key order.

    order_keys puts a batch in order of the top 32 bits of its keys (two radix passes), so a
    duplicate inside the batch is next to its first occurrence and the batch's new keys are a run.
    The Bloom filter gives each key 4 bits of one 64-bit word, the word chosen by its top 32 bits
    (so a batch reads and writes the filter in order); it is rebuilt at BLOOM_BITS[1] bits a key
    when it falls to BLOOM_BITS[0], part by part (each part's words stay in the caches), so that at
    most 1 % of the new keys are looked up in the runs. Runs of one level are merged FAN_IN at a
    time, slice by slice of the key space; a run of `run_cap` keys is merged no more, so a merge
    needs about twice a capped run's memory, and the rebuilt Bloom filter the old one's besides its
    own.
    """

    def __init__(self, run_cap: int = RUN_CAP, submit: Submit | None = None) -> None:
        self._cap = run_cap
        # the greatest id seen so far, while every batch came with its bounds (else None and
        # `_bounded` False): a batch whose least id is greater repeats no earlier one
        self._greatest: Bound | None = None
        self._bounded = True
        self._behind = False  # the Bloom filter lacks the keys of ascending batches
        self._waiting = Spill()  # the keys of ascending batches as they came, on disk
        self._open: list[SortedRun] = []  # levels not increasing: the newest, smallest runs last
        self._frozen: list[SortedRun] = []
        self._merging: list[
            tuple[Future[SortedRun], list[SortedRun]]
        ] = []  # merges under way, in order
        self._submit = submit
        self._bloom = np.zeros(_BLOOM_WORDS, dtype=np.uint64)
        self.count = 0

    @property
    def disk_bytes(self) -> int:
        """The bytes of keys waiting in a temporary file (not in memory)."""
        return self._waiting.disk_bytes

    @property
    def nbytes(self) -> int:
        """The memory the set holds: its runs, the keys waiting in memory, the Bloom filter."""
        held = self._bloom.nbytes + self._waiting.nbytes
        return held + sum(run.nbytes for run in self._runs())

    def _runs(self) -> tuple[SortedRun, ...]:
        """Every run, the ones a merge under way reads included (they hold its keys till then)."""
        merging = (run for _, runs in self._merging for run in runs)
        return (*self._frozen, *self._open, *merging)

    def keep_first(self, batch: OrderedKeys) -> Bools:
        """Which rows of a batch made ready by order_keys (on any thread) are duplicates, of an
        id seen earlier in the batch or in an earlier one; the first occurrences are kept. What
        must be done batch after batch, in order.

        A batch whose ids all come after every id seen so far repeats none of them: nothing is
        looked up, and while every batch is such (an export in the order of its ids) the Bloom
        filter is not written at all, and a batch in order already is not even put in order of
        its keys. The first batch that is not catches the set up, once."""
        if not len(batch.key):
            return np.zeros(0, dtype=bool)
        self._collect()
        ascending = self._ascending(batch.bounds)
        if ascending and self._behind_allowed():
            self._behind = True
            if batch.rows is None:  # in order, no id twice: kept as it is till it is needed
                self._waiting.add(batch.key, batch.check)
                self.count += len(batch.key)
                return np.zeros(len(batch.key), dtype=bool)
            assert batch.duplicate is not None
            return self._keep(batch, batch.duplicate)
        if batch.rows is None:  # seldom: a batch in order after all that does not ascend
            batch = order_keys(batch.key, batch.check)
        self._catch_up()
        assert batch.duplicate is not None and batch.mask is not None
        duplicate = batch.duplicate.copy()
        key, check = batch.key, batch.check
        maybe = np.empty(len(key), dtype=bool)
        for low in range(0, len(key), _BLOOM_STEP):  # every row's bits: a known key's are set
            word = self._word(key[low : low + _BLOOM_STEP])
            mask = batch.mask[low : low + _BLOOM_STEP]
            held = self._bloom[word]
            _set(self._bloom, word, mask, held)
            np.equal(held & mask, mask, out=maybe[low : low + _BLOOM_STEP])
        ask = np.flatnonzero(maybe & ~duplicate) if not ascending else np.zeros(0, np.int64)
        if len(ask):
            duplicate[ask[self._find(key[ask], None if check is None else check[ask])]] = True
        return self._keep(batch, duplicate)

    def _keep(self, batch: OrderedKeys, duplicate: Bools) -> Bools:
        """Keep the keys of the first occurrences as a run; which rows are duplicates."""
        assert batch.rows is not None and batch.starts is not None
        if duplicate.all():
            return duplicate
        key, check, starts = batch.key, batch.check, batch.starts
        answer = np.zeros(len(key), dtype=bool)
        if duplicate.any():
            answer[batch.rows[duplicate]] = True
            fresh = ~duplicate
            key, check = key[fresh], None if check is None else check[fresh]
            starts = _bucket_starts(key)
        self._open.append(_batch_run(key, check, starts))
        self.count += len(key)
        if not self._behind and self.count * BLOOM_BITS[0] > 64 * len(self._bloom):
            self._rebuild()
        self._settle()
        return answer

    def _catch_up(self) -> None:
        """Make runs of the batches kept as they came and set every key's Bloom bits: once,
        at the first batch that does not ascend (the set is kept up as batches come after)."""
        if not self._behind:
            return
        for key, check in self._waiting.drain():
            key, check, _, _ = _sorted(key, check)
            self._open.append(_batch_run(key, check, _bucket_starts(key)))
            self._settle()
        self._rebuild()
        self._behind = False

    def _ascending(self, bounds: tuple[Bound, Bound] | None) -> bool:
        """Whether a batch's ids all come after every id seen so far (and note its greatest).

        Exports are mostly written in the order of their ids, so most batches are: then no id
        of the batch can have been seen before, and no key of it need be looked up."""
        if bounds is None:
            self._bounded, self._greatest = False, None
            return False
        if not self._bounded:
            return False
        least, greatest = bounds
        ascending = self._greatest is None or least > self._greatest
        self._greatest = greatest if self._greatest is None else max(self._greatest, greatest)
        return ascending

    def _behind_allowed(self) -> bool:
        """Whether the Bloom filter may stay behind: only until it was first caught up (one
        rebuild at most, however batches alternate)."""
        return self._behind or not self.count

    def _word(self, key: U64s) -> Ints:
        """Each key's Bloom word, by its top 32 bits (so words come in the keys' order)."""
        word = key >> np.uint64(32)
        word *= np.uint64(len(self._bloom))
        word >>= np.uint64(32)
        return word.view(np.int64)

    def _probe(self, key: U64s) -> tuple[Ints, U64s]:
        """Each key's Bloom word and its 4 bits (low 24)."""
        return self._word(key), _bits(key)

    def _find(self, key: U64s, check: U32s | None) -> Bools:
        """Which fingerprints are in a run (the ones found are looked for no further)."""
        found = np.zeros(len(key), dtype=bool)
        rows = np.arange(len(key))
        for run in self._runs():
            hit = run.find(key, check)
            if hit.any():
                found[rows[hit]] = True
                rows, key = rows[~hit], key[~hit]
                check = None if check is None else check[~hit]
                if not len(rows):
                    break
        return found

    def _rebuild(self) -> None:
        """A Bloom filter of BLOOM_BITS[1] bits a key, from every run, a part at a time (the
        part's words stay in the caches while every run's keys of that part are set)."""
        words = -(-self.count * BLOOM_BITS[1] // 64)
        self._bloom = np.zeros(-(-words // _BLOOM_WORDS) * _BLOOM_WORDS, dtype=np.uint64)
        runs = self._runs()
        cuts = [_cuts(run.key, _PARTS) for run in runs]
        for part in range(_PARTS):
            for run, cut in zip(runs, cuts, strict=True):
                if cut[part] < cut[part + 1]:
                    word, mask = self._probe(run.key[cut[part] : cut[part + 1]])
                    if run.bits == 32:  # the words in order
                        _set(self._bloom, word, mask, self._bloom[word])
                    else:
                        _or(self._bloom, word, mask)

    def _settle(self) -> None:
        """Merge the newest runs while FAN_IN of them share a level or they reach run_cap."""
        while self._open:
            level = self._open[-1].level
            tail = 0
            while tail < len(self._open) and self._open[-1 - tail].level == level:
                tail += 1
            runs = self._open[-tail:]
            if tail < FAN_IN and sum(len(run.key) for run in runs) < self._cap:
                return
            del self._open[-tail:]
            if self._submit is None:
                self._place(_merge(runs, level + 1))
            else:  # on a worker: the runs answer lookups till the merged run takes their place
                self._merging.append((self._submit(partial(_merge, runs, level + 1)), runs))

    def _collect(self) -> None:
        """Put the merged runs of the merges done in place of theirs (waiting for the oldest
        while more than MERGING are under way, which bounds the memory they hold)."""
        while self._merging and (self._merging[0][0].done() or len(self._merging) > MERGING):
            future, _ = self._merging.pop(0)
            self._place(future.result())
        if not self._merging:
            self._settle()  # merged runs may now make FAN_IN of the next level

    def _place(self, merged: SortedRun) -> None:
        """A merged run among the open ones after every run of a level not lower than its own
        (levels do not increase along the list), or frozen once it reaches run_cap."""
        if len(merged.key) >= self._cap:
            self._frozen.append(merged)
            return
        at = len(self._open)
        while at and self._open[at - 1].level < merged.level:
            at -= 1
        self._open.insert(at, merged)


@dataclass(frozen=True, slots=True)
class OrderedKeys:
    """A batch's fingerprints made ready for keep_first: in order of their keys' top 32 bits
    (with the row each came from), which of them duplicate an earlier one of the batch, their
    Bloom bits and where each bucket of their top 14 bits starts; or, for a batch whose ids
    are in ascending order already (none twice), the keys as they are (`rows` None): such a
    batch needs none of it while the export ascends. None of it needs an earlier batch, so the
    workers do it while the batches before are kept."""

    key: U64s
    check: U32s | None
    rows: Int32s | None = None  # the row of each, in the batch
    duplicate: Bools | None = None
    mask: U64s | None = None
    starts: U32s | None = None
    bounds: tuple[Bound, Bound] | None = None  # the least and greatest id, when known


def order_keys(key: U64s, check: U32s | None, ids: pa.Array | None = None) -> OrderedKeys:
    """What keep_first needs of a batch's fingerprints (of `ids`, when given: their bounds
    let an ascending batch skip every look-up), found on any thread."""
    bounds, ascending = id_bounds(one_chunk(ids)) if ids is not None and len(ids) else (None, False)
    if ascending:
        return OrderedKeys(key, check, bounds=bounds)
    key, check, first, then = _sorted(key, check)
    rows = first[then].astype(np.int32)
    duplicate, mask = _duplicates(key, check), _bits(key)
    return OrderedKeys(key, check, rows, duplicate, mask, _bucket_starts(key), bounds)


def _bits(key: U64s) -> U64s:
    """Each key's 4 bits of its Bloom word, named by its low 24 bits (two 12-bit halves)."""
    pair = (key & np.uint64(4095)).view(np.int64)
    mask = _PAIRS[pair]
    np.right_shift(key, np.uint64(12), out=pair.view(np.uint64))
    pair &= 4095
    mask |= _PAIRS[pair]
    return mask


def _batch_run(key: U64s, check: U32s | None, starts: U32s) -> SortedRun:
    """One batch's distinct keys as a run of its own (no merge made it), in order of their top
    32 bits, with `starts`: where each bucket of their top _COARSE bits begins."""
    return SortedRun(key, check, 32, 1, coarse=_COARSE, starts=starts)


def _bucket_starts(key: U64s) -> U32s:
    """Where each bucket of the keys' top 14 bits starts, for keys in order of them."""
    sizes = np.bincount((key >> np.uint64(64 - _COARSE)).view(np.int64), minlength=1 << _COARSE)
    starts = np.zeros(len(sizes) + 1, dtype=np.uint32)
    np.cumsum(sizes, out=starts[1:])
    return starts


def _sorted(key: U64s, check: U32s | None) -> tuple[U64s, U32s | None, Ints, Ints]:
    """The fingerprints in order of their keys' top 32 bits (stable), by two radix passes of
    16 bits; and the two orders: row first[then[i]] is the i-th."""
    first = np.argsort((key >> np.uint64(32)).astype(np.uint16), kind="stable")
    key = key[first]
    then = np.argsort((key >> np.uint64(48)).astype(np.uint16), kind="stable")
    key = key[then]
    if check is not None:
        check = check[first][then]
    return key, check, first, then


def _duplicates(key: U64s, check: U32s | None) -> Bools:
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


def _group(key: U64s, check: U32s | None, rows: Ints) -> Bools:
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


def _set(bloom: U64s, word: Ints, mask: U64s, held: U64s) -> None:
    """Or `mask` into the Bloom words `word` (in order), whose values are `held`.

    A word named twice is written once, with all its bits: numpy does not say which of two
    writes to one place wins.
    """
    twin = np.flatnonzero(word[1:] == word[:-1])
    if len(twin) * 8 < len(word):  # few words twice: write them again, all their bits
        bloom[word] = held | mask
        if len(twin):
            near = np.zeros(len(word), dtype=bool)
            near[twin] = near[twin + 1] = True
            rows = np.flatnonzero(near)
            group = rows[np.concatenate(([True], word[rows[1:]] != word[rows[:-1]]))]
            bits = np.bitwise_or.reduceat(mask[rows], np.searchsorted(rows, group))
            bloom[word[group]] = held[group] | bits
    else:
        group = np.flatnonzero(np.concatenate(([True], word[1:] != word[:-1])))
        bloom[word[group]] = held[group] | np.bitwise_or.reduceat(mask, group)


def _or(bloom: U64s, word: Ints, mask: U64s) -> None:
    """Or `mask` into the Bloom words `word`, in any order: a word named twice in one write
    keeps one key's bits, so the words are read again and the lost bits written again."""
    for _ in range(4):
        bloom[word] = bloom[word] | mask
        lost = np.flatnonzero((bloom[word] & mask) != mask)
        if not len(lost):
            return
        word, mask = word[lost], mask[lost]
    np.bitwise_or.at(bloom, word, mask)


def _cuts(key: U64s, parts: int) -> Ints:
    """Where each of `parts` equal slices of the key space starts, for keys in order of at
    least their top log2(parts) bits; and the end."""
    step = np.uint64((1 << 64) // parts if parts > 1 else 0)
    edges = np.arange(1, parts, dtype=np.uint64) * step
    return np.concatenate(([0], np.searchsorted(key, edges), [len(key)]))


def _merge(runs: list[SortedRun], level: int) -> SortedRun:
    """One run of the keys of `runs`, in buckets by their top 14 + p bits.

    The keys are cut into 2^p slices by their top p bits (each run holds each slice in one
    piece, being in order of at least 14 bits), and each slice is put in order of its next 14
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
    cuts = [_cuts(run.key, 1 << split) for run in runs]
    done = 0
    for part in range(1 << split):
        pieces = [(run, cut[part], cut[part + 1]) for run, cut in zip(runs, cuts, strict=True)]
        keys = np.concatenate([run.key[low:high] for run, low, high in pieces])
        digit = ((keys >> np.uint64(50 - split)) & np.uint64(0x3FFF)).astype(np.uint16)
        order = np.argsort(digit, kind="stable")
        end = done + len(keys)
        np.take(keys, order, out=key[done:end], mode="clip")
        if check is not None:
            checks = [
                run.check[low:high] if run.check is not None else np.zeros(high - low, np.uint32)
                for run, low, high in pieces
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
