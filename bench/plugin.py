"""What the pytest plugin costs a pytest run that does not use it (no --tickets).

Prints the import time of `policy_lint.pytest_plugin` (python -X importtime), what it imports,
and the wall time of collecting this repository's test suite with the plugin and with it
disabled (`-p no:policy_lint`), medians of several whole runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 15


def import_cost() -> tuple[float, list[str]]:
    """Cumulative import time of the plugin module (ms) and the top-level modules it pulls in."""
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            "import pytest; import policy_lint.pytest_plugin",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    total, names = 0.0, []
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and "policy_lint" in parts[2]:
            names.append(parts[2].strip())
            if parts[2].strip() == "policy_lint.pytest_plugin":
                total = int(parts[1]) / 1000
    return total, names


def collect(folder: Path, *extra: str) -> float:
    """Median wall seconds of a whole `pytest -q` run of a project that does not audit."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra],
            cwd=folder,
            capture_output=True,
            check=False,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    total, names = import_cost()
    print(f"import policy_lint.pytest_plugin: {total:.1f} ms; modules: {', '.join(names)}")
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pytest, sys; import policy_lint.pytest_plugin; "
            "print([m for m in ('numpy', 'pyarrow', 'policy_lint.audit.run') if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"heavy modules imported by the plugin: {heavy}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "test_plain.py").write_text("def test_ok():\n    assert True\n")
        (folder / "policy.yaml").write_text("service_levels: []\n")  # a policy it must ignore
        with_plugin, without = collect(folder), collect(folder, "-p", "no:policy_lint")
    print(
        f"a pytest run of a project with a policy file and one test: {with_plugin:.3f} s with "
        f"the plugin, {without:.3f} s without: {(with_plugin - without) * 1000:+.1f} ms "
        f"(median of {RUNS})"
    )


if __name__ == "__main__":
    main()
