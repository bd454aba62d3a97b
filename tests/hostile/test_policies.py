"""The policy side's hostile inputs, each through the real command (tests/hostile/harness.py).

Huge policies full of findings, policy paths that are not regular files, numbers and dates that
cannot be, odd documents given to `render --force`, folders that cannot be read or that link out
of the checked tree, rule packs whose messages would allocate without end.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hostile.harness import contained, run

TODAY = "2026-11-23"
HEAD = "format: 1\nid: hostile\ntitle: Hostile\n"
FORMATS = ("json", "sarif", "github", "junit", "gitlab")
MORE = "more vague-commitment findings in this file are not listed"


def test_a_policy_full_of_findings_is_checked_in_linear_time_and_listed_up_to_a_cap(
    tmp_path: Path,
) -> None:
    # 300 KB of vague words, 20,000 findings: placing each one by a walk from its scalar's start
    # took minutes; every format lists a thousand, and one more finding says how many were left
    policy = tmp_path / "vague.yaml"
    policy.write_text(HEAD + "purpose: " + "we answer asap " * 20_000 + "\n", encoding="utf-8")
    reports = [f"--report={name}={tmp_path / ('out.' + name)}" for name in FORMATS]
    ran = contained(run("check", "--today", TODAY, *reports, policy), codes=(1,), says=MORE)
    outputs = {name: (tmp_path / f"out.{name}").read_text(encoding="utf-8") for name in FORMATS}
    outputs["text"] = ran.out
    for name, output in outputs.items():
        assert output.count(MORE) == 1, name
        assert "19,000 more vague-commitment" in output, name
        assert output.count("promises speed without a number") <= 1_003, name  # SARIF's rules too
    vague = [f for f in json.loads(outputs["json"])["findings"] if f["code"] == "PL202"]
    assert len(vague) == 1_001


POLICY = ROOT / "policies" / "acme-en.yaml"
EXPORT = ROOT / "bench" / "samples" / "acme-tickets.csv"
NOT_REGULAR = {
    "a FIFO": "fifo",
    "/dev/zero": "/dev/zero",
    "/dev/urandom": "/dev/urandom",
    "a symlink to /dev/zero": "link:/dev/zero",
    "a symlink to a FIFO": "link:fifo",
}
COMMANDS: dict[str, Callable[[Path], tuple[str | Path, ...]]] = {
    "check": lambda p: ("check", "--today", TODAY, p),
    "render": lambda p: ("render", p),
    "render --force": lambda p: ("render", "--force", p),
    "audit": lambda p: ("audit", p, EXPORT),
    "diff, new": lambda p: ("diff", POLICY, p),
    "diff, old": lambda p: ("diff", p, POLICY),
}


def not_regular(kind: str, folder: Path) -> Path:
    """A policy path that is no regular file: a FIFO no one writes to, a device, a link to one."""
    fifo = folder / "fifo.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    target = kind.removeprefix("link:")
    path = fifo if target == "fifo" else Path(target)
    if kind.startswith("link:"):
        link = folder / "link.yaml"
        link.symlink_to(path)
        return link
    return path


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", NOT_REGULAR)
def test_a_policy_that_is_not_a_regular_file_is_refused_unread(
    kind: str, command: str, tmp_path: Path
) -> None:
    # a FIFO blocked until a writer came; /dev/zero was read until memory ran out
    path = not_regular(NOT_REGULAR[kind], tmp_path)
    says = "a FIFO (a named pipe)" if "fifo" in NOT_REGULAR[kind] else "a character device"
    contained(run(*COMMANDS[command](path)), codes=(2,), says=f"{says}, not a regular file")
