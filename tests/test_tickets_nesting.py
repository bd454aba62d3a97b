"""nesting.py: the depth a JSON chunk nests, told from its bytes, agrees with a parser's."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_lint.audit.tickets.nesting import too_deep


def depth(value: Any) -> int:
    """How deep a parsed value nests its arrays and objects."""
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


# strings full of what a byte scanner could mistake for structure
texts = st.text(alphabet='[]{}"\\ab/\n', max_size=6)
values = st.recursive(
    st.none() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(values, min_size=1, max_size=4), limit=st.integers(1, 12))
def test_the_first_line_too_deep_is_the_one_a_parser_finds(lines: list[Any], limit: int) -> None:
    chunk = "\n".join(json.dumps({"x": v} if i % 2 else v) for i, v in enumerate(lines)).encode()
    found = [n for n, v in enumerate(lines) if depth({"x": v} if n % 2 else v) > limit]
    assert too_deep(chunk + b"\n", limit) == (found[0] if found else None)


@pytest.mark.parametrize(
    ("chunk", "line"),
    [
        (b'{"a": 1}\n{"a": ' + b"[" * 65 + b"]" * 65 + b"}\n", 1),
        (b'{"a": ' + b"[" * 63 + b"]" * 63 + b"}\n", None),  # 64 with the object
        (b'{"a": ' + b"[" * 64 + b"]" * 64 + b"}\n", 0),  # 65: one too many
        (b'{"a": "' + b"[" * 200 + b'"}\n', None),  # brackets in a string are text
        (b'{"a": "\\"' + b"[" * 200 + b'"}\n', None),  # after an escaped quote, still a string
        (b'{"a": "\\\\"' + b", " + b"[" * 70 + b"]" * 70 + b"}\n", 0),  # a backslash, then out
        # closes inside strings cannot hide opens outside them
        (b'{"a": ' + b'["]",' * 70 + b"1" + b"]" * 70 + b"}\n", 0),
        # a value that runs on over many short lines nests as deep as all of them
        (b'{"a":\n' + b"[\n" * 70 + b"]" * 70 + b"}\n", 64),
        (b"[" * 100 + b"\n", 0),  # unbalanced: counted, not trusted
    ],
)
def test_what_naive_counting_gets_wrong(chunk: bytes, line: int | None) -> None:
    assert too_deep(chunk, 64) == line
