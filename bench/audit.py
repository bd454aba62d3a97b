"""Benchmark `policy-lint audit` on large canonical exports of the bundled English policy.

Prints, for 1, 3 and 10 million rows: the audit's wall time and peak RSS on CSV, the time
pyarrow alone takes to read the same CSV (the floor), their ratio, and the audit of the same
tickets as Parquet. Each figure is one whole process (`policy-lint audit`), measured from outside.

    python bench/audit.py [ROWS_IN_MILLIONS …]       (default: 1 3 10)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "policies" / "acme-en.yaml"
PYTHON = sys.executable
CHUNK = 1_000_000
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "wall = time.perf_counter() - start\n"
    "print(code, wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
READ = "import sys, pyarrow.csv as c; c.read_csv(sys.argv[1])"


def measure(command: list[str]) -> tuple[int, float, float]:
    """Exit code, wall seconds and peak RSS (MB) of one command, in its own process."""
    done = subprocess.run([PYTHON, "-c", MEASURE, *command], capture_output=True, text=True)
    out = done.stdout.split()
    if int(out[0]) not in (0, 1):
        print(done.stderr.strip().splitlines()[-1], file=sys.stderr)
    return int(out[0]), float(out[1]), int(out[2]) / 1024


def make_export(folder: Path, millions: int) -> Path:
    """A canonical CSV of `millions` million tickets, written a million at a time."""
    sys.path.insert(0, str(ROOT / "bench"))
    import numpy as np
    import pyarrow.csv as pacsv
    from sample_export import canonical, generate, iso

    path = folder / f"tickets-{millions}m.csv"
    with path.open("wb") as sink:
        for part in range(millions):
            table = generate(CHUNK, seed=2026 + part)
            table["ticket_id"] = np.char.add(f"P{part:02}-", table["ticket_id"])
            table["created_at_text"] = iso(table["created_at"])
            options = pacsv.WriteOptions(include_header=part == 0)
            pacsv.write_csv(canonical(table), sink, write_options=options)
    return path


def to_parquet(csv: Path) -> Path:
    """The same export as Parquet, row groups of a million rows."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    target = csv.with_suffix(".parquet")
    options = pacsv.ConvertOptions(column_types={}, strings_can_be_null=False)
    reader = pacsv.open_csv(csv, convert_options=options)
    with pq.ParquetWriter(target, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch, row_group_size=CHUNK)
    return target


def html_report(csv: Path) -> tuple[int, float]:
    """The size of the HTML report of this audit, and the time its reporter takes."""
    import datetime as dt

    from policy_lint.audit import AuditRequest, run_audit
    from policy_lint.report import AUDIT_FORMATS

    report = run_audit(AuditRequest(POLICY, [csv], dt.date(2026, 11, 23)))
    start = time.perf_counter()
    page = AUDIT_FORMATS["html"](report)
    return len(page.encode()), time.perf_counter() - start


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1, 3, 10]
    audit = [
        str(Path(PYTHON).parent / "policy-lint"),
        "audit",
        "--today",
        "2026-11-23",
        "--format",
        "json",
        str(POLICY),
    ]
    print(f"policy: {POLICY.name}; python {sys.version.split()[0]}; one process a figure")
    print(
        f"{'rows':>6} {'CSV MB':>7} {'audit s':>8} {'RSS MB':>7} {'read s':>7} {'ratio':>6} "
        f"{'parquet s':>9} {'RSS MB':>7} {'rows/s':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for millions in sizes:
            start = time.perf_counter()
            csv = make_export(Path(tmp), millions)
            made = time.perf_counter() - start
            code, seconds, rss = measure([*audit, str(csv)])
            if code not in (0, 1):
                raise SystemExit(f"the audit of {csv.name} failed with exit {code}")
            _, read, _ = measure([PYTHON, "-c", READ, str(csv)])
            parquet = to_parquet(csv)
            _, pq_seconds, pq_rss = measure([*audit, str(parquet)])
            size = csv.stat().st_size / 1e6
            print(
                f"{millions:>5}M {size:7.0f} {seconds:8.2f} {rss:7.0f} {read:7.2f} "
                f"{seconds / read:6.2f} {pq_seconds:9.2f} {pq_rss:7.0f} "
                f"{millions * 1e6 / seconds:10,.0f}   (exit {code}; export made in {made:.0f} s)"
            )
            html_size, html_seconds = html_report(csv)
            print(
                f"{'':>6} HTML report: {html_size / 1024:.0f} KiB, rendered in "
                f"{html_seconds * 1000:.1f} ms (it holds no row: it must not grow with rows)"
            )
            csv.unlink()
            parquet.unlink()


if __name__ == "__main__":
    main()
