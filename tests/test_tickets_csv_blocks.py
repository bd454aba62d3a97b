"""CSV cut into blocks of whole records: any cut gives the rows one reading of the file gives."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_lint.audit.tickets.csv_blocks import blocks
from policy_lint.audit.tickets.opening import open_export
from policy_lint.audit.tickets.reader import Reader

TRICKY = (
    "ticket_id,note\r\n"
    'A,"two\nlines"\r\n'
    "\r\n"
    'B,"a ""quoted"" word, and a comma"\r\n'
    'C,"ends with a line break\r\n"\r\n'
    'D,""\r\n'
    "E,plain"  # no line break at the end
)


def rows_by_python(text: str) -> list[tuple[str, str]]:
    """What Python's csv module reads (blank lines skipped), the reference."""
    records = list(csv.reader(io.StringIO(text, newline="")))[1:]
    return [(r[0], r[1]) for r in records if r]


def rows_by_blocks(path: Path, block_bytes: int) -> list[tuple[int, str, str]]:
    export = open_export(path)
    reader = Reader(export, ("ticket_id", "note"), batch_size=3, block_bytes=block_bytes)
    found, before = [], 0
    for task in reader.tasks():
        batches = reader.batches(task)
        for batch in batches:
            values = batch.data.to_pydict()
            for index, row in enumerate(batch.row.tolist()):
                found.append(
                    (row + before, values["ticket_id"][index], values["note"][index] or "")
                )
        before += sum(b.data.num_rows for b in batches)
    return found


@pytest.mark.parametrize("block_bytes", [1, 2, 5, 16, 40, 10_000])
@pytest.mark.parametrize("compressed", [False, True], ids=["mapped", "gzip"])
def test_every_cut_gives_the_same_rows_and_row_numbers(
    tmp_path: Path, block_bytes: int, compressed: bool
) -> None:
    path = tmp_path / ("t.csv.gz" if compressed else "t.csv")
    data = TRICKY.encode()
    path.write_bytes(gzip.compress(data) if compressed else data)
    expected = rows_by_python(TRICKY)
    assert [r[1:] for r in rows_by_blocks(path, block_bytes)] == expected
    # rows are numbered in the file, blank lines not counted
    assert [r[0] for r in rows_by_blocks(path, block_bytes)] == list(range(1, len(expected) + 1))


def cut(data: bytes, block: int, read: int) -> list[bytes]:
    """The blocks of `data` read `read` bytes at a time at most, as a stream may give them."""
    stream = io.BytesIO(data)

    def readinto(view: memoryview) -> int:
        return stream.readinto(view[:read])

    found = []
    for each in blocks(readinto, block):
        found.append(bytes(each.text))
        each.done()  # its buffer is filled again: what was taken must be a copy
    return found


def test_any_block_and_any_read_size_cut_alike() -> None:
    data = TRICKY.encode()
    for block in (1, 3, 8, 100):
        for read in (1, 2, 7, 1000):
            found = cut(data, block, read)
            assert b"".join(found) == data.split(b"\r\n", 1)[1], (block, read)
            for each in found:  # every block ends outside quotes
                assert each.count(b'"') % 2 == 0


def test_batches_held_while_buffers_are_filled_again_keep_their_values(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    rows = [(f"T{n}", f"note {n}" * (n % 5)) for n in range(2000)]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows([("ticket_id", "note"), *rows])
    path.write_text(buffer.getvalue())
    reader = Reader(open_export(path), ("ticket_id", "note"), batch_size=50, block_bytes=500)
    held = [batch for task in reader.tasks() for batch in reader.batches(task)]
    assert len(held) > 50
    found = [(i, n or "") for b in held for i, n in zip(*b.data.to_pydict().values(), strict=True)]
    assert found == rows


def test_old_mac_line_ends_are_cut_too(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'ticket_id,note\rA,"x\ry"\rB,z\r')
    assert [r[1:] for r in rows_by_blocks(path, 2)] == [("A", "x\ry"), ("B", "z")]


def test_a_header_alone_has_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"ticket_id,note\n")
    assert rows_by_blocks(path, 1) == []


cells = st.text(alphabet='ab",\n\r ', max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(st.text(alphabet="xyz", min_size=1, max_size=3), cells), max_size=8),
    block_bytes=st.integers(1, 64),
)
def test_any_quoted_content_is_cut_between_records(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str]], block_bytes: int
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(["ticket_id", "note"])
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("blocks") / "t.csv"
    path.write_bytes(buffer.getvalue().encode())
    assert [r[1:] for r in rows_by_blocks(path, block_bytes)] == rows_by_python(buffer.getvalue())


def test_a_record_of_megabytes_under_the_cap_is_read_whole(tmp_path: Path) -> None:
    note = "word, " * 500_000  # 3 MB in one quoted cell, longer than any block
    path = tmp_path / "t.csv"
    path.write_text(f'ticket_id,note\nA,"{note}"\nB,short\n')
    assert rows_by_blocks(path, 1000) == [(1, "A", note), (2, "B", "short")]
