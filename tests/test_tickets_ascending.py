"""Exports in the order of their ids: bounds of a batch's ids, and keys kept on disk meanwhile."""

from __future__ import annotations

import tempfile
from itertools import pairwise

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_lint.audit.tickets.ascending import Spill, id_bounds

ids = st.one_of(
    st.text(alphabet="ab7Zé", max_size=12),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(
        st.one_of(ids, st.text(alphabet="09", min_size=3, max_size=3)), min_size=1, max_size=40
    ),
    cut=st.integers(0, 5),
)
def test_bounds_are_the_least_and_greatest_ids_by_length_then_bytes(
    values: list[str], cut: int
) -> None:
    chosen = pa.array(["x", *values], pa.string()).slice(min(cut, len(values)))
    texts = [value.encode() for value in chosen.to_pylist()]
    (least, greatest), ascends = id_bounds(chosen)
    assert least == min((len(t), t) for t in texts)
    assert greatest == max((len(t), t) for t in texts)
    ordered = [(len(t), t) for t in texts]
    assert ascends == all(b > a for a, b in pairwise(ordered))


@pytest.mark.parametrize("disk", [True, False], ids=["on disk", "no temporary file"])
def test_keys_waiting_on_disk_come_back_as_they_went(
    monkeypatch: pytest.MonkeyPatch, disk: bool
) -> None:
    if not disk:

        def refuse(**_: object) -> None:
            raise OSError("read-only file system")

        monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    spill = Spill()
    batches = [
        (np.arange(5, dtype=np.uint64), None),
        (np.arange(7, 10, dtype=np.uint64), np.array([1, 2, 3], np.uint32)),
    ]
    for key, check in batches:
        spill.add(key, check)
    assert spill.nbytes == (0 if disk else 5 * 8 + 3 * 12)  # memory does not hold them
    back = list(spill.drain())
    assert [k.tolist() for k, _ in back] == [k.tolist() for k, _ in batches]
    assert [None if c is None else c.tolist() for _, c in back] == [None, [1, 2, 3]]
    assert list(spill.drain()) == []  # read back once


def test_keys_the_disk_will_not_take_stay_in_memory() -> None:
    class Full:
        """A temporary file that takes one batch and then finds its disk full."""

        def __init__(self) -> None:
            self.data, self.writes = b"", 0

        def write(self, data: memoryview) -> None:
            self.writes += 1
            if self.writes > 1:
                raise OSError(28, "No space left on device")
            self.data += bytes(data)

        def seek(self, at: int) -> None:
            self.at = at

        def read(self, size: int) -> bytes:
            chunk, self.data = self.data[:size], self.data[size:]
            return chunk

        def close(self) -> None:
            pass

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *_: object) -> None:
            pass

    spill = Spill()
    spill._tried, spill._file = True, Full()
    spill._closing = type("Closing", (), {"detach": lambda self: None})()
    spill.add(np.arange(3, dtype=np.uint64), None)
    spill.add(np.arange(3, 6, dtype=np.uint64), None)  # the disk is full now
    assert (spill.disk_bytes, spill.nbytes) == (24, 24)
    assert [k.tolist() for k, _ in spill.drain()] == [[0, 1, 2], [3, 4, 5]]
