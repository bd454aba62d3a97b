"""Untrusted values shown on a line a terminal or a CI log reads: each character as itself or as a
visible escape, never obeyed.

A policy, a file name or an export comes from a pull request, and what the tool prints goes to
a terminal or to a CI runner's log. A terminal obeys ESC and the C1 controls (`\\x9b` is CSI):
an OSC sequence retitles it or writes the clipboard, a CSI one clears it or hides text. The
Actions runner obeys a line that starts, after blanks, with `::` (`::error::`, `::add-mask::`,
`::stop-commands::`), and its older form `##[command]` anywhere in a line. A newline in a value
would let it start a line of its own; a bidirectional override makes text read in another order
than it runs (as in "Trojan Source"). So a value shown on a line has every such character
escaped as Python writes it (`\\x1b`, `\\n`, `\\u202e`; a byte of a file name that is not UTF-8,
which Python carries as a lone surrogate, as `\\xff`), `##[` as `##\\x5b` and a leading `::` as
`\\x3a:`. A backslash stays as it is: the escapes are for reading, and none can do harm.
"""

from __future__ import annotations

import re

# beyond C0: DEL, C1, the bidirectional marks, embeddings, overrides and isolates, the Unicode
# line and paragraph separators, and surrogates, of which only a lone one can be in a str (a file
# name's undecodable byte is one); as a regular expression's character ranges
UNPRINTABLE = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
# what no line of a report may carry raw: those and C0, but for newline and tab
_CONTROLS = "\x00-\x08\x0b-\x1f" + UNPRINTABLE
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# a value: every control, newline and tab too; `##[` anywhere; `::` after the value's blanks
_IN_VALUE = re.compile(f"[\t\n{_CONTROLS}]|##\\[|^[^\\S\n\r]*::")
# a whole report: the controls but its own newlines and tabs; `::` after a line's blanks
_IN_REPORT = re.compile(f"[{_CONTROLS}]|##\\[|^[^\\S\n\r]*::", re.MULTILINE)


def _escaped(character: str) -> str:
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python's surrogateescape could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    if found == "##[":
        return "##\\x5b"
    if found.endswith("::"):
        return found[:-2] + "\\x3a:"
    return _escaped(found)


def visible(value: str) -> str:
    """A value as it may stand on a line: controls, newlines and commands escaped."""
    return _IN_VALUE.sub(_escape, value)


def scrub(report: str) -> str:
    """A whole report with its own line structure kept (newlines, tabs), and whatever a value
    carried into it escaped: the last guard behind escaping each value where it is written."""
    return _IN_REPORT.sub(_escape, report)


def one_line(message: str, limit: int) -> str:
    """A message as one line of at most `limit` characters, cut with `…` where it is longer,
    never inside an escape."""
    shown = visible(message)
    if len(shown) <= limit:
        return shown
    cut = shown[: limit - 1]
    cut = re.sub(r"\\(?:x[0-9a-f]?|u[0-9a-f]{0,3})?$", "", cut)
    return cut + "…"
