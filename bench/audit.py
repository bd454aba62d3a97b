"""Benchmark `policy-lint audit` on large canonical exports of the bundled English policy.

Prints, for 1, 3 and 10 million rows: the audit's wall time and peak RSS on CSV, the time
pyarrow alone takes to read the same CSV (the floor), their ratio, and the audit of the same
tickets as Parquet. Each figure is one whole process (`policy-lint audit`), measured from outside.

    python bench/audit.py [--repeat N] [--against POLICY_LINT] [ROWS_IN_MILLIONS …]
                                                                  (default: 1 3 10, 3 runs)

`--against` names another checkout of policy-lint (its folder: say the last release's, from
`git worktree add`), run by this same Python and packages so that only the code differs, or
another `policy-lint` executable: each figure is then measured for both on the same files, their
runs interleaved so that the machine's drift over the session falls on both alike, and printed
side by side. (Two virtual environments of the same packages were seen here to differ by up to
5 % on the same code: compare checkouts, not environments.)

Two floors for CSV: `pyarrow.csv.read_csv` (the whole file into one table, types inferred: the
floor the issue names) and pyarrow's streaming reader with every column as text, which is what
the audit's reader does first and the honest floor of a streamed audit.
"""

from __future__ import annotations

import argparse
import os
import statistics
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
PARQUET = "import sys, pyarrow.parquet as q; q.read_table(sys.argv[1])"
# the floor of a streamed reader: pyarrow's streaming CSV reader, every column as text, as ours
STREAM = (
    "import sys, pyarrow as pa, pyarrow.csv as c\n"
    "names = c.open_csv(sys.argv[1]).schema.names\n"
    "kinds = c.ConvertOptions(column_types={n: pa.string() for n in names})\n"
    "for _ in c.open_csv(sys.argv[1], convert_options=kinds): pass\n"
)


def installed_env() -> dict[str, str]:
    """The environment of an installed tool: byte-code written and reused, as pip leaves it."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(command: list[str]) -> tuple[int, float, float]:
    """Exit code, wall seconds and peak RSS (MB) of one command, in its own process."""
    done = subprocess.run(
        [PYTHON, "-c", MEASURE, *command], capture_output=True, text=True, env=installed_env()
    )
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
    """The same export as Parquet, as a helpdesk or pandas would write it: typed columns
    (timestamps as timestamps), row groups of a million rows."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    target = csv.with_suffix(".parquet")
    options = pacsv.ConvertOptions(column_types={}, strings_can_be_null=False)
    reader = pacsv.open_csv(csv, convert_options=options)
    with pq.ParquetWriter(target, reader.schema) as writer:
        pending: list[pa.RecordBatch] = []
        for batch in reader:
            pending.append(batch)
            if sum(len(b) for b in pending) >= CHUNK:
                writer.write_table(pa.Table.from_batches(pending), row_group_size=CHUNK)
                pending = []
        if pending:
            writer.write_table(pa.Table.from_batches(pending), row_group_size=CHUNK)
    return target


def html_report(csv: Path) -> tuple[int, float]:
    """The size of the HTML report of this audit, and the time its reporter takes."""
    import datetime as dt

    from policy_lint.audit.run import AuditRequest, run_audit
    from policy_lint.report import AUDIT_FORMATS

    report = run_audit(AuditRequest(POLICY, [csv], dt.date(2026, 11, 23)))
    start = time.perf_counter()
    page = AUDIT_FORMATS["html"](report)
    return len(page.encode()), time.perf_counter() - start


def median_of(runs: int, command: list[str]) -> tuple[int, float, float]:
    """Exit code, median wall seconds and the largest peak RSS of `runs` runs of a command."""
    return medians(runs, [command])[0]


def medians(runs: int, commands: list[list[str]]) -> list[tuple[int, float, float]]:
    """For each command: its exit code, median wall seconds and largest peak RSS over `runs`
    runs, the commands' runs interleaved (a, b, a, b…), so that drift falls on all alike."""
    figures: list[list[tuple[int, float, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for found, command in zip(figures, commands, strict=True):
            found.append(measure(command))
    return [
        (found[0][0], statistics.median(f[1] for f in found), max(f[2] for f in found))
        for found in figures
    ]


# another checkout's policy-lint run by this Python: its folder first on the path
CHECKOUT = "import sys; sys.path.insert(0, {!r}); from policy_lint.cli import main; main()"


def against(other: Path) -> list[str]:
    """The command of the other policy-lint: a checkout's folder, or an executable."""
    if other.is_dir():
        return [PYTHON, "-c", CHECKOUT.format(str(other.resolve()))]
    return [str(other)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("millions", nargs="*", type=int, default=[1, 3, 10])
    parser.add_argument("--repeat", type=int, default=3, help="runs a figure (median)")
    parser.add_argument("--against", type=Path, help="another policy-lint to measure beside")
    args = parser.parse_args()
    options = ["audit", "--today", "2026-11-23", "--format", "json", str(POLICY)]
    audit = [str(Path(PYTHON).parent / "policy-lint"), *options]
    other = [*against(args.against), *options] if args.against else None
    # one audit first, so that byte-code is written and every figure reuses it
    for command in (audit, other):
        if command is not None:
            measure([*command, str(ROOT / "bench" / "samples" / "acme-tickets.csv")])
    print(
        f"policy: {POLICY.name}; python {sys.version.split()[0]}; {os.cpu_count()} cores; "
        f"each figure the median of {args.repeat} processes, peak RSS the largest"
    )
    print(
        f"{'rows':>6} {'input':>8} {'MB':>6} {'audit s':>8} {'RSS MB':>7} {'rows/s':>11}  "
        "pyarrow alone, same file"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for millions in args.millions:
            start = time.perf_counter()
            csv = make_export(Path(tmp), millions)
            parquet = to_parquet(csv)
            made = time.perf_counter() - start
            for path, floors in ((csv, (READ, STREAM)), (parquet, (PARQUET,))):
                commands = [[*audit, str(path)]] + ([[*other, str(path)]] if other else [])
                found = medians(args.repeat, commands)
                _, seconds, rss = found[0]
                if any(f[0] not in (0, 1) for f in found):
                    raise SystemExit(f"an audit of {path.name} failed: {[f[0] for f in found]}")
                bare = [median_of(args.repeat, [PYTHON, "-c", f, str(path)])[1] for f in floors]
                names = ("read_csv", "streamed as text") if path == csv else ("read_table",)
                alone = ", ".join(
                    f"{name} {b:.2f} s (audit {seconds / b:.2f}x)"
                    for name, b in zip(names, bare, strict=True)
                )
                print(
                    f"{millions:>5}M {path.suffix[1:]:>8} {path.stat().st_size / 1e6:6.0f} "
                    f"{seconds:8.2f} {rss:7.0f} {millions * 1e6 / seconds:11,.0f}  {alone}"
                )
                if other:
                    _, theirs, their_rss = found[1]
                    print(
                        f"{'':>6} {'':>8} {'':>6} {theirs:8.2f} {their_rss:7.0f} "
                        f"{millions * 1e6 / theirs:11,.0f}  {args.against} on the same file, "
                        f"runs interleaved: this one takes {seconds / theirs:.3f}x its time"
                    )
            html_size, html_seconds = html_report(csv)
            print(
                f"{'':>6} exports made in {made:.0f} s; HTML report {html_size / 1024:.0f} KiB, "
                f"rendered in {html_seconds * 1000:.1f} ms (it holds no row: it must not grow)"
            )
            csv.unlink()
            parquet.unlink()


if __name__ == "__main__":
    main()
