"""A value from an input file, as a message quotes it: one line, at most 80 characters.

Every file the tool reads may come from a pull request, and every message goes to a CI log that
others read. A message that quotes what it found (a cell, a header, a key, a schema value) quotes
at most `LIMIT` characters of it, ending in "…" when cut: enough to find the value, too little
to carry a whole token or a page of a file a symlink pointed at, and never a flood. Control
characters are written as escapes (`\\n`, `\\x1b`), so that a quoted value stays on its line and
cannot move a terminal's cursor.
"""

from __future__ import annotations

import re

LIMIT = 80  # characters of a quoted value, the "…" included
_DIGITS = 4_000  # Python refuses to write an int of more than 4,300 digits as text
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PARTIAL = re.compile(r"\\(?:x[0-9a-f]?|u[0-9a-f]{0,3})?$")
_KINDS = {
    dict: "a mapping",
    list: "a list",
    str: "text",
    bool: "true or false",
    type(None): "nothing",
}


def cut(value: object, limit: int = LIMIT) -> str:
    """`value` as text on one line, cut to `limit` characters with "…" when longer."""
    if isinstance(value, int) and value.bit_length() > _DIGITS * 3.33:
        text = f"a number of more than {_DIGITS:,} digits"
    else:
        text = value if isinstance(value, str) else str(value)
        # escapes only lengthen the text, so its first limit + 1 characters are all a cut needs
        text = _CONTROL.sub(_escaped, text[: limit + 1])
    if len(text) <= limit:
        return text
    return _PARTIAL.sub("", text[: limit - 1]) + "…"  # never an escape cut in two


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def kind(value: object) -> str:
    """What a value is, in words, for a message that must not show it: a whole document that
    should have been a mapping (a policy or a rule file that is a symlink to a token) is said
    to be text, never quoted."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return _KINDS.get(type(value), type(value).__name__)
