"""Document: a policy's plain data with the source position of every node, by JSON Pointer.

Checks speak JSON Pointers (`/service_levels/0/within`); only this module turns one into a line and
column, so no check ever computes a position. A pointer to an absent key resolves to the nearest
node that exists: the mapping that lacks it. A word inside prose is placed by its offset in the
scalar's value, mapped back to the source through quotes, escapes, folding and block indentation.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node stands: 1-based line and column, character offsets, scalar style."""

    line: int
    column: int
    start: int
    end: int
    style: str | None = None  # None for plain scalars and collections; ' " | > otherwise


def escape(token: str) -> str:
    """Escape one reference token for a JSON Pointer (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """Undo `escape`."""
    return token.replace("~1", "/").replace("~0", "~")


def split_pointer(pointer: str) -> list[str]:
    """The reference tokens of a pointer; the root pointer "" has none."""
    return [unescape(t) for t in pointer.split("/")[1:]] if pointer else []


def parent_pointer(pointer: str) -> str:
    """The pointer one level up; the root is its own parent."""
    return pointer.rsplit("/", 1)[0] if pointer else ""


_MISSING: Any = object()


@dataclass(slots=True)
class Document:
    """A loaded policy: its text, plain data (YAML 1.2 core types) and node spans by pointer."""

    path: str
    text: str
    data: Any
    values: dict[str, Span] = field(default_factory=dict)
    keys: dict[str, Span] = field(default_factory=dict)
    _line_starts: list[int] | None = None
    _nodes: dict[str, tuple[Span, str | None]] = field(default_factory=dict)
    _alignments: dict[int, _Alignment] = field(default_factory=dict)

    def get(self, pointer: str, default: Any = None) -> Any:
        """The value at `pointer`, or `default` when any step of it is absent."""
        node = self.data
        for token in split_pointer(pointer):
            if isinstance(node, dict):
                node = node.get(token, _MISSING)
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return default
            if node is _MISSING:
                return default
        return node

    def has(self, pointer: str) -> bool:
        """Whether `pointer` names a node that exists (a null value exists)."""
        return self.get(pointer, _MISSING) is not _MISSING

    def glob(self, pattern: str) -> Iterator[tuple[str, Any]]:
        """Pointers and values matching a pattern whose `*` tokens stand for any key or index."""
        yield from _glob(self.data, "", split_pointer(pattern))

    def position(self, pointer: str, *, key: bool = False, offset: int | None = None) -> Span:
        """The span of the node at `pointer` (its key's with `key`), or of its nearest ancestor."""
        if key and pointer in self.keys:
            return self.keys[pointer]
        span, text = self._node(pointer)
        if offset is None or text is None:
            return span
        return self._span_at(self._source_index(span, text, offset))

    def _node(self, pointer: str) -> tuple[Span, str | None]:
        """The span that places `pointer` and, when it is a string node itself, its value; kept,
        since a long string's every finding asks for the same pointer."""
        found = self._nodes.get(pointer)
        if found is None:
            probe = pointer
            while probe not in self.values and probe:
                probe = parent_pointer(probe)
            value = self.get(pointer)
            text = value if probe == pointer and isinstance(value, str) else None
            found = self._nodes[pointer] = (self.values.get(probe, Span(1, 1, 0, 0)), text)
        return found

    def _source_index(self, span: Span, value: str, offset: int) -> int:
        """Map an offset in a scalar's value to a character index in the source text.

        The value differs from its source only by quotes, escapes, line folding and block
        indentation, so its non-space characters can be aligned with the source in order. The
        alignment of each scalar is kept and extended as far as asked, never walked again from
        its start: a scalar with thousands of findings costs one walk, not one a finding.
        """
        target = min(offset, len(value) - 1)
        if 0 <= target < len(value) - 1 and value[target].isspace():
            found = _NON_SPACE.search(value, target, len(value) - 1)
            target = found.start() if found else len(value) - 1
        alignment = self._alignments.get(span.start)
        if alignment is None:
            raw = self.text[span.start : span.end]
            first = (
                raw.find("\n") + 1 if span.style in ("|", ">") else int(span.style in ("'", '"'))
            )
            alignment = self._alignments[span.start] = _Alignment(raw, value, first)
        index = alignment.index(target)
        return span.start if index is None else span.start + max(index, 0)

    def _span_at(self, index: int) -> Span:
        """The 1-based line and column of a character index of the text."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._line_starts, index) - 1
        return Span(line + 1, index - self._line_starts[line] + 1, index, index)


_NON_SPACE = re.compile(r"\S")


class _Alignment:
    """One scalar's value aligned with its source text, as far as it has been asked.

    Each non-space character of the value is the first occurrence of that character in the
    source after the one before it; quotes, escapes, folded line breaks and indentation are what
    the search steps over. The alignment is kept as runs the value and its source share (a line
    of prose, usually), so a scalar of five megabytes costs one pass over its lines, whatever
    the number of findings in it, and a finding a look-up.
    """

    __slots__ = ("first", "lost", "raw", "raw_at", "raw_starts", "starts", "value", "value_at")

    def __init__(self, raw: str, value: str, first: int) -> None:
        self.raw, self.value, self.first = raw, value, first
        self.value_at, self.raw_at = 0, first  # where the next run begins in each
        self.starts, self.raw_starts = array("q"), array("q")  # where each run begins in each
        self.lost: int | None = None  # the first character of the value not found in the source

    def index(self, target: int) -> int | None:
        """The index in `raw` of `value[target]` (of the non-space before it, for a space), or
        None past an escape the search cannot follow."""
        value = self.value
        if target < 0 or value[target].isspace():
            target = len(value[: target + 1].rstrip()) - 1
            if target < 0:
                return self.first - 1  # nothing but spaces: just before where the value starts
        while self.value_at <= target and self.lost is None:
            self._extend()
        if self.lost is not None and target >= self.lost:
            return None
        run = bisect.bisect_right(self.starts, target) - 1
        return self.raw_starts[run] + target - self.starts[run]

    def _extend(self) -> None:
        """Align the next run: the longest stretch both share from the next non-space character
        of each, else that one character, searched for as far as the source goes."""
        value, raw = self.value, self.raw
        char = _NON_SPACE.search(value, self.value_at)
        if char is None:
            self.value_at = len(value)
            return
        k = char.start()
        source = _NON_SPACE.search(raw, self.raw_at)
        i = source.start() if source is not None else len(raw)
        length = _shared(value, k, raw, i)
        if length == 0:
            i = raw.find(value[k], self.raw_at)
            if i < 0:
                self.lost = k
                return
            length = 1
        self.starts.append(k)
        self.raw_starts.append(i)
        self.value_at, self.raw_at = k + length, i + length


def _shared(value: str, k: int, raw: str, i: int) -> int:
    """The length of the longest common prefix of value[k:] and raw[i:], found by comparing
    stretches that double while they match and halve where they do not."""
    limit = min(len(value) - k, len(raw) - i)
    length, step = 0, 16
    while length < limit:
        size = min(step, limit - length)
        if raw.startswith(value[k + length : k + length + size], i + length):
            length, step = length + size, step * 2
            continue
        low, high = 0, size  # a prefix of `low` characters matches, of `high` does not
        while high - low > 1:
            middle = (low + high) // 2
            if raw.startswith(value[k + length : k + length + middle], i + length):
                low = middle
            else:
                high = middle
        return length + low
    return length


def _glob(node: Any, prefix: str, tokens: list[str]) -> Iterator[tuple[str, Any]]:
    if not tokens:
        yield prefix, node
        return
    head, rest = tokens[0], tokens[1:]
    if isinstance(node, dict):
        items = node.items() if head == "*" else [(head, node[head])] if head in node else []
        for key, child in items:
            yield from _glob(child, f"{prefix}/{escape(key)}", rest)
    elif isinstance(node, list):
        indexes = range(len(node)) if head == "*" else [int(head)] if head.isdigit() else []
        for index in indexes:
            if index < len(node):
                yield from _glob(node[index], f"{prefix}/{index}", rest)
