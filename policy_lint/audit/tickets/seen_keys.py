"""The memory-aware set of every ticket id seen so far, as fingerprints (fingerprints.py).

A Python set would hold every id as a string object, and grow by far more than the id's bytes.
The set keeps fingerprints: 12 bytes an id (8 when every id is short) in sorted runs, a quarter
byte of tables, and a Bloom filter of 14 to 42 bits an id (it grows threefold at a time). While
an export's ids ascend, none of it is needed: the keys wait on disk (ascending.py). The shape of
the set (SeenKeys) follows from where the time goes (docs/performance.md has the figures):

- A comparison sort costs several times a radix pass, so nothing is sorted by comparison: a
  batch is put in order of its keys' top 32 bits by two radix passes (ordered_keys.py), runs
  are merged by one radix pass a slice (sorted_runs.py).
- A key seen before is found next to its first occurrence in that order (inside the batch),
  or in a sorted run; the Bloom filter sends at most 1 % of the new keys on to the runs (0.02 %
  at 42 bits).
- Memory far from the caches is slow to read at random: the batch reads and writes the Bloom
  filter in its words' order, a stretch at a time, and a lookup in a run reads small tables and
  its bucket instead of a binary search of the whole run.
- Only keep_first must see the batches in order; putting a batch in order (order_keys) and
  merging runs happen on the worker threads.

The Bloom filter only ever sends a key on to the runs, which compare all 96 bits.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from functools import partial

import numpy as np

from policy_lint.audit.arrays import U32, U64, Bools, Ints
from policy_lint.audit.tickets.ascending import Bound, Spill
from policy_lint.audit.tickets.bloom import key_bits, set_any_order, set_in_order, word_of
from policy_lint.audit.tickets.ordered_keys import OrderedKeys, in_top_order, order_keys
from policy_lint.audit.tickets.sorted_runs import (
    SortedRun,
    batch_run,
    bucket_starts,
    merge,
    slice_starts,
)

# runs a merge on another thread
Submit = Callable[[Callable[[], SortedRun]], Future[SortedRun]]

RUN_CAP = 1 << 21  # a run this long is merged no more: bounds the memory a merge needs
MERGING = 2  # merges under way on other threads, at most (each holds its runs and its result)
FAN_IN = 16  # runs of one level merged into one run of the next
BLOOM_BITS = (14, 42)  # the Bloom filter is rebuilt at 42 bits a key when it falls to 14
_BLOOM_WORDS = 1 << 16  # the Bloom filter's size is a whole number of times this many words
_BLOOM_STEP = 1 << 15  # keys whose Bloom words are read and written at once (their lines cached)
_PARTS = 16  # the Bloom filter is rebuilt part by part (the words of 1/16 of the keys)


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
        # merges under way, in order
        self._merging: list[tuple[Future[SortedRun], list[SortedRun]]] = []
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
            word = word_of(key[low : low + _BLOOM_STEP], len(self._bloom))
            mask = batch.mask[low : low + _BLOOM_STEP]
            held = self._bloom[word]
            set_in_order(self._bloom, word, mask, held)
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
            starts = bucket_starts(key)
        self._open.append(batch_run(key, check, starts))
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
            key, check, _, _ = in_top_order(key, check)
            self._open.append(batch_run(key, check, bucket_starts(key)))
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

    def _probe(self, key: U64) -> tuple[Ints, U64]:
        """Each key's Bloom word and its 4 bits (low 24)."""
        return word_of(key, len(self._bloom)), key_bits(key)

    def _find(self, key: U64, check: U32 | None) -> Bools:
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
        cuts = [slice_starts(run.key, _PARTS) for run in runs]
        for part in range(_PARTS):
            for run, cut in zip(runs, cuts, strict=True):
                if cut[part] < cut[part + 1]:
                    word, mask = self._probe(run.key[cut[part] : cut[part + 1]])
                    if run.bits == 32:  # the words in order
                        set_in_order(self._bloom, word, mask, self._bloom[word])
                    else:
                        set_any_order(self._bloom, word, mask)

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
                self._place(merge(runs, level + 1))
            else:  # on a worker: the runs answer lookups till the merged run takes their place
                self._merging.append((self._submit(partial(merge, runs, level + 1)), runs))

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
