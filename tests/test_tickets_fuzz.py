"""The export readers fuzzed: random bytes and mutated real exports, in every format.

Each example writes one file (CSV, gzip CSV, JSON Lines, gzip JSON Lines, Parquet) made from
random bytes or from a real sample (tests/data/exports/, bench/samples/) with bytes flipped,
cut, repeated, spliced or inserted, then opens and reads it as a ticket export (`open_tickets`
and every batch) and as a pause file (`read_pauses`). The only outcomes allowed are a result,
or an ExportError, UsageError or ConfigError: the one line and exit 2 of the CLI. Any other
exception fails the example, and so does a hang: a watchdog ends the run with every thread's
stack after WATCHDOG seconds. `make test` runs a few dozen examples a reader; `make soak`
(HYPOTHESIS_PROFILE=soak) forty times as many.
"""

from __future__ import annotations

import faulthandler
import gzip
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from hashlib import sha1
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from policy_lint.audit.tickets import open_tickets, read_pauses
from policy_lint.errors import ConfigError, ExportError, UsageError
from tests.conftest import ROOT

settings.register_profile("soak", max_examples=4_000, deadline=None)  # 40 × the default 100
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

ALLOWED = (ExportError, UsageError, ConfigError)
_WORDS = re.compile(r"[0-9'(].*")
WATCHDOG = 60.0  # seconds one example may take before the run is ended as a hang
SEED_BYTES = 6_000  # of each sample, cut at a line end: enough rows, quick to read
EXPORTS = ROOT / "tests" / "data" / "exports"
SAMPLES = [*sorted(EXPORTS.glob("*.csv")), *sorted((ROOT / "bench" / "samples").glob("*.csv"))]
PAUSE_FILES = {p for p in SAMPLES if "pauses" in p.name}


def _head(path: Path) -> bytes:
    data = path.read_bytes()[:SEED_BYTES]
    return data[: data.rfind(b"\n") + 1] or data


def _table(csv: bytes) -> pa.Table | None:
    """A CSV sample as pyarrow reads it (types inferred), None if it cannot."""
    first = csv.split(b"\n", 1)[0]
    delimiter = ";" if first.count(b";") > first.count(b",") else ","
    try:
        return pacsv.read_csv(
            io.BytesIO(csv), parse_options=pacsv.ParseOptions(delimiter=delimiter)
        )
    except pa.ArrowInvalid:
        return None


def _as_jsonl(table: pa.Table) -> bytes:
    """A sample as JSON Lines (every cell a string, empty cells left out)."""
    rows = table.cast(pa.schema([(n, pa.string()) for n in table.column_names])).to_pylist()
    return "".join(json.dumps({k: v for k, v in r.items() if v}) + "\n" for r in rows).encode()


def _as_parquet(table: pa.Table) -> bytes:
    """A sample as Parquet, its columns typed as pyarrow infers them (times as times)."""
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=7)  # row groups of 7 rows: many to read
    return sink.getvalue()


def _seeds(csvs: list[bytes], jsonl: list[bytes]) -> dict[str, list[bytes]]:
    """The samples in each format."""
    tables = [t for t in map(_table, csvs) if t is not None]
    return {
        "csv": csvs,
        "jsonl": [*jsonl, *map(_as_jsonl, tables)],
        "parquet": [*map(_as_parquet, tables)],
    }


SEEDS = {
    "tickets": _seeds(
        [_head(p) for p in SAMPLES if p not in PAUSE_FILES], [_head(EXPORTS / "zendesk.json")]
    ),
    "pauses": _seeds([_head(p) for p in SAMPLES if p in PAUSE_FILES], []),
}
SUFFIXES = {"csv": ".csv", "csv.gz": ".csv.gz", "jsonl": ".jsonl", "jsonl.gz": ".jsonl.gz"}
SUFFIXES["parquet"] = ".parquet"


# values that are hard to read, each put in place of a few bytes (a cell, most often)
TRICKY = [
    b"", b"-", b"n/a", b" ", b"NULL", b"0", b"-1", b"1e400", b"NaN", b"99999999999999999999",
    b"2026-02-30T25:61:61+99:99", b"9999-12-31T23:59:59Z", b"0001-01-01T00:00:00Z",
    b"1970-01-01", b"2026-03-29T03:30:00", b"29/02/2025 10:00", b"12/13/2026 10:00 PM",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", "é—ą".encode(), b'"', b'""', b"\r", b"\n",
    b"[" * 70, b"{" * 70, b"\\", b"true", b"Yes", b"email", b"Phone", b"urgent",
]  # fmt: skip


def mutated(draw: st.DrawFn, seed: bytes, others: list[bytes]) -> bytes:
    """`seed` with a few of: bytes flipped, cut short, a slice repeated, another sample
    spliced in, random bytes inserted (drawn with `draw`, so that no strategy holds bytes)."""
    data = bytearray(seed)
    # most of the time the first line is spared, so that the file is opened and its rows read
    spared = (draw(st.integers(0, 3)) > 0) * (seed.find(b"\n") + 1)
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["flip", "cut", "repeat", "splice", "insert", "value"]))
        last = max(len(data) - 1, 0)
        at = draw(st.integers(min(spared, last), last))
        if how == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif how == "cut":
            del data[at:]
        elif how == "repeat":
            end = draw(st.integers(at, min(len(data), at + 2_000)))
            data[at:at] = data[at:end] * draw(st.integers(1, 3))
        elif how == "splice":
            other = others[draw(st.integers(0, len(others) - 1))]
            data[at:] = other[draw(st.integers(0, max(len(other) - 1, 0))) :]
        elif how == "value":
            data[at : at + draw(st.integers(0, 24))] = draw(st.sampled_from(TRICKY))
        else:
            data[at:at] = draw(st.binary(max_size=40))
    return bytes(data)


class Fuzzed:
    """A file format and the bytes of such a file, shown short (a failing example is kept in
    a file, named in the failure, not printed)."""

    def __init__(self, fmt: str, data: bytes) -> None:
        self.fmt, self.data = fmt, data

    def __repr__(self) -> str:
        return f"Fuzzed({self.fmt!r}, {len(self.data):,} bytes, sha1 {sha1(self.data).hexdigest()})"


@st.composite
def exports(draw: st.DrawFn, kind: str = "tickets") -> Fuzzed:
    """A file format and the bytes of such a file: random, or a mutated sample of `kind`."""
    fmt = draw(st.sampled_from(sorted(SUFFIXES)))
    if draw(st.integers(0, 9)) == 0:
        return Fuzzed(fmt, draw(st.binary(max_size=3_000)))
    seeds = SEEDS[kind][fmt.removesuffix(".gz")]
    data = mutated(draw, seeds[draw(st.integers(0, len(seeds) - 1))], seeds)
    if fmt.endswith(".gz"):
        packed = gzip.compress(data, mtime=0)
        data = packed if draw(st.booleans()) else mutated(draw, packed, [packed])
    return Fuzzed(fmt, data)


@contextmanager
def watched() -> Iterator[None]:
    """A hang ends the whole run with every thread's stack, instead of waiting forever."""
    faulthandler.dump_traceback_later(WATCHDOG, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def fuzzed(normal: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """`normal` examples in `make test`, scaled as the loaded profile scales the default."""
    return settings(
        max_examples=normal * settings().max_examples // 100,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


@contextmanager
def only_allowed(path: Path) -> Iterator[None]:
    """A result or one of ALLOWED, on one line; anything else fails, naming the file kept."""
    try:
        yield
        event("read")
    except ALLOWED as error:
        assert "\n" not in str(error)
        said = _WORDS.sub("", str(error).split(": ", 1)[-1])[:40]  # the kind of refusal
        event(f"refused: {said}")
    except Exception as error:
        raise AssertionError(f"{type(error).__name__}: {error} (the file: {path})") from error


def write(tmp_path: Path, export: Fuzzed, name: str) -> Path:
    path = tmp_path / f"{name}{SUFFIXES[export.fmt]}"
    path.write_bytes(export.data)
    return path


@fuzzed(50)
@given(export=exports(), source=st.sampled_from(["auto"] * 3 + ["canonical", "zendesk"]))
def test_a_fuzzed_export_is_read_or_refused_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, export: Fuzzed, source: str
) -> None:
    path = write(tmp_path_factory.mktemp("fuzz"), export, "export")
    with watched(), only_allowed(path):
        stream = open_tickets([path], source=source, timezone="UTC", batch_size=50)
        for batch in stream:
            assert len(batch.row) == len(batch.created_at)
        stream.rejections()


@fuzzed(50)
@given(export=exports("pauses"))
def test_a_fuzzed_pause_file_is_read_or_refused_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, export: Fuzzed
) -> None:
    path = write(tmp_path_factory.mktemp("fuzz"), export, "pauses")
    with watched(), only_allowed(path):
        read_pauses(path, timezone="UTC", batch_size=50)
