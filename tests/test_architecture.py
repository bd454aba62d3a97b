"""The three wings depend one way: import-linter's contracts in pyproject.toml, checked here so that
`make test` (and a plain `pytest`) fails on an import that crosses them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_the_wings_keep_their_contracts() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    ran = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-2000:]
    assert "Contracts: 3 kept, 0 broken." in ran.stdout


def test_check_without_history_never_imports_the_audit_wing() -> None:
    """PL901 is the audit wing's rule; the lint wing has only its silent stand-in."""
    code = (
        "import sys; from policy_lint.lint.catalogue import builtin_rules;"
        "from policy_lint.lint.config import Settings;"
        "from policy_lint.lint.linter import lint_paths;"
        "import datetime as dt; from pathlib import Path;"
        f"lint_paths([Path({str(ROOT / 'policies' / 'acme-en.yaml')!r})], builtin_rules(),"
        " Settings(today=dt.date(2026, 11, 23)));"
        "wings = ('policy_lint.audit', 'policy_lint.publish');"
        "print(sorted(m for m in sys.modules if m.startswith(wings)))"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "[]"
