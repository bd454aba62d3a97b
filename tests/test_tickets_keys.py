"""Ticket-id fingerprints and the set of ids seen so far, held to a plain Python set.

SeenKeys must answer exactly as a set of the ids would, whatever the batches' shapes; the
fingerprint of an id must not depend on the batch it comes in (it is the pause join key). The small
constants of seen_keys.py and sorted_runs.py are shrunk in some tests, so that the paths big inputs
take (merged runs with tables, a crowded Bloom filter, keys read a few at a time) run on a few ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_lint.audit.tickets import fingerprints as fingerprinting
from policy_lint.audit.tickets import seen_keys, sorted_runs
from policy_lint.audit.tickets.batch import mask
from policy_lint.audit.tickets.fingerprints import fingerprints
from policy_lint.audit.tickets.ordered_keys import order_keys
from policy_lint.audit.tickets.seen_keys import SeenKeys

POOL = ["", "a", "T1", "12345678", "123456789", "P00-T0000001", "é", "€uro", "x" * 300, "ü" * 129]
ids = st.one_of(
    st.sampled_from(POOL),
    st.text(alphabet="ab7Zé", max_size=12),  # 0-24 bytes: around the 8-byte edge
    # any character but NUL (fingerprints.py: "" and "\x00" share a key): up to 400 bytes
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=100),
)
batches = st.lists(st.lists(st.one_of(ids, st.none()), max_size=30), max_size=12)
FIXTURE = [HealthCheck.function_scoped_fixture]  # `small` holds for every example alike


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The sizes of seen_keys.py and sorted_runs.py shrunk: tiny runs merged with tables, a Bloom
    filter of 4 bits a key (rebuilt as often as keys come, one new key in six looked up in the
    runs), keys read two at a time, Bloom words three at a time."""
    for module, name, value in (
        (seen_keys, "FAN_IN", 3),
        (seen_keys, "BLOOM_BITS", (4, 4)),
        (seen_keys, "_BLOOM_WORDS", 1),
        (seen_keys, "_BLOOM_STEP", 3),
        (seen_keys, "_PARTS", 4),
        (sorted_runs, "_SLICE", 4),
        (sorted_runs, "_TABLE", 8),
        (sorted_runs, "_WIDE", 2),
    ):
        monkeypatch.setattr(module, name, value)
    monkeypatch.setattr(fingerprinting, "_ROWS", 3)  # ids fingerprinted three at a time
    yield


def expected(batches: list[list[str | None]]) -> list[list[bool]]:
    """Which rows are duplicates of an earlier id, by a Python set (a null id never is, nor
    counts)."""
    seen_ids: set[str] = set()
    answers = []
    for batch in batches:
        answer = []
        for ticket in batch:
            answer.append(ticket is not None and ticket in seen_ids)
            if ticket is not None:
                seen_ids.add(ticket)
        answers.append(answer)
    return answers


def duplicates(
    batches: list[list[str | None]], seen: SeenKeys | None = None, bounded: bool = False
) -> list[list[bool]]:
    """SeenKeys' answers, null ids left out as the Validator leaves them out (rows.py);
    `bounded`: each batch with the bounds of its ids, as the Validator keeps them."""
    seen = SeenKeys() if seen is None else seen
    answers = []
    for batch in batches:
        ids = pa.array(batch, pa.string())
        present = np.flatnonzero(mask(ids.is_valid()))
        chosen = ids if len(present) == len(ids) else ids.take(pa.array(present))
        duplicate = np.zeros(len(ids), dtype=bool)
        key, check = fingerprints(chosen)
        duplicate[present] = seen.keep_first(order_keys(key, check, chosen if bounded else None))
        answers.append(duplicate.tolist())
    return answers


def found_duplicates(seen: SeenKeys, key: np.ndarray, check: np.ndarray | None) -> list[bool]:
    """SeenKeys' answer for fingerprints made by hand (no ids, so no bounds), as the audit asks:
    the batch put in order first."""
    answer: list[bool] = seen.keep_first(order_keys(key, check)).tolist()
    return answer


@settings(max_examples=60, deadline=None)
@given(batches=batches)
def test_keep_first_agrees_with_a_set(batches: list[list[str | None]]) -> None:
    assert duplicates(batches) == expected(batches)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE)
@given(batches=batches, cap=st.sampled_from([1, 5, 40]))
def test_keep_first_agrees_with_a_set_when_every_path_is_small(
    small: None, batches: list[list[str | None]], cap: int
) -> None:
    seen = SeenKeys(run_cap=cap)
    assert duplicates(batches, seen) == expected(batches)
    assert seen.count == len({ticket for batch in batches for ticket in batch} - {None})


numbers = st.lists(st.lists(st.one_of(st.integers(0, 60), st.none()), max_size=12), max_size=12)


@settings(max_examples=100, deadline=None, suppress_health_check=FIXTURE)
@given(batches=batches)
def test_keep_first_agrees_with_a_set_when_batches_bring_the_bounds_of_their_ids(
    small: None, batches: list[list[str | None]]
) -> None:
    assert duplicates(batches, SeenKeys(run_cap=5), bounded=True) == expected(batches)


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURE)
@given(batches=numbers, step=st.sampled_from([0, 30, 100]))
def test_ascending_batches_are_kept_without_a_look_up_and_the_answers_stay(
    small: None, batches: list[list[int | None]], step: int
) -> None:
    # ids as a helpdesk numbers them: a batch whose least id comes after every id seen is
    # kept without a look-up, and the Bloom filter is caught up at the first batch that is
    # not (step 100: all ascending; 30: some batches reach back; 0: every batch may)
    ids = [
        [None if v is None else str(v + step * i) for v in batch] for i, batch in enumerate(batches)
    ]
    assert duplicates(ids, SeenKeys(run_cap=5), bounded=True) == expected(ids)


def test_bounds_order_ids_by_length_then_bytes() -> None:
    # so that 99 comes before 100, as a helpdesk counts
    seen = SeenKeys()
    for batch in (["98", "99"], ["100", "101"], ["1000"]):
        chosen = pa.array(batch)
        ordered = order_keys(*fingerprints(chosen), chosen)
        assert not seen.keep_first(ordered).any()
    assert seen._behind  # no batch needed a look-up: the Bloom filter was never written
    chosen = pa.array(["99", "5000"])
    assert seen.keep_first(order_keys(*fingerprints(chosen), chosen)).tolist() == [True, False]
    assert not seen._behind


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE)
@given(batches=batches, cap=st.sampled_from([1, 5, 40]))
def test_keep_first_agrees_with_a_set_when_runs_are_merged_on_other_threads(
    small: None, batches: list[list[str | None]], cap: int
) -> None:
    # merges run on a pool and take their runs' place when they are done, whenever that is
    with ThreadPoolExecutor(2) as pool:
        seen = SeenKeys(run_cap=cap, submit=pool.submit)
        assert duplicates(batches, seen) == expected(batches)
    assert seen.count == len({ticket for batch in batches for ticket in batch} - {None})


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE)
@given(
    batches=st.lists(
        st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(0, 2)), max_size=40),
        max_size=10,
    )
)
def test_keys_sharing_bits_and_checks_are_told_apart(
    small: None, batches: list[list[tuple[int, int, int]]]
) -> None:
    """Fingerprints made by hand: keys sharing their top 32 bits or all 64 (then told apart by
    the check alone), in every order, as the runs and the Bloom filter meet them."""
    seen = SeenKeys(run_cap=7)
    seen_ids: set[tuple[int, int]] = set()
    for batch in batches:
        key = np.array([(top << 32) | (low * 0x10001) for top, low, _ in batch], np.uint64)
        key |= np.uint64(0xABCD000000000000)
        check = np.array([mark for _, _, mark in batch], np.uint32)
        want = []
        for one, two in zip(key.tolist(), check.tolist(), strict=True):
            want.append((one, two) in seen_ids)
            seen_ids.add((one, two))
        assert found_duplicates(seen, key, check) == want
    assert seen.count == len(seen_ids)


def test_a_short_key_and_a_long_one_with_its_bits_are_two_ids() -> None:
    """A short id's check is 0: a long id with the same key and check 0 is the same
    fingerprint, one with another check is not."""
    seen = SeenKeys()
    key = np.array([7, 9], np.uint64)
    assert found_duplicates(seen, key, None) == [False, False]
    assert found_duplicates(seen, key, np.array([0, 5], np.uint32)) == [True, False]
    assert found_duplicates(seen, key[::-1].copy(), np.array([5, 1], np.uint32)) == [True, False]


def test_many_copies_of_one_id_in_a_batch() -> None:
    batch: list[str | None] = [*(["T1"] * 500), *(["T2", "T1", "T3"] * 100)]
    assert duplicates([batch, batch]) == expected([batch, batch])


@settings(max_examples=60, deadline=None)
@given(length=st.integers(0, 300), count=st.integers(1, 20), data=st.data())
def test_equal_lengths_take_the_fast_path_to_the_same_fingerprints(
    length: int, count: int, data: st.DataObject
) -> None:
    ascii_ids = data.draw(st.lists(st.text("09AZaz-", min_size=length, max_size=length)))
    ascii_ids = [*ascii_ids, "0" * length][:count]
    wide = ["é" * (length // 2) + "x" * (length % 2)] * 2  # two bytes a character
    for same in (ascii_ids, wide):
        fast_key, fast_check = fingerprints(pa.array(same, pa.string()))
        mixed = [*same, "x" * (length + 1)]  # another length: the general path
        key, check = fingerprints(pa.array(mixed, pa.string()))
        assert fast_key.tolist() == key[:-1].tolist()
        if fast_check is None:
            assert check is None or not check[:-1].any()
        else:
            assert check is not None and fast_check.tolist() == check[:-1].tolist()


def test_fast_path_in_small_pieces(small: None) -> None:
    for length in (0, 3, 8, 9, 16, 17, 256):
        same = [f"{i:0{length}d}"[-length:] if length else "" for i in range(10)]
        key, check = fingerprints(pa.array(same))
        general_key, general_check = fingerprints(pa.array([*same, "x" * 300]))
        assert key.tolist() == general_key[:-1].tolist()
        assert (check if check is not None else np.zeros(10, np.uint32)).tolist() == (
            general_check[:-1].tolist() if general_check is not None else [0] * 10
        )


@settings(max_examples=40, deadline=None)
@given(batch=st.lists(ids, min_size=1, max_size=30), data=st.data())
def test_an_ids_fingerprint_is_the_same_in_any_batch(batch: list[str], data: st.DataObject) -> None:
    key, check = fingerprints(pa.array(batch, pa.string()))
    full = check if check is not None else np.zeros(len(batch), np.uint32)
    start = data.draw(st.integers(0, len(batch) - 1))
    end = data.draw(st.integers(start + 1, len(batch)))
    padding = ["pad", "x" * 40, "é"]
    for kind in (pa.string(), pa.large_string()):
        longer = pa.array([*padding, *batch, *padding], kind)
        sliced = longer.slice(len(padding) + start, end - start)  # a non-zero offset
        part_key, part_check = fingerprints(sliced)
        assert part_key.tolist() == key[start:end].tolist()
        want = full[start:end].tolist()
        assert (part_check.tolist() if part_check is not None else [0] * (end - start)) == want
    alone_key, _ = fingerprints(pa.array([batch[start]]))
    assert int(alone_key[0]) == int(key[start])
    for other in (pa.array(batch, pa.string_view()), pa.array(batch).dictionary_encode()):
        other_key, _ = fingerprints(other)  # cast to text first
        assert other_key.tolist() == key.tolist()


def test_short_ids_are_packed_and_long_ones_checked() -> None:
    key, check = fingerprints(pa.array(["12345678", "", "a"]))
    assert check is None and len(set(key.tolist())) == 3
    key, check = fingerprints(pa.array(["123456789", "a" * 300, "a" * 299 + "b", "ab"]))
    assert check is not None and check[-1] == 0 and check[:-1].all()
    assert len({(int(k), int(c)) for k, c in zip(key, check, strict=True)}) == 4


def test_nbytes_counts_the_runs_and_the_filter() -> None:
    seen = SeenKeys()
    base = seen.nbytes
    key, check = fingerprints(pa.array([f"P00-T{i:07d}" for i in range(1000)]))
    seen.keep_first(order_keys(key, check))
    assert seen.nbytes >= base + 12 * 1000
