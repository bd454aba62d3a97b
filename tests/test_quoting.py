"""A value quoted in a message: one line, at most 80 characters, wherever a message quotes one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policy_lint.lint.load import load_text
from policy_lint.quoting import LIMIT, cut, kind
from tests.conftest import ROOT, Run
from tests.hostile.test_trust import shows, token


def test_a_value_is_cut_to_80_characters_with_an_ellipsis() -> None:
    assert cut("a" * LIMIT) == "a" * LIMIT
    assert cut("a" * (LIMIT + 1)) == "a" * (LIMIT - 1) + "…"
    assert len(cut("b" * 5_000_000)) == LIMIT == 80


def test_a_quoted_value_stays_on_its_line_and_moves_no_cursor() -> None:
    assert cut("x\ny\r\x1b[2J\u2028z") == "x\\ny\\r\\x1b[2J\\u2028z"
    assert cut("\x00" * 100) == "\\x00" * 19 + "…"  # no escape cut in two
    assert cut("a" * 77 + "\x1b[2J") == "a" * 77 + "…"
    assert cut("a" * 75 + "\x1b[2J") == "a" * 75 + "\\x1b…"


def test_numbers_are_quoted_as_written_and_a_huge_one_is_named() -> None:
    assert (cut(95), cut(0.5), cut(True)) == ("95", "0.5", "True")
    assert cut(10**5000) == "a number of more than 4,000 digits"  # str() would raise


def test_a_value_that_must_not_be_shown_is_said_by_its_kind() -> None:
    values: list[object] = ["x", 1, 1.5, True, None, [], {}]
    assert [kind(value) for value in values] == [
        "text",
        "a number",
        "a number",
        "true or false",
        "nothing",
        "a list",
        "a mapping",
    ]


def test_no_finding_quotes_more_than_80_characters_of_any_key_or_value(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Every key and every scalar of the example policy in turn replaced by a token."""
    secret = token()
    source = (ROOT / "policies" / "acme-en.yaml").read_text(encoding="utf-8")
    doc = load_text(source, "acme-en.yaml").document
    assert doc is not None
    spans = [span for pointer, span in doc.keys.items()]
    spans += [s for p, s in doc.values.items() if p and not isinstance(doc.get(p), dict | list)]
    policy = tmp_path / "policy.yaml"
    quoted = 0
    for span in spans:
        policy.write_text(source[: span.start] + secret + source[span.end :], encoding="utf-8")
        run = cli("check", "--today", "2026-11-23", str(policy))
        assert not shows(run.out + run.err, secret), source[span.start : span.end]
        quoted += secret[:40] in run.out
    assert len(spans) > 300 and quoted > 200  # most of them are quoted, cut
