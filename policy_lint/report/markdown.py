"""Untrusted values in Markdown: shown as the text they are, never read as Markdown or HTML.

The Markdown formats go to a GitHub job summary or a pull-request comment, where a value read as
Markdown could draw an image that calls out (`<img src=…>`), a link to `javascript:`, or close a
table cell (`|`) or a code span (a backtick) and write what follows as the report's own. And the
shipped Action tees the summary into the job's log, where a line is a workflow command when it
starts with `::`. So every value is first made `visible` (one line, no control character, no
command), then each character Markdown could read as syntax is escaped with a backslash, which
CommonMark allows before any ASCII punctuation; in a code span, where a backslash is literal, a
fence longer than any run of backticks in the value keeps it closed.
"""

from __future__ import annotations

import re

from policy_lint.report.visible import visible

# what opens an inline construct, raw HTML or an entity, closes a table cell, or is GitHub's
# maths (`$`); `_` only where it could open or close emphasis, not inside a word (`ticket_id`);
# a value never starts a line of a report, so what only means something there needs no escape
_SYNTAX = re.compile(r"[\\`*\[\]<&|~$]|(?<![^\W_])_|_(?![^\W_])")
_BACKTICKS = re.compile(r"`+")


def md_text(value: str) -> str:
    """A value as Markdown text that renders as the value itself."""
    return _SYNTAX.sub(lambda found: "\\" + found.group(), visible(value))


def md_code(value: str, *, in_table: bool = False) -> str:
    """A value as a code span: fenced by one backtick more than its longest run of them, padded
    with a space where it starts or ends with one; in a table, `|` escaped as GFM asks even
    inside a code span (the cell is split before the span is read)."""
    shown = visible(value)
    if in_table:
        shown = shown.replace("|", "\\|")
    if not shown:
        return "` `"
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def md_message(message: str, *, in_table: bool = False) -> str:
    """A finding's message, whose own convention quotes a value in backticks: each quoted part a
    code span of its own and the rest text, so that the summary reads as the message does. Any
    split is safe, since every part is escaped as what it becomes; where the backticks do not
    pair (a value held one), the whole message is text."""
    parts = message.split("`")
    if len(parts) % 2 == 0:
        return md_text(message)
    return "".join(
        md_code(part, in_table=in_table) if i % 2 else md_text(part) for i, part in enumerate(parts)
    )
