"""The escapes every report writes values with: each class of character, each place a line starts,
and the cut of a stderr line."""

from __future__ import annotations

import pytest

from policy_lint.report.json_text import json_text
from policy_lint.report.markdown import md_code, md_message, md_text
from policy_lint.report.visible import one_line, scrub, visible


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("\x1b]0;t\x07", "\\x1b]0;t\\x07"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x9b\x85\x7f\x00", "\\x9b\\x85\\x7f\\x00"),
        ("\u202eevil\u2066\u2028", "\\u202eevil\\u2066\\u2028"),
        ("\udcff.yaml", "\\xff.yaml"),  # a file name's byte that is not UTF-8
        ("\ud800", "\\ud800"),
        ("x ##[error]y", "x ##\\x5berror]y"),
        ("::error::x", "\\x3a:error::x"),
        ("\u00a0 ::warning::x", "\u00a0 \\x3a:warning::x"),  # the runner trims these blanks
        ("a::b", "a::b"),  # only a line's start makes a command
        ("uzņēmums C:\\x", "uzņēmums C:\\x"),
    ],
)
def test_visible_escapes_what_a_terminal_or_the_runner_would_act_on(value: str, shown: str) -> None:
    assert visible(value) == shown


def test_scrub_keeps_the_reports_own_lines_and_defuses_each_of_them() -> None:
    report = "a\tb\n  ::error::x\n::warning::y\x1b\r\nok"
    assert scrub(report) == "a\tb\n  \\x3a:error::x\n\\x3a:warning::y\\x1b\\r\nok"


def test_one_line_is_cut_at_the_limit_and_never_inside_an_escape() -> None:
    assert one_line("short\nline", 300) == "short\\nline"
    cut = one_line("x" * 296 + "\x1b" * 10, 300)
    assert (len(cut), cut) == (297, "x" * 296 + "…")
    cut = one_line("x" * 293 + "\x1b" * 10, 300)
    assert cut == "x" * 293 + "\\x1b…"


def test_markdown_text_escapes_syntax_but_not_a_word_with_an_underscore() -> None:
    assert md_text("ticket_id <img> [l](j:x) `c` *e* |p| $m$ &amp; ~s~ _u_") == (
        "ticket_id \\<img> \\[l\\](j:x) \\`c\\` \\*e\\* \\|p\\| \\$m\\$ \\&amp; \\~s\\~ \\_u\\_"
    )


@pytest.mark.parametrize(
    ("value", "in_table", "span"),
    [
        ("plain", False, "`plain`"),
        ("a`b", False, "``a`b``"),
        ("``` x", False, "```` ``` x ````"),  # padded: it starts with a backtick
        ("p|q", True, "`p\\|q`"),
        ("", False, "` `"),
    ],
)
def test_a_code_span_outlasts_every_backtick_in_its_value(
    value: str, in_table: bool, span: str
) -> None:
    assert md_code(value, in_table=in_table) == span


def test_a_message_keeps_its_quoted_values_as_code_unless_their_backticks_do_not_pair() -> None:
    assert md_message("`id` is *bad*: `<b>`") == "`id` is \\*bad\\*: `<b>`"
    assert md_message("found `a`b`") == "found \\`a\\`b\\`"


def test_json_carries_the_value_and_writes_what_would_act_as_escapes() -> None:
    text = json_text({"v": "\x9b\u202e\udcff ##[x] uzņēmums"})
    assert text == '{\n "v": "\\u009b\\u202e\\udcff ##\\u005bx] uzņēmums"\n}\n'
