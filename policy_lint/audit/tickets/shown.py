"""Text from an export as a one-line message quotes it: cut short, so that the line stays short.

A header may hold thousands of columns and a column name or a cell may be of any length, and
all of them come from a pull request. A message that quotes them is still one line a person
reads: each quoted piece is cut (by `quoting.cut`, control characters escaped) to a few dozen
characters with `…`, tighter than the 80 of a policy's value, so that the file's name and the way
out fit in a line of 300 characters (the error boundary's cap on every stderr line).
"""

from __future__ import annotations

from collections.abc import Sequence

from policy_lint import quoting

WIDTH = 40  # characters of one quoted name or value
LISTED = 4  # names of a list quoted before `…`


def cut(text: str, width: int = WIDTH) -> str:
    """`text` on one line, cut to `width` characters with `…` when longer."""
    return quoting.cut(text, width)


def quoted(text: str, width: int = WIDTH) -> str:
    """`text` cut short and quoted as Python quotes it (`'Created at'`)."""
    return repr(cut(text, width))


def listed(names: Sequence[str], count: int = LISTED, width: int = 20) -> str:
    """The first `count` names, each cut short, joined; `…` when there are more."""
    shown = ", ".join(cut(name, width) for name in names[:count])
    return shown + (", …" if len(names) > count else "")


def said(error: object, width: int = 100) -> str:
    """What an error from a library says, on one line (its line breaks as spaces), cut short."""
    return cut(" ".join(str(error).split()), width)
