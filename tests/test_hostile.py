"""Hostile input through the real command: one clear message, exit 1 or 2, bounded time and memory.

Each case runs `python -m policy_lint check` in a child process whose address space is capped, so a
loader that expanded an alias bomb or recursed into deep nesting would fail here, not pass slowly.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

MEMORY_CAP = 1024 * 1024 * 1024  # 1 GiB of address space for the whole child process
CLEAN = (ROOT / "policies" / "acme-en.yaml").read_text(encoding="utf-8")


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def check(path: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "policy_lint", "check", "--today", "2026-11-23", str(path)]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=60, preexec_fn=_cap_memory, check=False
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def alias_bomb() -> bytes:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


CASES: dict[str, tuple[bytes, int, str]] = {
    "alias bomb": (alias_bomb(), 1, "PL100"),
    "deep flow nesting": (b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n", 1, "deeper than"),
    "deep block nesting": (b"a:\n  " + b"- " * 20_000 + b"x\n", 1, "deeper than"),
    "not utf-8": (b"format: 1\nid: caf\xe9\n", 1, "byte 0xe9 on line 2"),
    "empty file": (b"", 1, "the file is empty"),
    "top level is a list": (b"- format: 1\n- id: x\n", 1, "found a list"),
    "top level is a scalar": (b"just words\n", 1, "found text"),
    "tabs": (b"owner:\n\tname: Kim\n", 1, "never tabs"),
    "a bom": (b"\xef\xbb\xbf" + CLEAN.encode(), 0, "no findings"),
    "windows line endings": (CLEAN.replace("\n", "\r\n").encode(), 0, "no findings"),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_input_gets_one_clear_message(name: str, tmp_path: Path) -> None:
    content, code, says = CASES[name]
    path = tmp_path / "policy.yaml"
    path.write_bytes(content)
    result = check(path)
    assert result.returncode == code, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == (2 if code else 1)  # one finding, then the summary
    assert says in result.stdout


def test_a_file_larger_than_any_policy_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # 50 MB of valid-looking YAML
        handle.write(b"values:\n")
        line = b"  - " + b"x" * 96 + b"\n"
        handle.write(line * (50 * 1024 * 1024 // len(line)))
    result = check(path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "larger than a policy can be" in result.stderr


def test_crlf_positions_match_lf_positions(tmp_path: Path) -> None:
    text = "format: 1\nid: x\nid: y\n"
    lf, crlf = tmp_path / "lf.yaml", tmp_path / "crlf.yaml"
    lf.write_text(text)
    crlf.write_bytes(text.replace("\n", "\r\n").encode())
    assert check(lf).stdout.replace("lf.yaml", "") == check(crlf).stdout.replace("crlf.yaml", "")
