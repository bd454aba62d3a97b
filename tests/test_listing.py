"""A file lists at most a thousand findings of a rule, then one that says how many more; the
suppressions still weigh on every finding, listed or not."""

from __future__ import annotations

from policy_lint.lint.catalogue import builtin_rules
from policy_lint.lint.config import Settings
from policy_lint.lint.findings import Finding
from policy_lint.lint.linter import lint_text, make_linter
from policy_lint.lint.listing import LISTED
from tests.conftest import TODAY

LINTER = make_linter(builtin_rules(), Settings(today=TODAY, select=("PL0", "PL202")))
SUPPRESSION = '  # policy-lint: disable=PL202 reason="quoted from the old policy"'


def definitions(count: int, comments: dict[int, str] | None = None) -> str:
    """A policy of `count` definitions, each one vague word on a line of its own."""
    lines = [
        f"  k{index}: we answer asap{(comments or {}).get(index, '')}" for index in range(count)
    ]
    return "definitions:\n" + "\n".join(lines) + "\n"


def vague(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.code == "PL202"]


def test_a_rule_lists_its_first_thousand_then_says_how_many_more() -> None:
    findings = vague(lint_text(definitions(LISTED + 250), "p.yaml", LINTER))
    assert len(findings) == LISTED + 1
    assert [f.line for f in findings[:LISTED]] == list(range(2, LISTED + 2))
    more = findings[-1]
    assert (more.line, more.column) == (LISTED + 2, 20)  # where the first one left out stands
    assert more.message.startswith("250 more vague-commitment findings in this file")


def test_a_thousand_are_all_listed() -> None:
    findings = vague(lint_text(definitions(LISTED), "p.yaml", LINTER))
    assert len(findings) == LISTED
    assert not any("more" in finding.message for finding in findings)


def test_a_suppression_past_the_listed_ones_still_silences_and_is_used() -> None:
    text = definitions(LISTED + 100, {LISTED + 50: SUPPRESSION})
    findings = lint_text(text, "p.yaml", LINTER)
    assert [f.code for f in findings if f.code != "PL202"] == []  # no PL003: it was used
    assert vague(findings)[-1].message.startswith("99 more vague-commitment")


def test_a_file_wide_suppression_silences_them_all() -> None:
    text = '# policy-lint: disable-file=PL202 reason="quoted"\n' + definitions(LISTED + 100)
    assert lint_text(text, "p.yaml", LINTER) == []


def test_suppressions_themselves_are_listed_with_the_cap() -> None:
    unused = "\n".join(
        f'x{index}: 1  # policy-lint: disable=PL202 reason="r"' for index in range(1100)
    )
    findings = lint_text(unused + "\n", "p.yaml", LINTER)
    assert [f.code for f in findings].count("PL003") == LISTED + 1
    assert findings[-1].message.startswith("100 more unused-suppression findings")
