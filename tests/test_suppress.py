"""Suppression comments: where they apply, what they say about themselves."""

from __future__ import annotations

import datetime as dt

from policy_lint.lint.catalogue import builtin_rules
from policy_lint.lint.config import Settings
from policy_lint.lint.linter import lint_text, make_linter
from policy_lint.lint.suppress import parse_suppressions

DUPLICATE = "service_levels:\n  - id: a\n  - id: a{comment}\n"


def codes(text: str, *select: str, today: dt.date = dt.date(2026, 11, 23)) -> list[str]:
    linter = make_linter(builtin_rules(), Settings(today=today, select=select or ("PL0", "PL107")))
    return [f"{f.code}@{f.line}:{f.column}" for f in lint_text(text, "p.yaml", linter)]


def test_a_trailing_comment_silences_its_own_line() -> None:
    text = DUPLICATE.format(comment='  # policy-lint: disable=PL107 reason="two regions"')
    assert codes(text) == []


def test_a_comment_on_its_own_line_silences_the_next_line() -> None:
    text = 'service_levels:\n  - id: a\n  # policy-lint: disable=PL107 reason="r"\n  - id: a\n'
    assert codes(text) == []


def test_a_comment_two_lines_above_does_not_reach() -> None:
    text = 'service_levels:\n  # policy-lint: disable=PL107 reason="r"\n  - id: a\n  - id: a\n'
    assert codes(text) == ["PL003@2:3", "PL107@4:9"]


def test_disable_file_silences_everywhere_by_name() -> None:
    text = '# policy-lint: disable-file=duplicate-id reason="r"\n' + DUPLICATE.format(comment="")
    assert codes(text) == []


def test_an_expired_suppression_brings_its_finding_back() -> None:
    comment = '  # policy-lint: disable=PL107 reason="r" until=2026-01-31'
    assert codes(DUPLICATE.format(comment=comment)) == ["PL107@3:9", "PL002@3:12"]


def test_the_last_day_of_until_still_holds() -> None:
    comment = '  # policy-lint: disable=PL107 reason="r" until=2026-11-23'
    assert codes(DUPLICATE.format(comment=comment)) == []


def test_an_unreadable_until_is_reported() -> None:
    comment = '  # policy-lint: disable=PL107 reason="r" until=soon'
    assert codes(DUPLICATE.format(comment=comment)) == ["PL107@3:9", "PL004@3:12"]


def test_unused_is_only_said_of_rules_that_ran() -> None:
    text = 'id: a  # policy-lint: disable=PL107 reason="r"\n'
    assert codes(text, "PL003") == []
    assert codes(text, "PL003", "PL107") == ["PL003@1:8"]


def test_a_hash_inside_a_value_is_not_a_comment() -> None:
    assert parse_suppressions("title: 'Issue#policy-lint: disable=PL107'\n") == []


def test_several_rules_in_one_comment() -> None:
    [s] = parse_suppressions("a: 1  # policy-lint: disable=PL107,PL205 reason='one, two'\n")
    assert (s.names, s.reason, s.applies_to) == (("PL107", "PL205"), "one, two", 1)
