"""The declarative kinds: checks written as data in a rule file, no Python needed.

A kind is a factory: the rule's `params` (and `message`) in, a Check out. Pointers may hold `*`
for any key or index. Messages are `str.format_map` over the match's fields — never evaluated.

- `required`: each pointer in `pointers` must exist and not be empty.
- `required_any`: at least one of `pointers` must exist and not be empty; reported at `at`.
- `forbidden_words`: no word of `words` (a list, or the name of a list under rules/words/) in the
  text at `pointers` (default: every string of the policy); reported at the word itself.
- `in_range`: numbers (or percentages, `type: percentage`) at `pointers` within `min`/`max`,
  `exclusive_min`/`exclusive_max`.
- `flag`: report every node at `pointers` whose value equals `equals`.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.checks.prose import compile_words, named_words, strings
from policy_lint.lint.document import Document
from policy_lint.lint.findings import Problem
from policy_lint.quoting import cut
from policy_lint.values import percentage

_PARSER = string.Formatter()


class _Fields(dict[str, Any]):
    """Format fields: a missing one shows as `{name}` rather than failing the run."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def say(template: str | None, default: str, **fields: Any) -> str:
    """The rule's message with the match's fields filled in, text (and a number too long to
    quote) cut by `quoting.cut`; a template `template_problem` let through has plain fields only."""
    shown = {key: cut(value) if _long(value) else value for key, value in fields.items()}
    return (template or default).format_map(_Fields(shown))


def _long(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and value.bit_length() > 256)


def template_problem(template: str) -> str | None:
    """Why a rule's message cannot be a template, or None when it can.

    A message is a Python format string, and a rule pack comes from a pull request: a format
    spec (`{word:>1500000000}` pads to 1.4 GB), a conversion (`{value!r}`), or attribute and
    index access (`{value.__class__}`, `{value[0]}`) would let the pack's author allocate or
    reach into objects. Only plain `{name}` fields are filled in; `{{` and `}}` are braces.
    """
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in _PARSER.parse(template)]
    except ValueError:
        return "has a brace that does not pair: write `{{` or `}}` for a brace itself"
    for name, spec, conversion in fields:
        if name is None:
            continue
        shown = (
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        if not name.isidentifier():
            return f"may only fill in fields by name such as `{{word}}`; `{shown}` is not one"
        if spec or conversion:
            return f"may only fill in plain fields such as `{{{name}}}`; `{shown}` formats it"
    return None


def is_empty(value: Any) -> bool:
    """None, blank text and empty collections promise nothing."""
    return value is None or (isinstance(value, str | list | dict) and not value)


def _pointers(params: Mapping[str, Any]) -> Sequence[str]:
    pointers = params.get("pointers", params.get("pointer", []))
    return [pointers] if isinstance(pointers, str) else list(pointers)


def _matches(doc: Document, pointer: str) -> Iterator[tuple[str, Any]]:
    if "*" in pointer:
        yield from doc.glob(pointer)
    elif doc.has(pointer):
        yield pointer, doc.get(pointer)


def required(params: Mapping[str, Any], message: str | None) -> Check:
    """Each pointer must exist and hold something."""

    def check(doc: Document, ctx: Context) -> Iterator[Problem]:
        for pointer in _pointers(params):
            if is_empty(doc.get(pointer)):
                yield Problem(pointer, say(message, "`{pointer}` is missing", pointer=pointer))

    return check


def required_any(params: Mapping[str, Any], message: str | None) -> Check:
    """One of the pointers must exist and hold something."""

    def check(doc: Document, ctx: Context) -> Iterator[Problem]:
        pointers = _pointers(params)
        if all(is_empty(doc.get(pointer)) for pointer in pointers):
            listed = ", ".join(f"`{pointer}`" for pointer in pointers)
            yield Problem(
                str(params.get("at", "")), say(message, "none of {listed}", listed=listed)
            )

    return check


def forbidden_words(params: Mapping[str, Any], message: str | None) -> Check:
    """No word of `words` in the strings at the pointers (default: all); found at the word."""
    words = params.get("words", [])
    listed = tuple(str(word) for word in words) if isinstance(words, list) else None
    name = str(words)
    if listed is None:
        named_words("en", name)  # an unknown list name fails when the rule loads, not mid-run
    pointers = _pointers(params)

    def check(doc: Document, ctx: Context) -> Iterator[Problem]:
        found = compile_words(listed if listed is not None else named_words(ctx.language, name))
        targets = [m for p in pointers for m in _matches(doc, p)] if pointers else [("", doc.data)]
        for base, value in targets:
            for pointer, text in strings(value, base):
                for match in found.finditer(text):
                    word = match.group()
                    yield Problem(
                        pointer,
                        say(message, "`{word}` is not allowed here", word=word, pointer=pointer),
                        match.start(),
                    )

    return check


def in_range(params: Mapping[str, Any], message: str | None) -> Check:
    """Numbers or percentages within bounds."""
    read: Callable[[Any], float | None] = (
        percentage if params.get("type") == "percentage" else _number
    )

    def check(doc: Document, ctx: Context) -> Iterator[Problem]:
        for pattern in _pointers(params):
            for pointer, value in doc.glob(pattern):
                number = read(value)
                if number is not None and not _within(number, params):
                    yield Problem(
                        pointer,
                        say(message, "`{value}` is out of range", value=value, pointer=pointer),
                    )

    return check


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _within(number: float, params: Mapping[str, Any]) -> bool:
    if math.isnan(number):
        return False  # NaN compares false with every bound, yet lies within none
    return not (
        ("min" in params and number < params["min"])
        or ("max" in params and number > params["max"])
        or ("exclusive_min" in params and number <= params["exclusive_min"])
        or ("exclusive_max" in params and number >= params["exclusive_max"])
    )


def flag(params: Mapping[str, Any], message: str | None) -> Check:
    """Every node at the pointers whose value equals `equals`."""

    def check(doc: Document, ctx: Context) -> Iterator[Problem]:
        for pattern in _pointers(params):
            for pointer, value in _matches(doc, pattern):
                if value == params.get("equals"):
                    yield Problem(
                        pointer,
                        say(message, "`{pointer}` is flagged", pointer=pointer, value=value),
                    )

    return check


KINDS: dict[str, Callable[[Mapping[str, Any], str | None], Check]] = {
    "required": required,
    "required_any": required_any,
    "forbidden_words": forbidden_words,
    "in_range": in_range,
    "flag": flag,
}
