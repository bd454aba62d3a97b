"""Benchmark `policy-lint check`: one policy and a 300-policy corpus, beside check-jsonschema.

Prints wall and CPU times (median of several runs, whole processes, the two tools taking turns),
the ratio to check-jsonschema on the same files, the import-time totals of the `check` path (and
proof that no ticket-data module such as numpy or pyarrow is imported there), and the time each
python rule takes over the corpus.
Run with `make bench` (installs check-jsonschema from the `bench` extra).

Then `check` on policies of 5 MB, the largest a policy may be, full of findings in the shapes
that cost most (one line, a folded block, quoted with escapes, placeholders, and suppressions of
single lines, which make every finding placed): each must take at most 10 s, its time growing
linearly with the size. `python bench/check.py --huge` runs only that part.
"""

from __future__ import annotations

import compileall
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SOURCE = ROOT / "policies" / "acme-en.yaml"
HEAVY = ("numpy", "pyarrow", "pandas")


def installed_env() -> dict[str, str]:
    """The environment of an installed tool: byte-code written and reused, as pip leaves it."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def side_by_side(commands: list[list[str]], runs: int) -> list[tuple[float, float]]:
    """Median wall and CPU seconds of each whole command, after one warm-up run each. The
    commands take turns, round after round (each round starting one further on), so that a
    machine busy with other work slows them alike and their ratio holds where their times move."""
    for command in commands:
        run_measured(command)
    samples: list[list[tuple[float, float]]] = [[] for _ in commands]
    for round_ in range(runs):
        first = round_ % len(commands)
        for index in [*range(first, len(commands)), *range(first)]:
            samples[index].append(run_measured(commands[index])[:2])
    return [
        (statistics.median(wall for wall, _ in own), statistics.median(cpu for _, cpu in own))
        for own in samples
    ]


def make_corpus(folder: Path, count: int) -> list[Path]:
    """`count` distinct policies, each the example policy with its own id and targets."""
    text = SOURCE.read_text(encoding="utf-8")
    paths = []
    for index in range(count):
        variant = re.sub(r"^id: .*$", f"id: corpus-{index:03}", text, count=1, flags=re.M)
        variant = variant.replace("within: 8h", f"within: {8 + index % 5}h")
        path = folder / f"policy-{index:03}.yaml"
        path.write_text(variant, encoding="utf-8")
        paths.append(path)
    return paths


def import_times() -> tuple[float, list[str]]:
    """Total import time of `policy-lint check` on one file, and any heavy module it imported."""
    command = [sys.executable, "-X", "importtime", "-m", "policy_lint", "check", str(SOURCE)]
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env=installed_env()
    )
    total, heavy = 0, []
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].strip()
            if (
                not name.startswith(" ")
                and parts[2].startswith(" ")
                and not parts[2][1:2].isspace()
            ):
                total += int(parts[1])
            if name.split(".")[0] in HEAVY:
                heavy.append(name)
    return total / 1e6, heavy


def rule_times(paths: list[Path]) -> list[tuple[str, float]]:
    """Seconds each python rule takes over the corpus (documents loaded once)."""
    from policy_lint.lint.checks import CHECKS, Context
    from policy_lint.lint.load import load_path

    ctx = Context(today=dt.date(2026, 11, 23))
    docs = [doc for doc in (load_path(path).document for path in paths) if doc is not None]
    timings = []
    for name, check in CHECKS.items():
        start = time.perf_counter()
        for doc in docs:
            for _ in check(doc, ctx):
                pass
        timings.append((name, time.perf_counter() - start))
    return sorted(timings, key=lambda item: -item[1])


HUGE_TARGET = 10.0  # seconds `check` may take on a policy of the largest size
SUPPRESSION = '# policy-lint: disable=PL202 reason="bench"\n'


def huge_shapes(size: int) -> dict[str, str]:
    """Policies of about `size` bytes that are all findings, by the shape that makes them."""
    from policy_lint.lint.load import MAX_BYTES

    size = min(size, MAX_BYTES) - 200
    head = "format: 1\nid: huge\ntitle: Huge\n"
    line = "  we answer asap and reply promptly\n"
    suppressed = "  asap asap asap asap asap  " + SUPPRESSION
    return {
        "one line of vague words": head + "purpose: " + "we answer asap " * (size // 15),
        "a folded block of them": head + "purpose: >\n" + line * (size // len(line)),
        "double-quoted, escapes": head
        + 'purpose: "'
        + 'we \\"answer\\" asap ' * (size // 20)
        + '"',
        "placeholders": head + "purpose: '" + "[X] " * (size // 4) + "'",
        "every line suppressed": head + "purpose: |\n" + suppressed * (size // len(suppressed)),
        "suppressed, not its lines": head
        + SUPPRESSION
        + "purpose: >\n"
        + line * (size // len(line)),
    }


def run_measured(command: list[str]) -> tuple[float, float, float, str]:
    """Wall and CPU seconds, peak resident megabytes and the last line of output of a process
    (the CPU time says what the wall time means on a machine that is busy with other work)."""
    start = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=installed_env()
    ) as child:
        out = child.stdout.read() if child.stdout else b""
        _, _, usage = os.wait4(child.pid, 0)
        child.returncode = 0  # reaped above; Popen must not wait for it again
    seconds = time.perf_counter() - start
    last = out.decode("utf-8", "replace").rstrip("\n").rsplit("\n", 1)[-1]
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, last


def huge(lint: list[str], folder: Path) -> None:
    """`check` on the largest policies, and on a tenth of them to show the growth is linear."""
    print(f"check on policies full of findings (target <= {HUGE_TARGET:.0f} s at 5 MB):")
    for fraction in (10, 1):
        for name, text in huge_shapes(5 * 1024 * 1024 // fraction).items():
            path = folder / "huge.yaml"
            path.write_text(text, encoding="utf-8")
            runs = [run_measured([*lint, str(path)]) for _ in range(3)]
            seconds = statistics.median(run[0] for run in runs)
            cpu = statistics.median(run[1] for run in runs)
            memory = max(run[2] for run in runs)
            mb = len(text.encode()) / 1e6
            print(
                f"  {name:26} {mb:5.2f} MB {seconds:6.2f} s ({cpu:5.2f} s CPU) "
                f"{memory:4.0f} MB peak  {runs[0][3]}"
            )


def main() -> None:
    compileall.compile_dir(ROOT / "policy_lint", quiet=1)  # pip compiles an installed package too
    lint = [str(BIN / "policy-lint"), "check", "--today", "2026-11-23"]
    if "--huge" in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as tmp:
            huge(lint, Path(tmp))
        return
    other = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    schema = str(ROOT / "schemas" / "policy.schema.json")
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), 300)
        lines = len(SOURCE.read_text().splitlines())
        print(f"corpus: 300 policies of {lines} lines; python {sys.version.split()[0]}")
        one, every = [[*lint, str(paths[0])]], [[*lint, tmp]]
        if other:
            one.append([other, "--schemafile", schema, str(paths[0])])
            every.append([other, "--schemafile", schema, *map(str, paths)])
        times_one, times_all = side_by_side(one, 15), side_by_side(every, 3)
        for name, (seconds, cpu), (all_seconds, all_cpu) in zip(
            ["policy-lint check", "check-jsonschema"], times_one, times_all, strict=False
        ):
            print(f"{name + ', 1 policy:':34}{seconds * 1000:7.0f} ms ({cpu * 1000:4.0f} ms CPU)"
                  + (" (target <= 250 ms)" if name == "policy-lint check" else ""))  # fmt: skip
            print(f"{name + ', 300 policies:':34}{all_seconds:7.2f} s  ({all_cpu:5.2f} s CPU)")
        if other:
            (ours, ours_cpu), (theirs, theirs_cpu) = times_one
            (ours_all, _), (theirs_all, _) = times_all
            print(f"ratio, 1 policy:     {ours / theirs:5.2f} (CPU {ours_cpu / theirs_cpu:4.2f}; "
                  "target <= 0.7)")  # fmt: skip
            print(f"ratio, 300 policies: {ours_all / theirs_all:5.2f} (target <= 0.5)")
        else:
            print(
                "check-jsonschema is not installed: `pip install -e '.[bench]'` for the comparison"
            )
        total, heavy = import_times()
        print(f"import time of the check path: {total * 1000:.0f} ms (python -X importtime)")
        print(f"ticket-data modules imported by check: {', '.join(heavy) or 'none'}")
        print("slowest python rules over the corpus:")
        for name, seconds in rule_times(paths)[:5]:
            print(f"  {name:28} {seconds * 1000:8.2f} ms  ({seconds / 300 * 1e6:6.1f} µs a policy)")
        huge(lint, Path(tmp))


if __name__ == "__main__":
    main()
