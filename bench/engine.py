"""Benchmark the ticket engine's choices, each beside the alternative it was chosen over.

The code states each choice as a contract and its reason; the figures that made it live in
docs/performance.md ("## `audit`: the ticket engine", by module), and this script measures them
again. Quick ones take a few seconds each, in this process; slow ones generate an export (as
bench/audit.py does) and measure each way in a process of its own, wall time and peak RSS.

    .venv/bin/python bench/engine.py                  every quick one
    .venv/bin/python bench/engine.py zones quotes     those named
    .venv/bin/python bench/engine.py parquet-read --millions 10

quick: scalars, floor, wrong-shape, quotes, instants, extremes, sort, memory-reads, id-set,
categorical, gather, zones; slow: parquet-read, parquet-threads, parquet-batch, jsonl-block.
"""

from __future__ import annotations

import argparse
import csv as csv_module
import gc
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from policy_lint.audit.tickets.ascending import _extremes
from policy_lint.audit.tickets.categorical import Vocabulary, categorical
from policy_lint.audit.tickets.csv_blocks import _quotes
from policy_lint.audit.tickets.csv_parse import parse_csv_block
from policy_lint.audit.tickets.opening import open_export
from policy_lint.audit.tickets.times import TimeRules, parse_times
from policy_lint.audit.tickets.zones import to_utc

sys.path.insert(0, str(Path(__file__).resolve().parent))
import audit as whole

RUNS = 5
MILLION = 1_000_000
STAMP = 1_772_442_000  # 2026-03-02T09:00:00Z


def best(work: Callable[[], object], runs: int = RUNS) -> float:
    """The least wall seconds of `runs` calls (the machine is shared: the least is the cost)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def show(name: str, *figures: str) -> None:
    print(f"{name:>14}  " + "; ".join(figures))


def scalars() -> None:
    """batch.py: compute functions given scalars made once, not Python values."""
    cells = pa.array(["a", "", "b"] * 4)
    made = pa.scalar("", pa.string())
    calls = 2000
    python = best(lambda: [pc.equal(cells, "") for _ in range(calls)]) / calls
    once = best(lambda: [pc.equal(cells, made) for _ in range(calls)]) / calls
    new = best(lambda: [pa.scalar("", pa.string()) for _ in range(calls)]) / calls
    show(
        "scalars",
        f"pc.equal with a Python str {python * 1e6:.1f} µs a call",
        f"with a scalar made once {once * 1e6:.1f} µs",
        f"making a text scalar {new * 1e6:.1f} µs",
    )


def floor() -> None:
    """times.py: Arrow timestamps in ms to whole seconds by numpy's floor division."""
    millis = np.arange(10 * MILLION, dtype=np.int64) * 997 + STAMP * 1000
    stamps = pa.array(millis, pa.timestamp("ms"))
    numpy = best(lambda: np.frombuffer(stamps.buffers()[1], np.int64, len(stamps)) // 1000)
    arrow = best(lambda: pc.cast(stamps, pa.timestamp("s"), safe=False))
    show(
        "floor",
        f"10 M ms → s: numpy's floor {numpy:.3f} s",
        f"Arrow's cast {arrow:.3f} s ({arrow / numpy:.1f}x)",
    )


def wrong_shape() -> None:
    """times.py: the shape of a column's times is chosen from its first value."""
    local = pa.array(["2026-03-02 09:00:00"] * MILLION)  # no offset: cast as if it had one
    broken = pa.array(["x", *["2026-03-02 09:00:00Z"] * (MILLION - 1)])

    def fails(text: pa.Array) -> None:
        try:
            pc.cast(text, pa.timestamp("s", "UTC"))
        except pa.ArrowInvalid:
            return
        raise SystemExit("the cast did not fail")

    wrong = best(lambda: fails(local), 3)
    early = best(lambda: fails(broken), 3)
    right = best(lambda: pc.cast(local, pa.timestamp("s")), 3)
    show(
        "wrong-shape",
        f"1 M values cast in the wrong shape {wrong:.3f} s before it fails",
        f"in the right shape {right:.3f} s",
        f"a bad first value fails in {early * 1e3:.2f} ms",
    )


def quotes() -> None:
    """csv_blocks.py: quote characters counted by numpy."""
    data = (b'T1,"a ""quoted"" note, with a comma",2026-03-02T09:00:00Z\n' * 1_200_000)[: 64 << 20]
    view = memoryview(data)
    numpy = best(lambda: _quotes(view))
    python = best(lambda: data.count(b'"'))
    show(
        "quotes",
        f"64 MiB: numpy {numpy * 1e3:.1f} ms",
        f"bytes.count {python * 1e3:.1f} ms",
        f"numpy {numpy / python:.2f} of its time",
    )


def instants() -> None:
    """reader.py: a CSV block's ISO 8601 times with an offset parsed straight into instants."""
    rows = 131_072
    when = np.datetime_as_string((STAMP + np.arange(rows) * 37).astype("datetime64[s]"))
    text = np.char.add(when, "Z")
    columns = ["ticket_id", "created_at", "first_response_at", "resolved_at", "acknowledged_at"]
    lines = [",".join(columns)] + [f"T{i},{t},{t},{t},{t}" for i, t in enumerate(text.tolist())]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text("\n".join(lines) + "\n")
        export = open_export(path)
        body = path.read_bytes().split(b"\n", 1)[1]
    rules, times = TimeRules(), columns[1:]
    typed = parse_csv_block(export, body, columns, times)
    plain = parse_csv_block(export, body, columns)

    def parsed(table: pa.Table) -> None:
        for name in times:
            parse_times(table.column(name).chunk(0), rules)

    reads = [best(lambda: parse_csv_block(export, body, columns, times))]
    reads.append(best(lambda: parse_csv_block(export, body, columns)))
    after = [best(lambda: parsed(typed)), best(lambda: parsed(plain))]
    show(
        "instants",
        f"a block of 131,072 rows, 4 time columns: read as instants {reads[0] * 1e3:.1f} ms "
        f"+ {after[0] * 1e3:.1f} ms to seconds",
        f"read as text {reads[1] * 1e3:.1f} ms + {after[1] * 1e3:.1f} ms parsed "
        f"(in all {sum(reads[:1] + after[:1]) / (reads[1] + after[1]):.2f} of its time; "
        f"the times' own work {(reads[0] - reads[1] + after[0]) / after[1]:.2f})",
    )


def _ids(count: int) -> pa.Array:
    rng = np.random.default_rng(7)
    numbers = rng.permutation(count)
    return pa.array([f"P{n // 10_000_000:02}-T{n % 10_000_000:07}" for n in numbers.tolist()])


def extremes() -> None:
    """ascending.py: the least and greatest of ids of one length, read as big-endian words."""
    ids = _ids(131_072).cast(pa.binary())
    words = best(lambda: _extremes(ids, 12))
    arrow = best(lambda: pc.min_max(ids))
    show(
        "extremes",
        f"a batch of 131,072 ids of 12 bytes: as words {words * 1e3:.2f} ms",
        f"pyarrow's min_max {arrow * 1e3:.2f} ms ({arrow / words:.1f}x)",
    )


def sort() -> None:
    """ordered_keys.py, sorted_runs.py: radix passes of 16 bits, never a comparison sort."""
    keys = np.random.default_rng(7).integers(0, 2**63, 10 * MILLION, dtype=np.int64).view(np.uint64)
    compare = best(lambda: np.sort(keys), 3) / len(keys)
    digits = (keys >> np.uint64(48)).astype(np.uint16)
    radix = best(lambda: np.argsort(digits, kind="stable"), 3) / len(keys)
    show(
        "sort",
        f"10 M keys: a comparison sort {compare * 1e9:.0f} ns a key",
        f"a radix pass of 16 bits {radix * 1e9:.1f} ns a key",
    )


def memory_reads() -> None:
    """bloom.py, sorted_runs.py: memory far from the caches is read in order, not at random."""
    table = np.arange(32 * MILLION, dtype=np.uint64)  # 256 MB: far beyond the caches
    rng = np.random.default_rng(7)
    anywhere = rng.integers(0, len(table), 4 * MILLION)
    in_order = np.sort(anywhere)
    scattered = best(lambda: table[anywhere], 3) / len(anywhere)
    ordered = best(lambda: table[in_order], 3) / len(in_order)
    show(
        "memory-reads",
        f"4 M reads of a 256 MB table: at random {scattered * 1e9:.1f} ns a read",
        f"in order {ordered * 1e9:.1f} ns",
    )


def id_set() -> None:
    """seen_keys.py: the ids seen so far as fingerprints, not a Python set of strings."""
    texts = _ids(MILLION).to_pylist()
    gc.collect()
    tracemalloc.start()
    kept = set(texts)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    strings = sum(sys.getsizeof(text) for text in texts)
    per_id = (held + strings) / len(kept)
    show(
        "id-set",
        f"a Python set of 1 M 12-character ids: {per_id:.0f} bytes an id",
        f"ten million: {per_id * 10 * MILLION / 2**30:.1f} GiB (bench/keys.py: the fingerprints)",
    )


def categorical_codes() -> None:
    """categorical.py: a column of a few values looked up once a value, not once a cell."""
    rng = np.random.default_rng(7)
    spellings = np.array(["email", " Email", "phone", "chat", "web form", "social", "in_person"])
    cells = pa.array(spellings[rng.integers(0, len(spellings), 10 * MILLION)])
    keys = ["email", "phone", "chat", "web form", "social", "in_person"]
    wanted = pa.array(keys)
    per_cell = best(
        lambda: pc.index_in(pc.utf8_lower(pc.utf8_trim_whitespace(cells)), value_set=wanted), 3
    )
    vocabulary = Vocabulary()
    categorical(cells, vocabulary)  # its values learnt, as after an export's first batch
    encoded = best(lambda: categorical(cells, vocabulary), 3)
    column = categorical(cells, vocabulary)
    coded = best(lambda: column.codes(keys), 3)
    show(
        "categorical",
        f"10 M cells: each trimmed, lowered, looked up {per_cell / len(cells) * 1e9:.0f} ns a row",
        f"encoded among the texts seen {encoded / len(cells) * 1e9:.0f} ns a row, then looked up "
        f"once a value and gathered {coded / len(cells) * 1e9:.1f} ns a row",
    )


def gather() -> None:
    """categorical.py: codes in numpy's own index type (intp)."""
    values = np.arange(8, dtype=np.int64)
    index = np.random.default_rng(7).integers(0, 8, 10 * MILLION)
    native = index.astype(np.intp)
    narrow = index.astype(np.int32)
    own = best(lambda: values[native])
    other = best(lambda: values[narrow])
    show(
        "gather",
        f"10 M codes: intp {own * 1e3:.1f} ms",
        f"int32 {other * 1e3:.1f} ms ({other / own:.2f}x)",
    )


def zones() -> None:
    """zones.py: wall-clock times placed in a zone by one searchsorted, not assume_timezone."""
    local = STAMP + np.random.default_rng(7).integers(0, 365 * 86400, 4 * MILLION)
    ours = best(lambda: to_utc(local, "Europe/Riga"), 3)
    stamps = pa.array(local, pa.timestamp("s"))

    def arrow() -> None:  # both ways, as telling gaps and repeated hours apart needs
        for way in ("earliest", "latest"):
            pc.assume_timezone(stamps, "Europe/Riga", ambiguous=way, nonexistent=way)

    theirs = best(arrow, 3)
    show(
        "zones",
        f"4 M times in Europe/Riga: to_utc {ours / len(local) * 1e9:.0f} ns a value",
        f"assume_timezone twice {theirs / len(local) * 1e9:.0f} ns a value",
    )


QUICK = {
    "scalars": scalars,
    "floor": floor,
    "wrong-shape": wrong_shape,
    "quotes": quotes,
    "instants": instants,
    "extremes": extremes,
    "sort": sort,
    "memory-reads": memory_reads,
    "id-set": id_set,
    "categorical": categorical_codes,
    "gather": gather,
    "zones": zones,
}

# the slow ones: one way of reading, measured in a process of its own (wall s, peak MB)
PARQUET_READ = """
import sys, pyarrow.parquet as pq
buffered, threads = sys.argv[2] == "pre-buffer", sys.argv[3] == "threads"
options = {} if buffered else {"pre_buffer": False, "buffer_size": 1 << 20}
for batch in pq.ParquetFile(sys.argv[1], **options).iter_batches(262144, use_threads=threads):
    pass
"""
STREAM = """
import sys
from pathlib import Path
from policy_lint.audit.pipeline import Workers, cores
from policy_lint.audit.tickets import jsonl, open_tickets
jsonl.BLOCK_BYTES = int(sys.argv[2])
with Workers(cores()) as workers:
    for batch in open_tickets([Path(sys.argv[1])], workers=workers):
        pass
"""

# a whole audit of a Parquet export (`policy-lint audit`, in this process), pyarrow's own
# decoding threads on or off
AUDIT_PARQUET = """
import sys
import pyarrow.parquet as pq
if sys.argv[2] == "threads":
    plain = pq.ParquetFile.iter_batches
    def threaded(self, *args, **kwargs):
        return plain(self, *args, **{**kwargs, "use_threads": True})
    pq.ParquetFile.iter_batches = threaded
from policy_lint.cli import main
sys.argv = ["policy-lint", "audit", "--today", "2026-11-23", "--format", "json", sys.argv[3],
            sys.argv[1]]
main()
"""


def _child(code: str, *args: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `code` run in a process of its own (exit 0, or 1 for an
    audit that found a promise broken)."""
    exit_code, seconds, rss = whole.measure([sys.executable, "-c", code, *args])
    if exit_code not in (0, 1):
        raise SystemExit(f"{' '.join(args)}: exit {exit_code}")
    return seconds, rss


def _median(runs: int, code: str, *args: str) -> str:
    found = [_child(code, *args) for _ in range(runs)]
    seconds = statistics.median(f[0] for f in found)
    return f"{seconds:.2f} s, {max(f[1] for f in found):.0f} MB"


def parquet_read(millions: int, runs: int) -> None:
    """parquet.py: column chunks streamed through a 1 MiB buffer, on the reader thread alone."""
    with tempfile.TemporaryDirectory() as folder:
        path = whole.to_parquet(whole.make_export(Path(folder), millions))
        for way, threads in (
            ("streamed", "alone"),
            ("pre-buffer", "alone"),
            ("streamed", "threads"),
        ):
            figure = _median(runs, PARQUET_READ, str(path), way, threads)
            show("parquet-read", f"{millions} M rows, {way}, {threads}: {figure}")


def parquet_threads(millions: int, runs: int) -> None:
    """parquet.py: decoded on the reader thread alone, while the workers use every core."""
    with tempfile.TemporaryDirectory() as folder:
        path = whole.to_parquet(whole.make_export(Path(folder), millions))
        for threads in ("alone", "threads"):
            figure = _median(runs, AUDIT_PARQUET, str(path), threads, str(whole.POLICY))
            show("parquet-threads", f"{millions} M rows, whole audit, {threads}: {figure}")


def parquet_batch(millions: int, runs: int) -> None:
    """reader.py: Parquet in batches twice as long as text's."""
    policy_lint = str(Path(sys.executable).parent / "policy-lint")
    with tempfile.TemporaryDirectory() as folder:
        path = whole.to_parquet(whole.make_export(Path(folder), millions))
        for size in (131_072, 262_144):
            args = ["audit", "--today", "2026-11-23", "--batch-size", str(size), "--format", "json"]
            command = [policy_lint, *args, str(whole.POLICY), str(path)]
            found = [whole.measure(command) for _ in range(runs)]
            seconds = statistics.median(f[1] for f in found)
            show(
                "parquet-batch",
                f"{millions} M rows, whole audit, batches of {size:,}: "
                f"{seconds:.2f} s, {max(f[2] for f in found):.0f} MB",
            )


def jsonl_block(millions: int, runs: int) -> None:
    """jsonl.py: JSON Lines in blocks of at most 8 MiB."""
    with tempfile.TemporaryDirectory() as folder:
        csv = whole.make_export(Path(folder), millions)
        path = Path(folder) / "tickets.jsonl"
        with csv.open(newline="") as source, path.open("w") as sink:
            for row in csv_module.DictReader(source):  # every value text, as an export's
                sink.write(json.dumps({k: v for k, v in row.items() if v}) + "\n")
        for size in (8 << 20, 16 << 20):
            figure = _median(runs, STREAM, str(path), str(size))
            show(
                "jsonl-block",
                f"{millions} M rows read and validated, blocks of {size >> 20} MiB: {figure}",
            )


SLOW: dict[str, Callable[[int, int], None]] = {
    "parquet-read": parquet_read,
    "parquet-threads": parquet_threads,
    "parquet-batch": parquet_batch,
    "jsonl-block": jsonl_block,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="measurements to run (default: the quick ones)")
    parser.add_argument("--millions", type=int, default=1, help="rows of a slow one's export")
    parser.add_argument("--runs", type=int, default=3, help="processes a slow figure (median)")
    args = parser.parse_args()
    chosen: list[str] = args.names or list(QUICK)
    unknown = [name for name in chosen if name not in QUICK and name not in SLOW]
    if unknown:
        parser.error(f"no measurement is called {unknown[0]!r}: {', '.join([*QUICK, *SLOW])}")
    print(f"python {sys.version.split()[0]}, pyarrow {pa.__version__}, numpy {np.__version__}")
    for name in chosen:
        if name in QUICK:
            QUICK[name]()
        else:
            SLOW[name](args.millions, args.runs)


if __name__ == "__main__":
    main()
