"""Benchmark the ticket side of the audit: read + adapt + validate a generated canonical CSV.

Prints rows per second and peak RSS (resource.getrusage, each measurement in its own process)
for policy-lint's TicketStream and, beside it, pyarrow's bare `pyarrow.csv.read_csv` of the same
file. Run `python bench/read.py [ROWS]` (default 1,000,000 rows, about 110 MB).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

from policy_lint.audit.tickets import open_tickets

CHANNELS = np.array(["email", "phone", "chat", "social", "web_form", "in_person"])
PRIORITIES = np.array(["low", "normal", "high", "urgent", ""])
START = int(np.datetime64("2026-01-01T00:00:00", "s").astype(np.int64))


def _iso(seconds: np.ndarray) -> pa.Array:
    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    return pa.array(np.char.add(text, "Z"))


def generate(rows: int, path: Path, chunk: int = 1_000_000) -> None:
    """A canonical export: ids T0000000…, random channels, priorities and times (UTC, `Z`)."""
    rng = np.random.default_rng(7)
    with pcsv.CSVWriter(path, _schema()) as writer:
        for start in range(0, rows, chunk):
            count = min(chunk, rows - start)
            created = START + rng.integers(0, 300 * 86400, count)
            first = created + rng.integers(30, 2 * 86400, count)
            ids = np.char.add("T", np.char.zfill(np.arange(start, start + count).astype(str), 7))
            columns = {
                "ticket_id": pa.array(ids),
                "channel": pa.array(CHANNELS[rng.integers(0, 6, count)]),
                "priority": pa.array(PRIORITIES[rng.integers(0, 5, count)]),
                "created_at": _iso(created),
                "first_response_at": _iso(first),
                "resolved_at": _iso(first + rng.integers(60, 5 * 86400, count)),
                "acknowledged_at": pa.nulls(count, pa.string()),
                "is_complaint": pa.array(np.where(rng.random(count) < 0.02, "true", "false")),
            }
            writer.write_table(pa.table(columns, schema=_schema()))


def _schema() -> pa.Schema:
    names = ["ticket_id", "channel", "priority", "created_at", "first_response_at"]
    names += ["resolved_at", "acknowledged_at", "is_complaint"]
    return pa.schema([(name, pa.string()) for name in names])


def run_ours(path: Path) -> int:
    """Stream the file through read → adapt → validate; the accepted rows."""
    stream = open_tickets([path], source="canonical")
    return sum(len(batch.row) for batch in stream)


def run_bare(path: Path) -> int:
    """pyarrow's own CSV reader, types inferred, the whole file in memory."""
    return int(pcsv.read_csv(path).num_rows)


def measure(kind: str, path: Path) -> None:
    """Run one reader in this process and print its seconds, rows and peak RSS (imports done)."""
    start = time.perf_counter()
    rows = run_ours(path) if kind == "ours" else run_bare(path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{kind} {seconds:.3f} {rows} {peak:.0f}")


def main() -> None:
    """Generate the file once, then measure each reader in a fresh process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--measure", choices=["ours", "bare", "generate"])
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    if args.measure == "generate":
        generate(args.rows, args.file)
    elif args.measure:
        measure(args.measure, args.file)
    else:
        _compare(args.rows)


def _compare(rows: int) -> None:
    """Each step in its own process: peak RSS passes through fork, so the parent stays small."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tickets.csv"
        generate_it = [sys.executable, __file__, str(rows), "--measure", "generate"]
        subprocess.run([*generate_it, "--file", str(path)], check=True)
        size = path.stat().st_size / 1e6
        print(f"{rows:,} rows, {size:.0f} MB: {path.name}")
        for kind in ("ours", "bare"):
            command = [sys.executable, __file__, "--measure", kind, "--file", str(path)]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            _, seconds, read, peak = done.stdout.split()
            rate = int(read) / float(seconds)
            label = "read+adapt+validate" if kind == "ours" else "pyarrow.csv.read_csv"
            print(f"{label:>22}: {float(seconds):6.2f} s  {rate:>12,.0f} rows/s  {peak:>5} MB RSS")


if __name__ == "__main__":
    main()
