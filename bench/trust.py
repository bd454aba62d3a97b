"""What the trust boundary costs: the repository check on every file opened, and plugin loading.

Prints, for files in a git repository nested some folders deep, the time to open and read each
through `regular.read_capped` (which first asks whether the name leads out of its repository)
beside `Path.read_bytes`, and the repository check alone; then the wall time of `policy-lint
check` on one policy with a rule plugin installed outside the repository, beside the same run
without it. Medians of several runs.

    .venv/bin/python bench/trust.py [FILES]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from policy_lint.regular import read_capped
from policy_lint.repository import leaves_repository

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "policies" / "acme-en.yaml"
RUNS = 7


def per_file(files: list[Path], read: Callable[[Path], object]) -> float:
    """Median microseconds a file, over RUNS passes over all of them."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for path in files:
            read(path)
        times.append((time.perf_counter() - start) / len(files) * 1e6)
    return statistics.median(times)


def whole_run(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Median seconds of a whole `policy-lint` process."""
    command = [str(Path(sys.executable).parent / "policy-lint"), *args]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    text = POLICY.read_bytes()
    with tempfile.TemporaryDirectory() as temporary:
        repo = Path(temporary) / "repo"
        (repo / ".git").mkdir(parents=True)
        folder = repo / "a" / "b" / "policies"
        folder.mkdir(parents=True)
        files = []
        for index in range(count):
            path = folder / f"p{index}.yaml"
            path.write_bytes(text)
            files.append(path)
        plain = per_file(files, Path.read_bytes)
        capped = per_file(files, lambda path: read_capped(path, 5_000_000))
        check = per_file(files, leaves_repository)
        print(f"{count} files of {len(text):,} bytes, 3 folders below the repository's root:")
        print(f"  Path.read_bytes          {plain:7.1f} µs a file")
        print(f"  regular.read_capped      {capped:7.1f} µs a file")
        print(f"  the repository check     {check:7.1f} µs a file ({check * count / 1000:.1f} ms)")

        site = Path(temporary) / "site"
        sys.path.insert(0, str(ROOT))
        from tests.hostile.test_trust import fake_plugin

        fake_plugin(site, "acme_rules_bench", Path(temporary) / "ran")
        env = dict(os.environ, PYTHONPATH=str(site))
        base = ["check", "--today", "2026-11-23", "--select", "ACME,PL1", "a/b/policies/p0.yaml"]
        without = whole_run(base, repo, env)
        loaded = whole_run([*base[:-1], "--plugin", "acme", base[-1]], repo, env)
        print(f"check on one policy: {without * 1000:.0f} ms; loading a plugin installed outside")
        print(f"  the repository (found, checked, imported): {loaded * 1000:.0f} ms")


if __name__ == "__main__":
    main()
