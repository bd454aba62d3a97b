"""Columns of a few distinct values: every cell keeps its trimmed text, however it is encoded."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_lint.audit.tickets.categorical import Vocabulary, categorical

words = st.sampled_from(["email", " Email", "phone ", "chat", "", "  ", "fax", "Ärzte"])
batches = st.lists(st.lists(st.one_of(st.none(), words), max_size=12), max_size=6)


def expected(cell: str | None) -> str | None:
    return None if cell is None or not cell.strip() else cell.strip()


def texts(batch: list[str | None], vocabulary: Vocabulary | None) -> list[str | None]:
    coded = categorical(pa.array(batch, pa.string()), vocabulary)
    return [coded.value(row) for row in range(len(batch))]


@settings(max_examples=200, deadline=None)
@given(batches=batches, limit=st.sampled_from([1, 3, 4096]))
def test_a_vocabulary_learnt_batch_after_batch_keeps_every_text(
    batches: list[list[str | None]], limit: int
) -> None:
    vocabulary = Vocabulary()
    vocabulary.LIMIT = limit  # a small vocabulary stops learning: cells are encoded as they come
    for batch in batches:
        assert texts(batch, vocabulary) == [expected(cell) for cell in batch]


def test_texts_learnt_on_several_threads_at_once_mean_the_same() -> None:
    vocabulary = Vocabulary()
    batch = ["email", "phone", None, "chat", "email", "social"]
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: texts(batch, vocabulary), range(64)))
    assert all(one == [expected(cell) for cell in batch] for one in found)


@pytest.mark.parametrize("column", [pa.array(["a", None, "b "]), pa.array([1, None, 2])])
def test_without_a_vocabulary_a_column_is_encoded_on_its_own(column: pa.Array) -> None:
    coded = categorical(pa.chunked_array([column, column]))
    assert [coded.value(row) for row in range(6)] == [
        None if cell is None else str(cell).strip() for cell in column.to_pylist() * 2
    ]
