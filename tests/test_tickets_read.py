"""Readers: every format gives the same rows and row numbers; every bad export is one clear line."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from policy_lint.audit.tickets.export import ExportFormat
from policy_lint.audit.tickets.opening import open_export
from policy_lint.audit.tickets.reader import Reader, read_batches
from policy_lint.errors import ExportError

EXPORTS = Path(__file__).parent / "data" / "exports"
CANONICAL = EXPORTS / "canonical.csv"


def canonical_rows() -> list[dict[str, str | None]]:
    """The canonical fixture's rows as text, an empty cell as None."""
    with CANONICAL.open(encoding="utf-8", newline="") as file:
        return [{k: (v or None) for k, v in row.items()} for row in csv.DictReader(file)]


def write_jsonl(path: Path, rows: list[dict[str, str | None]]) -> Path:
    text = "".join(json.dumps(row) + "\n" for row in rows)
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def write_parquet(path: Path, rows: list[dict[str, str | None]]) -> Path:
    names = list(rows[0])
    table = pa.table({n: pa.array([r[n] for r in rows], pa.string()) for n in names})
    pq.write_table(table, path)
    return path


def write_csv_gz(path: Path, rows: list[dict[str, str | None]]) -> Path:
    path.write_bytes(gzip.compress(CANONICAL.read_bytes()))
    return path


WRITERS: dict[str, Callable[[Path, list[dict[str, str | None]]], Path]] = {
    "tickets.csv.gz": write_csv_gz,
    "tickets.jsonl": write_jsonl,
    "tickets.ndjson.gz": write_jsonl,
    "tickets.parquet": write_parquet,
}


def every_format(folder: Path) -> list[Path]:
    """The canonical fixture as CSV, gzip CSV, JSON Lines, gzip NDJSON and Parquet."""
    rows = canonical_rows()
    return [CANONICAL, *(write(folder / name, rows) for name, write in WRITERS.items())]


def read_all(path: Path, columns: list[str], batch_size: int = 1000) -> list[tuple[object, ...]]:
    export = open_export(path)
    found = []
    for batch in read_batches(export, columns, batch_size):
        values = batch.data.to_pydict()
        for index, row in enumerate(batch.row.tolist()):
            found.append((row, *(values[c][index] for c in columns)))
    return found


def test_every_format_gives_the_same_rows_and_row_numbers(tmp_path: Path) -> None:
    columns = ["ticket_id", "created_at", "is_complaint"]
    expected = read_all(CANONICAL, columns)
    # 18 data rows; row 3 has no ticket id, rows 1, 4 and 18 all say T1
    assert len(expected) == 18
    assert expected[0] == (1, "T1", "2026-03-02T09:00:00Z", "false")
    assert expected[2] == (3, None, "2026-03-02T09:00:00Z", "false")
    assert expected[17] == (18, "T1", "2026-03-02T09:00:00Z", "false")
    for path in every_format(tmp_path)[1:]:
        assert read_all(path, columns) == expected, path.name


@pytest.mark.parametrize("batch_size", [1, 2, 7, 1000])
def test_batches_never_exceed_the_batch_size(tmp_path: Path, batch_size: int) -> None:
    for path in every_format(tmp_path):
        export = open_export(path)
        batches = list(read_batches(export, ["ticket_id"], batch_size))
        assert all(b.data.num_rows <= batch_size for b in batches)
        assert sum(b.data.num_rows for b in batches) == 18


def test_formats_are_told_by_suffix_and_then_by_content(tmp_path: Path) -> None:
    formats = [open_export(p).format for p in every_format(tmp_path)]
    csv_, jsonl, parquet = ExportFormat.CSV, ExportFormat.JSONL, ExportFormat.PARQUET
    assert formats == [csv_, csv_, jsonl, jsonl, parquet]
    unnamed = tmp_path / "tickets.export"
    unnamed.write_bytes((tmp_path / "tickets.jsonl").read_bytes())
    assert open_export(unnamed).format is ExportFormat.JSONL


def test_every_cell_of_a_csv_is_text(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("ticket_id,n,when\n007,1.50,2026-03-02\n", encoding="utf-8")
    assert read_all(path, ["ticket_id", "n", "when"]) == [(1, "007", "1.50", "2026-03-02")]


def test_a_quoted_line_break_is_one_row_and_blank_lines_are_not_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('ticket_id,note\nA,"two\nlines"\n\nB,x\n', encoding="utf-8")
    assert read_all(path, ["ticket_id", "note"]) == [(1, "A", "two\nlines"), (2, "B", "x")]


def test_semicolons_and_a_byte_order_mark_are_understood(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffticket_id;channel\r\nA;email\r\n".encode())
    export = open_export(path)
    assert export.columns == ("ticket_id", "channel")
    assert read_all(path, ["ticket_id", "channel"]) == [(1, "A", "email")]


def test_json_lines_are_numbered_by_line_blank_lines_included(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": 1}\n\n   \n{"id": 2}\n{"id": 3}', encoding="utf-8")
    assert read_all(path, ["id"]) == [(1, 1), (4, 2), (5, 3)]


def test_json_objects_are_flattened_and_times_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    line = {"id": 7, "via": {"channel": "email"}, "created_at": "2026-03-02T09:00:00+02:00"}
    path.write_text(json.dumps(line) + "\n" + json.dumps({"id": 8, "via": None}) + "\n")
    export = open_export(path)
    assert export.columns == ("id", "via.channel", "created_at")
    # the offset survives: pyarrow's own inference would have made it a naive UTC timestamp
    assert read_all(path, ["id", "via.channel", "created_at"]) == [
        (1, 7, "email", "2026-03-02T09:00:00+02:00"),
        (2, 8, None, None),
    ]


def test_a_column_the_file_lacks_is_read_as_nulls(tmp_path: Path) -> None:
    assert read_all(CANONICAL, ["ticket_id", "nowhere"])[0] == (1, "T1", None)


def bad(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


BAD_EXPORTS = [
    ("empty.csv", b"", "empty.csv: the file is empty"),
    ("blank.csv", b"\n\n  \n", "blank.csv: the file is empty"),
    ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.csv: is not a CSV file"),
    ("object.csv", b'{"ticket_id": "T1"}\n', "object.csv: is not a CSV file (it looks like JSON)"),
    ("header.csv", b"ticket_id,caf\xe9\nT1,x\n", "header.csv:1: is not UTF-8 (byte 0xe9"),
    # a spreadsheet's "Unicode text": UTF-16 with its byte order mark, or without one
    ("excel.csv", "ticket_id,channel\nT1,email\n".encode("utf-16"), "excel.csv: is UTF-16 text"),
    ("be.csv", "ticket_id,channel\nT1,email\n".encode("utf-16-be"), "be.csv: is UTF-16 text"),
    ("le.jsonl", '{"id": 1}\n'.encode("utf-16-le"), "le.jsonl: is UTF-16 text, not UTF-8"),
    ("wide.csv", "ticket_id\nT1\n".encode("utf-32"), "wide.csv: is UTF-32 text"),
    (
        "latin1.csv",
        b"ticket_id,channel\nT1,email\nT2,caf\xe9\n",
        "latin1.csv:3: is not UTF-8 (byte 0xe9)",
    ),
    (
        "ragged.csv",
        b"ticket_id,channel\nT1,email\nT2\nT3,chat\n",
        "ragged.csv:3: a row has 1 fields where the header has 2",
    ),
    ("array.jsonl", b'[{"id": 1}]\n', "array.jsonl: holds a JSON array, not JSON Lines"),
    ("text.jsonl", b"\nid,channel\n", "text.jsonl:2: is not JSON Lines"),
    ("broken.jsonl", b'{"id": 1}\n{"id": \n', "broken.jsonl:2: is not JSON Lines"),
    ("latin1.jsonl", b'{"id": 1}\n{"id": "caf\xe9"}\n', "latin1.jsonl:2: is not UTF-8 (byte 0xe9)"),
    ("drift.jsonl", b'{"id": 1}\n{"id": "A"}\n', "drift.jsonl: a field changes type (near line 2)"),
    ("x.parquet", b"PAR0 not really", "x.parquet: is not a Parquet file"),
    ("fake.csv.gz", b"ticket_id\nT1\n", "fake.csv.gz: is not gzip-compressed data"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), BAD_EXPORTS, ids=[b[0] for b in BAD_EXPORTS]
)
def test_a_bad_export_is_one_line_naming_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = bad(tmp_path, name, content)
    with pytest.raises(ExportError) as raised:
        export = open_export(path)
        for _ in read_batches(export, ["id"] if ".json" in name else ["ticket_id", "channel"]):
            pass
    text = str(raised.value)
    assert text.startswith(str(tmp_path / message.split(":")[0]))
    assert message in text
    assert "\n" not in text


def test_a_missing_file_and_a_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"nowhere\.csv: no such file$"):
        open_export(tmp_path / "nowhere.csv")
    with pytest.raises(ExportError, match="is a folder"):
        open_export(tmp_path)


def test_a_gzip_parquet_is_refused(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "t.parquet", canonical_rows())
    gz = bad(tmp_path, "t.parquet.gz", gzip.compress(path.read_bytes()))
    with pytest.raises(ExportError, match=r"decompress the \.gz first"):
        open_export(gz)


def test_markers_of_no_value_keep_a_csv_of_offset_times_on_the_fast_path(tmp_path: Path) -> None:
    # the time columns are read straight as instants, a marker as null; text columns keep
    # their markers as text (a ticket called NA) and their empty cells null, as the text parse
    path = tmp_path / "t.csv"
    path.write_text(
        "ticket_id,priority,created_at,first_response_at,acknowledged_at\n"
        "T1,-,2026-03-02T09:00:00Z,-,-\n"
        'NA,,2026-03-02T09:00:00Z,"",-\n'
        "T3,,2026-03-02T09:00:00Z,N/A,-\n"
        "T4,low,2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,-\n"
    )
    export = open_export(path)
    columns = ["ticket_id", "priority", "created_at", "first_response_at", "acknowledged_at"]
    reader = Reader(export, columns, times=columns[2:])
    batches = [batch for task in reader.tasks() for batch in reader.batches(task)]
    data = pa.concat_tables([batch.data for batch in batches])
    assert pa.types.is_timestamp(data["first_response_at"].type)
    assert data["first_response_at"].null_count == 3
    # a column of markers alone (an event this export never records) is no text to parse
    assert pa.types.is_timestamp(data["acknowledged_at"].type)
    assert data["acknowledged_at"].null_count == 4
    assert data["ticket_id"].to_pylist() == ["T1", "NA", "T3", "T4"]
    assert data["priority"].to_pylist() == ["-", None, None, "low"]
