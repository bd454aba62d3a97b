"""Benchmark duplicate ticket-id detection on generated ids: the SeenKeys path the audit takes.

Four shapes of id, every id unique, fed in batches of 131,072 (the reader's batch size).
`fingerprints` and `order` (order_keys: a batch's keys put in order, its own duplicates found,
unless its ids ascend) run on the audit's worker threads, batches at once; `keep first`
(keep_first) is what must run batch after batch, in order, on one thread (runs are merged on
a thread of their own, as the audit merges them on its workers). The shapes of id:
`generated` ("P00-T0000001": 12 bytes, a key and a check each, ascending as a helpdesk numbers
them), `shuffled` (the same ids in a random order: every batch is put in order and looked up),
`numeric` ("10000001": 8 bytes, exact keys, no check, ascending) and `variable` ("T1", "ZD-2",
"fd/ticket-3", "Ärzte-4", "support.example.com/requests/5": 2 to 37 bytes, some not ASCII, in no
order). Each batch is made just before it is timed and dropped after, so the peak RSS is the
interpreter, one batch and the set of ids seen so far. Each (shape, size) runs in its own process
(clean ru_maxrss), `--runs` times; the figures printed are the medians. `structure` is
SeenKeys.nbytes: what the set itself holds in memory; `on disk`: the keys of ascending batches,
kept in a temporary file while the ids ascend (no Bloom filter then either).

Run `.venv/bin/python bench/keys.py` (1, 3 and 10 million ids of every shape, 3 runs each: about
three minutes), or e.g. `.venv/bin/python bench/keys.py --shapes generated --sizes 10000000
--runs 5`.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from policy_lint.audit.tickets.fingerprints import fingerprints
from policy_lint.audit.tickets.ordered_keys import order_keys
from policy_lint.audit.tickets.seen_keys import SeenKeys

BATCH = 131_072
SHAPES = ("generated", "shuffled", "numeric", "variable")
SIZES = (1_000_000, 3_000_000, 10_000_000)
PREFIXES = ("T", "ZD-", "fd/ticket-", "Ärzte-", "support.example.com/requests/")


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """The decimal digits of non-negative integers as ASCII bytes, zero-padded: (n, width)."""
    out = np.empty((len(values), width), dtype=np.uint8)
    rest = values.astype(np.int64)
    for column in range(width - 1, -1, -1):
        out[:, column] = 48 + rest % 10
        rest //= 10
    return out


def _fixed(matrix: np.ndarray) -> pa.Array:
    """A string array of equal-length ids from their bytes, one row each."""
    count, width = matrix.shape
    offsets = np.arange(0, (count + 1) * width, width, dtype=np.int32)
    data = pa.py_buffer(np.ascontiguousarray(matrix).tobytes())
    return pa.Array.from_buffers(pa.string(), count, [None, pa.py_buffer(offsets), data])


def ids(shape: str, start: int, count: int) -> pa.Array:
    """Ids start … start+count-1 of one shape (each id a different number: all unique)."""
    number = np.arange(start, start + count, dtype=np.int64)
    if shape == "shuffled":  # a permutation of the numbers: 10 M ids in any order, none twice
        number = (number * 7_919_993 + 12_345) % 100_000_000
    if shape in ("generated", "shuffled"):  # P00-T0000000 … P99-T9999999
        matrix = np.empty((count, 12), dtype=np.uint8)
        matrix[:, 0], matrix[:, 3], matrix[:, 4] = ord("P"), ord("-"), ord("T")
        matrix[:, 1:3] = _digits(number // 10_000_000, 2)
        matrix[:, 5:] = _digits(number % 10_000_000, 7)
        return _fixed(matrix)
    if shape == "numeric":  # 10000000 … 99999999
        return _fixed(_digits(number + 10_000_000, 8))
    prefix = pa.array(PREFIXES, pa.string()).take(pa.array(number % len(PREFIXES)))
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(number), pa.string()), "")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(shape: str, size: int, batch: int) -> dict[str, float]:
    """Time fingerprints, order and keep_first over `size` ids of one shape, in this process."""
    ids(shape, 0, 1000)  # imports and first calls done before the baseline
    base = _peak_mb()
    merger = ThreadPoolExecutor(1)  # as in the audit, runs are merged on another thread
    seen = SeenKeys(submit=merger.submit)
    hashing = ordering = keeping = 0.0
    duplicates = 0
    for start in range(0, size, batch):
        chunk = ids(shape, start, min(batch, size - start))
        began = time.perf_counter()
        key, check = fingerprints(chunk)
        hashed = time.perf_counter()
        ordered = order_keys(key, check, chunk)
        sorted_at = time.perf_counter()
        duplicate = seen.keep_first(ordered)
        keeping += time.perf_counter() - sorted_at
        ordering += sorted_at - hashed
        hashing += hashed - began
        duplicates += int(duplicate.sum())
    merger.shutdown()
    if duplicates or seen.count != size:
        raise SystemExit(f"wrong answer: {duplicates} duplicates, {seen.count} ids kept")
    nbytes = getattr(seen, "nbytes", 0)
    return {
        "fingerprints": hashing,
        "order": ordering,
        "keep first": keeping,
        "peak_mb": _peak_mb(),
        "base_mb": base,
        "structure_mb": nbytes / 2**20,
        "bytes_per_id": nbytes / size,
        "disk_mb": seen.disk_bytes / 2**20,
    }


def _run(shape: str, size: int, batch: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", shape, "--sizes", str(size)]
    done = subprocess.run([*command, "--batch", str(batch)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def main() -> None:
    """Each (shape, size) in its own process, `--runs` times; print the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--sizes", nargs="+", type=int, default=list(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument("--measure", choices=SHAPES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.sizes[0], args.batch)))
        return
    print(f"batches of {args.batch:,} ids; medians of {args.runs} runs, each in its own process")
    print(
        f"{'shape':>9} {'ids':>11} {'fingerprints':>16} {'order':>16} {'keep first':>16}"
        f" {'total':>16}"
        f" {'peak RSS':>9} {'base':>6} {'structure':>10} {'':>12} {'on disk':>9}"
    )
    for shape in args.shapes:
        for size in args.sizes:
            runs = [_run(shape, size, args.batch) for _ in range(args.runs)]

            def median(name: str, runs: list[dict[str, float]] = runs) -> float:
                return statistics.median(run[name] for run in runs)

            parts = [median(name) for name in ("fingerprints", "order", "keep first")]
            total = statistics.median(
                run["fingerprints"] + run["order"] + run["keep first"] for run in runs
            )
            cells = [
                f"{seconds:6.3f} s {seconds / size * 1e9:4.0f} ns" for seconds in (*parts, total)
            ]
            columns = " ".join(f"{cell:>16}" for cell in cells)
            print(
                f"{shape:>9} {size:>11,} {columns}"
                f" {median('peak_mb'):6.0f} MB {median('base_mb'):3.0f} MB"
                f" {median('structure_mb'):5.1f} MB ({median('bytes_per_id'):4.1f} B/id)"
                f" {median('disk_mb'):6.1f} MB"
            )


if __name__ == "__main__":
    main()
