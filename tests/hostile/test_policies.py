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


def acme(tmp_path: Path, old: str, new: str, name: str = "policy.yaml") -> Path:
    """The example policy with one edit, written to the test's folder."""
    text = POLICY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


NOT_A_NUMBER = {
    "goal .nan": ("goal: 95%", "goal: .nan", "92:11 PL204 `nan`"),
    "goal .NaN": ("goal: 95%", "goal: .NaN", "92:11 PL204 `nan`"),
    "goal .inf": ("goal: 95%", "goal: .inf", "92:11 PL204 `inf`"),
    "goal -.inf": ("goal: 95%", "goal: -.Inf", "92:11 PL204 `-inf`"),
    "max .nan": ("max: 5%", "max: .nan", "111:10 PL204 `nan`"),
}


@pytest.mark.parametrize("case", NOT_A_NUMBER)
def test_a_goal_that_is_not_a_number_is_a_finding_and_no_command_crashes_on_it(
    case: str, tmp_path: Path
) -> None:
    # `.nan` compared false with both bounds of PL204 and passed; render and audit then crashed
    old, new, finding = NOT_A_NUMBER[case]
    policy = acme(tmp_path, old, new)
    place, code, value = finding.split(" ")
    said = f"{place}: {code} [error] {value} is outside (0 %, 100 %]"
    contained(run("check", "--today", TODAY, policy), codes=(1,), says=said)
    contained(run("check", "--today", TODAY, "--history", EXPORT, policy), codes=(1,), says=said)
    contained(run("render", "--today", TODAY, policy), codes=(2,), says=finding)
    contained(run("audit", "--today", TODAY, policy, EXPORT), codes=(2,), says=finding)
    forced = contained(run("render", "--force", policy), codes=(0,))
    assert f"{value.strip('`')} %" in forced.out  # rendered as written, not as a number


DIGITS = "9" * 5_000  # past Python's 4,300 digits for reading or printing an int
TOO_LARGE = {
    "decimal": DIGITS,
    "negative": "-" + DIGITS,
    "hexadecimal": "0x" + "f" * 5_000,  # read in linear time, then no message could print it
    "tagged !!int": f"!!int '{DIGITS}'",
    "!!float of an int no float holds": "!!float 1" + "0" * 400,
    "no float holds it": "1" + "0" * 400,
}


@pytest.mark.parametrize("case", TOO_LARGE)
def test_a_number_too_large_for_a_policy_is_a_finding_where_it_stands(
    case: str, tmp_path: Path
) -> None:
    # int() refused 4,300 digits and float() 10^309: check, render, diff and audit crashed
    policy = acme(tmp_path, "goal: 95%", f"goal: {TOO_LARGE[case]}")
    said = "is a number too large for a policy (more than 300 digits)"
    ran = contained(run("check", "--today", TODAY, policy), codes=(1,), says="92:11: PL100")
    assert said in ran.out
    assert "PL102" not in ran.out  # the one problem is said once
    contained(run("check", "--format", "json", "--today", TODAY, policy), codes=(1,), says=said)
    contained(run("render", "--force", policy), codes=(0,))
    contained(run("render", policy), codes=(2,), says=said)
    contained(run("audit", "--today", TODAY, policy, EXPORT), codes=(2,), says=said)
    contained(run("diff", POLICY, policy), codes=(2,), says=said)


LONG_DURATIONS = {
    "hours no float holds": ("within: 8h", "within: " + "9" * 400 + "h", "90:13"),
    "ISO days past any date": ("within: 8h", "within: P99999999999999999999D", "90:13"),
    "years past any date": ("interval: 12 months", "interval: " + "9" * 400 + " years", "16:13"),
}


@pytest.mark.parametrize("case", LONG_DURATIONS)
def test_a_duration_longer_than_any_promise_is_a_finding(case: str, tmp_path: Path) -> None:
    # 400 digits of hours read as an infinite float, and int() of it crashed; 10^20 days
    # overflowed the audit's integers
    old, new, place = LONG_DURATIONS[case]
    policy = acme(tmp_path, old, new)
    said = f"{place}: PL103 [error]"
    contained(run("check", "--today", TODAY, policy), codes=(1,), says=said)
    contained(run("check", "--today", TODAY, "--history", EXPORT, policy), codes=(1,), says=said)
    contained(run("render", "--force", policy), codes=(0,))
    assert "1,000 years at most" in run("check", "--today", TODAY, policy).out


def test_a_ring_count_of_thousands_of_digits_is_no_crash(tmp_path: Path) -> None:
    policy = acme(tmp_path, "within: 8h", f"within: {DIGITS} rings")
    contained(run("check", "--today", TODAY, policy), codes=(1,), says="90:13: PL102")
