"""Shared fixtures: the fixed date every test checks on, and the repository's root."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from policy_lint.cli import main

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def root() -> Path:
    """The repository's root folder."""
    return ROOT


@dataclass(frozen=True)
class Run:
    """What one CLI run did: its exit code and what it wrote."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run the CLI in-process, as `policy-lint ARGS…`, and collect its exit code and output."""

    def run(*args: str) -> Run:
        with pytest.raises(SystemExit) as exited:
            main(list(args))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        code = exited.value.code
        return Run(code if isinstance(code, int) else 0, captured.out, captured.err)

    return run


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files from current output"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare text with a golden file byte for byte; `--update-golden` rewrites the file."""

    def compare(path: Path, actual: str) -> None:
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing: run pytest --update-golden"
        assert path.read_text(encoding="utf-8") == actual, f"{path} differs: --update-golden"

    return compare
