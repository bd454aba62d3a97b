"""How deep JSON nests, told from its bytes before any parser sees them.

pyarrow's JSON parser (RapidJSON) descends one stack frame an array or object: a line of 40 KB
that opens twenty thousand arrays overflows the stack and the process dies of SIGSEGV, in
`audit`, `check --history`, `--pauses` and the pytest plugin alike. So every block is measured
first, and one that nests deeper than the limit (`caps.NESTING`) is refused before it is parsed.

Most blocks are settled by counting. A parse can only nest as deep as the brackets it has
opened; and when every line of the block begins with `{` and ends with `}` (as JSON Lines of
objects do), no value runs on from one line to the next (after a `}` only `,`, `]` or `}` may
follow, never `{`, and a string never holds a line break, so the parser stops there), so no
parse nests deeper than the most `[` and `{` one line holds, strings and all. numpy counts them,
line by line, without holding the GIL.

A line that opens more than the limit (an export with dozens of custom fields a ticket), or a
block whose lines are shaped otherwise, is measured exactly: only the bytes that make structure
are kept (`bytes.translate`: quotes, brackets, line breaks), a quote escaped by an odd run of
backslashes blanked first; adjacent pairs `[]`, `{}` and `""` (an empty string, or one without
brackets) are taken away round after round, each round at most two levels (`[]`, then `{}`), so
a block gone within half the limit's rounds nests no deeper than the limit. Two brackets are
adjacent only when no quote stands between them, so they are both inside one string or both
outside it, and taking them away leaves the depth of everything else as it was. Brackets left
over (a deep line, unbalanced ones, brackets inside strings) are counted one by one with numpy:
quotes on each line (a string never holds a line break), brackets outside strings summed, the
sum never let fall below zero, so that it bounds a parse that starts afresh at any line.
"""

from __future__ import annotations

import numpy as np

from policy_lint.audit.arrays import Bytes, Indices

_STRUCTURE = b'"[]{}\n'
_OTHERS = bytes(b for b in range(256) if b not in _STRUCTURE)
_STEP = np.zeros(256, dtype=np.int64)
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1
_QUOTE, _LINE_BREAK, _BACKSLASH = ord('"'), ord("\n"), ord("\\")
_OPEN = ord("{")  # `[` | 0x20 is `{` too: one comparison finds both
_CLOSE, _CR = ord("}"), ord("\r")


def too_deep(block: bytes, limit: int) -> int | None:
    """The 0-based line of `block` where arrays and objects first nest deeper than `limit`, or
    None when they never do."""
    raw = np.frombuffer(block, dtype=np.uint8)
    starts, ends = _lines(raw)
    if not _objects(raw, starts, ends):
        return _exactly(block, limit)
    opened = np.flatnonzero((raw | 0x20) == _OPEN)
    counts = np.searchsorted(opened, ends) - np.searchsorted(opened, starts)
    many = np.flatnonzero(counts > limit)
    if not len(many):
        return None
    # no value runs on past its line: the lines that open many may be measured on their own
    found = _exactly(b"\n".join(block[starts[i] : ends[i]] for i in many.tolist()), limit)
    return None if found is None else int(many[found])


def _lines(raw: Bytes) -> tuple[Indices, Indices]:
    """Where each line starts and ends (its line break, or the block's end, excluded)."""
    breaks = np.flatnonzero(raw == _LINE_BREAK)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(raw)]))
    return starts, ends


def _objects(raw: Bytes, starts: Indices, ends: Indices) -> bool:
    """Whether every line that is not blank begins with `{` and ends with `}` (or `}` CR)."""
    ends = ends - ((ends > starts) & (raw[np.maximum(ends - 1, 0)] == _CR))  # a CRLF line
    filled = ends > starts
    starts, ends = starts[filled], ends[filled]
    return bool((raw[starts] == _OPEN).all() and (raw[ends - 1] == _CLOSE).all())


def _exactly(block: bytes, limit: int) -> int | None:
    """The first line nested deeper than `limit`, measured as the module's docstring says."""
    if b'\\"' in block:
        block = _unescaped(block)
    marks = block.translate(None, _OTHERS).replace(b'""', b"")
    rest = marks
    for _ in range(limit // 2):  # a round takes away at most two levels: `[]`, then `{}`
        shorter = rest.replace(b'""', b"").replace(b"[]", b"").replace(b"{}", b"")
        if len(shorter) == len(rest):
            break
        rest = shorter
    if not any(bracket in rest for bracket in (b"[", b"]", b"{", b"}")):
        return None
    return _deepest(np.frombuffer(marks, dtype=np.uint8), limit)


def _unescaped(block: bytes) -> bytes:
    """The block with every escaped quote blanked: a quote after an odd run of backslashes."""
    raw = np.frombuffer(block, dtype=np.uint8)
    slashes = np.flatnonzero(raw == _BACKSLASH)
    starts = np.ones(len(slashes), dtype=bool)
    starts[1:] = slashes[1:] != slashes[:-1] + 1
    first = slashes[starts][np.cumsum(starts) - 1]  # where each one's run of backslashes starts
    escaped = slashes[(slashes - first) % 2 == 0] + 1  # the bytes the runs' escapes apply to
    escaped = escaped[escaped < len(raw)]
    quotes = escaped[raw[escaped] == _QUOTE]
    blanked = bytearray(block)
    np.frombuffer(blanked, dtype=np.uint8)[quotes] = ord("_")
    return bytes(blanked)


def _deepest(marks: Bytes, limit: int) -> int | None:
    """The exact count: the line where the depth outside strings first passes `limit`."""
    breaks = marks == _LINE_BREAK
    quotes = np.cumsum(marks == _QUOTE)
    before_line = np.maximum.accumulate(np.where(breaks, quotes, 0))
    step = _STEP[marks]
    step[((quotes - before_line) & 1).astype(bool)] = 0  # inside a string on this line
    total = np.cumsum(step)
    depth = total - np.minimum(np.minimum.accumulate(total), 0)  # never below zero
    over = np.flatnonzero(depth > limit)
    if not len(over):
        return None
    return int(np.count_nonzero(breaks[: over[0]]))
