"""How the command line is put together: shared helpers by public name, commands loaded lazily."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

PACKAGE = ROOT / "policy_lint"


def test_no_module_imports_another_modules_private_name() -> None:
    # the command modules took _write, _split, _colour and _pair from app.py; what modules share
    # is public (cli/options.py), so a leading underscore means "this module's own"
    borrowed = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {alias.name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("policy_lint")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert borrowed == []
