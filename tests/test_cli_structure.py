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


def test_only_the_entry_points_import_the_command_line() -> None:
    # the pytest plugin took parse_instant from policy_lint.cli, loading click and every command
    # to read --as-of; what both sides read is in a neutral module (values.parse_instant)
    importers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.parent.name != "cli"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("policy_lint.cli"))
        or (
            isinstance(node, ast.Import)
            and any(alias.name.startswith("policy_lint.cli") for alias in node.names)
        )
    )
    assert importers == ["__main__.py"]
