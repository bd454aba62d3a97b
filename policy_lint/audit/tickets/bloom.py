"""The Bloom filter in front of the sorted runs of ticket-id keys: 4 bits a key in one word.

A key's 64-bit word is chosen by its top 32 bits, so that a batch in order of those bits reads
and writes the filter in the order of its words (memory far from the caches is read in order,
not at random); its 4 bits are named by its low 24 bits, two 12-bit halves of two bits each. The
filter only ever sends a key on to the runs, which compare all 96 bits of a fingerprint: a false
positive costs a look-up, never a wrong answer.
"""

from __future__ import annotations

import numpy as np

from policy_lint.audit.arrays import U64, Ints


def word_of(key: U64, words: int) -> Ints:
    """Each key's word among `words`, by its top 32 bits (so words come in the keys' order)."""
    word = key >> np.uint64(32)
    word *= np.uint64(words)
    word >>= np.uint64(32)
    return word.view(np.int64)


def _pairs() -> U64:
    """For each 12-bit value: the word with the bits its two 6-bit halves name."""
    value = np.arange(4096, dtype=np.uint64)
    one = np.uint64(1)
    return (one << (value & np.uint64(63))) | (one << (value >> np.uint64(6)))


_PAIRS = _pairs()


def key_bits(key: U64) -> U64:
    """Each key's 4 bits of its Bloom word, named by its low 24 bits (two 12-bit halves)."""
    pair = (key & np.uint64(4095)).view(np.int64)
    mask = _PAIRS[pair]
    np.right_shift(key, np.uint64(12), out=pair.view(np.uint64))
    pair &= 4095
    mask |= _PAIRS[pair]
    return mask


def set_in_order(bloom: U64, word: Ints, mask: U64, held: U64) -> None:
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


def set_any_order(bloom: U64, word: Ints, mask: U64) -> None:
    """Or `mask` into the Bloom words `word`, in any order: a word named twice in one write
    keeps one key's bits, so the words are read again and the lost bits written again."""
    for _ in range(4):
        bloom[word] = bloom[word] | mask
        lost = np.flatnonzero((bloom[word] & mask) != mask)
        if not len(lost):
            return
        word, mask = word[lost], mask[lost]
    np.bitwise_or.at(bloom, word, mask)
