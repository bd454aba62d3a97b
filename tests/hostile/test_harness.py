"""The harness itself: it must catch what it is there to catch."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hostile.harness import Ran, contained, run

POLICY = ROOT / "policies" / "acme-en.yaml"


def test_a_clean_run_is_contained() -> None:
    ran = run("check", "--today", "2026-11-23", POLICY)
    assert ran.code == 0
    contained(ran, codes=(0,))


def test_a_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    contained(run("check", tmp_path / "none.yaml"), codes=(2,), says="no such file")


@pytest.mark.parametrize(
    ("ran", "fault"),
    [
        (Ran(("x",), -11, "", "", 0.1), "ended by SIGSEGV"),
        (Ran(("x",), 2, "", "one\ntwo\n", 0.1), "2 lines on stderr"),
        (Ran(("x",), 2, "", "x" * 400 + "\n", 0.1), "a stderr line of 400 characters"),
        (Ran(("x",), 2, "", "policy-lint: internal error: KeyError\n", 0.1), "internal error"),
        (Ran(("x",), 1, "", "", 11.0), "took 11.0 s"),
    ],
)
def test_the_harness_fails_what_it_must(ran: Ran, fault: str) -> None:
    with pytest.raises(AssertionError, match=fault):
        contained(ran)
