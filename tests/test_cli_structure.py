"""How the command line is put together: shared helpers by public name, commands loaded lazily."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from collections.abc import Callable

from policy_lint.cli.app import COMMANDS
from tests.conftest import ROOT, Run

PACKAGE = ROOT / "policy_lint"
EXPORT = ROOT / "bench" / "samples" / "acme-tickets.csv"


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


def loaded_by(*argv: str) -> tuple[int, list[str]]:
    """A run of the command line in a Python of its own: its exit code, and which modules of the
    wings it does not need, and of numpy, pyarrow and pandas, it left imported."""
    code = (
        "import sys\n"
        "from policy_lint.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as done:\n"
        "    print(done.code)\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in HEAVY\n"
        "             or m.startswith(('policy_lint.audit', 'policy_lint.publish'))\n"
        "             or m == 'policy_lint.lint.linter'))\n"
    ).replace("HEAVY", "('numpy', 'pyarrow', 'pandas')")
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], cwd=ROOT, capture_output=True, text=True, check=False
    )
    *_, exit_code, modules = done.stdout.splitlines()
    return int(exit_code), ast.literal_eval(modules)


def test_check_imports_neither_the_audit_nor_the_publishing_wing() -> None:
    # every command's module was imported to register it, and with them numpy and pyarrow (an
    # audit's), the publishing wing (diff's) and the audit reports; the linter is the control
    policy = str(ROOT / "policies" / "acme-en.yaml")
    assert loaded_by("check", "--today", "2026-11-23", policy) == (0, ["policy_lint.lint.linter"])
    code, modules = loaded_by("check", "--today", "2026-11-23", "--history", str(EXPORT), policy)
    assert code == 0 and {"numpy", "pyarrow", "policy_lint.audit.run"} <= set(modules)


def test_help_lists_every_command_in_order_with_its_short_help(cli: Callable[..., Run]) -> None:
    listed = cli("--help").out.split("Commands:\n")[1].splitlines()
    assert [line.split()[0] for line in listed] == sorted(COMMANDS)
    for line, name in zip(listed, sorted(COMMANDS), strict=True):
        module, _, attribute = COMMANDS[name].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert command.name == name
        shown, whole = line.split(None, 1)[1], command.get_short_help_str(limit=1000)
        assert shown == whole or (shown.endswith("...") and whole.startswith(shown[:-3]))


def test_importing_the_command_line_imports_no_command() -> None:
    # `from policy_lint.cli import main` (the console script, the pytest fixtures) loads the
    # group, the error boundary and the shared options, and neither a command nor the linter
    code = "import sys, policy_lint.cli; print(sorted(m for m in sys.modules if 'lint.' in m))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(done.stdout)
    assert [m for m in loaded if m.startswith("policy_lint.cli.")] == [
        "policy_lint.cli.app",
        "policy_lint.cli.lazy",
        "policy_lint.cli.options",
    ]
    assert not [m for m in loaded if m.startswith(("policy_lint.lint", "policy_lint.audit"))]
