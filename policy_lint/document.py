"""Document: a policy's plain data with the source position of every node, by JSON Pointer.

Checks speak JSON Pointers (`/service_levels/0/within`); only this module turns one into a line and
column, so no check ever computes a position. A pointer to an absent key resolves to the nearest
node that exists: the mapping that lacks it. A word inside prose is placed by its offset in the
scalar's value, mapped back to the source through quotes, escapes, folding and block indentation.
"""

from __future__ import annotations

import bisect
import re
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
        probe = pointer
        while probe not in self.values and probe:
            probe = parent_pointer(probe)
        span = self.values.get(probe, Span(1, 1, 0, 0))
        value = self.get(pointer)
        if offset is None or probe != pointer or not isinstance(value, str):
            return span
        return self._span_at(self._source_index(span, value, offset))

    def _source_index(self, span: Span, value: str, offset: int) -> int:
        """Map an offset in a scalar's value to a character index in the source text.

        The value differs from its source only by quotes, escapes, line folding and block
        indentation, so its non-space characters can be aligned with the source in order.
        """
        raw = self.text[span.start : span.end]
        i = raw.find("\n") + 1 if span.style in ("|", ">") else int(span.style in ("'", '"'))
        target = offset
        while target < len(value) - 1 and value[target].isspace():
            target += 1
        for char in value[: target + 1]:
            if char.isspace():
                continue
            hit = raw.find(char, i)
            if hit < 0:
                return span.start  # an escape we cannot follow: the scalar's own start
            i = hit + 1
        return span.start + max(i - 1, 0)

    def _span_at(self, index: int) -> Span:
        """The 1-based line and column of a character index of the text."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._line_starts, index) - 1
        return Span(line + 1, index - self._line_starts[line] + 1, index, index)


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
