"""Text → Document: libyaml's event stream, composed here with YAML 1.2 scalars and positions.

PyYAML's C parser gives events with line, column, style and raw text at a fraction of ruamel.yaml's
cost. Composing them here, iteratively, rather than with PyYAML's composer earns three things: plain
scalars follow the YAML 1.2 core schema (`9:00` and `NO` stay strings, dates stay text), every
repeated key is reported instead of silently dropped, and hostile input is bounded — nesting depth
and alias expansion are counted as the events arrive, so a billion-laughs file or ten thousand
nested brackets end in one finding, never in a crash, a hang or exhausted memory. No tag ever
constructs an object: a tag outside the core schema is a finding.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policy_lint.errors import LoadError
from policy_lint.lint.document import Document, Span, escape
from policy_lint.lint.tree import refuse_leaving
from policy_lint.quoting import cut
from policy_lint.regular import NotRegular, TooLarge, read_capped

MAX_BYTES = 5 * 1024 * 1024  # a policy is a few kilobytes; this is a generous ceiling
MAX_DEPTH = 64
MAX_NODES = 100_000  # nodes after alias expansion
MAX_DIGITS = 300  # an integer's decimal digits: any more and no float can hold it
_LARGEST = 10**MAX_DIGITS

_CORE = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem the loader found, already placed: PL100 (syntax, encoding, bounds) or PL101."""

    code: str
    line: int
    column: int
    message: str
    pointer: str = ""


@dataclass(slots=True)
class Loaded:
    """The loader's answer: a Document when the text could be read, and the issues found."""

    document: Document | None
    issues: list[Issue] = field(default_factory=list)
    text: str = ""  # the text read, kept when no document could be composed (for suppressions)


def read_text(path: Path) -> str | Issue:
    """The file's text, or an Issue naming the line of the first byte that is not UTF-8.

    Raises LoadError for what is not a policy problem but a path problem (missing, a folder, a
    FIFO or a device, unreadable, larger than any policy could be, a symbolic link out of its
    tree: policy_lint.lint.tree). Only a regular file is read,
    and never more than `MAX_BYTES` of it: a FIFO would block until some writer came, and
    `/dev/zero` would be read until memory ran out, whatever `stat` said of their size.
    """
    refuse_leaving(path)
    try:
        raw = read_capped(path, MAX_BYTES)
    except TooLarge:
        raise LoadError(f"{path}: is larger than a policy can be (5 MiB)") from None
    except NotRegular as refused:
        raise LoadError(f"{path}: {refused}") from None
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except OSError as error:
        raise LoadError(f"{path}: cannot be read ({error.strerror or error})") from None
    return decode(raw)


def decode(raw: bytes) -> str | Issue:
    """UTF-8 (a BOM allowed, as YAML allows), or UTF-16 when its BOM says so."""
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start : error.start + 1].hex()
        message = f"the file is not valid {encoding.upper()[:6]}: byte 0x{byte} on line {line}"
        return Issue("PL100", line, column, message.replace("UTF-8-", "UTF-8"))


def load_text(text: str, path: str) -> Loaded:
    """Compose a Document from YAML text; syntax errors and bounds become PL100 issues."""
    composer = _Composer(path, text)
    try:
        composer.run()
    except yaml.MarkedYAMLError as error:
        return Loaded(None, [*composer.issues, _syntax_issue(error, text)], text)
    except _Abort as abort:
        return Loaded(None, [*composer.issues, abort.issue], text)
    except yaml.reader.ReaderError as error:  # unmarked: a character YAML does not allow
        return Loaded(None, [*composer.issues, _character_issue(error, text)], text)
    except yaml.YAMLError as error:
        return Loaded(None, [*composer.issues, Issue("PL100", 1, 1, f"YAML: {error}")], text)
    except UnicodeEncodeError as error:  # a lone surrogate, which no file decodes to
        where, code = _place_of(text, error.start), ord(text[error.start])
        said = f"a lone surrogate U+{code:04X}, which no text holds: remove it"
        return Loaded(None, [*composer.issues, Issue("PL100", *where, said)], text)
    return Loaded(composer.document, composer.issues)


def _character_issue(error: yaml.reader.ReaderError, text: str) -> Issue:
    """PL100 at the character itself: libyaml counts its position in UTF-8 bytes, and says
    `position 25` on a second line of its message, which reported it at 1:1 on two lines."""
    index = len(text.encode("utf-8")[: error.position].decode("utf-8", "ignore"))
    code = (
        error.character if isinstance(error.character, int) else ord(text[index : index + 1] or "?")
    )
    escaped = f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}"
    message = (
        f"character U+{code:04X} is not allowed in YAML (a control character, or no "
        f"character at all): remove it, or write it `{escaped}` inside double quotes"
    )
    return Issue("PL100", *_place_of(text, index), message)


def _place_of(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character index of the text."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _syntax_issue(error: yaml.MarkedYAMLError, text: str) -> Issue:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "invalid YAML"
    if "maximum nesting depth" in problem and mark is not None:
        # libyaml (PyYAML >= 6.0.4) stops at 1,000 levels while scanning ahead in a flow
        # collection, before the composer reaches the 65th; the text before that point, which
        # libyaml can scan, shows where the 65th level opens
        prefix = load_text(text[: mark.index], "")
        deep = [i for i in prefix.issues if i.message.startswith("nesting deeper")]
        return deep[0] if deep else Issue("PL100", mark.line + 1, mark.column + 1, problem)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        problem = "a tab where YAML expects spaces: indent with spaces, never tabs"
    context = error.context_mark
    if error.context and context is not None and mark is not None and context.line != mark.line:
        problem += f" ({error.context} at line {context.line + 1})"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Issue("PL100", line, column, f"YAML syntax: {problem}")


class _Abort(Exception):
    def __init__(self, issue: Issue) -> None:
        self.issue = issue


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    pointer: str
    span: Span
    size: int = 1
    key: str | None = None
    key_span: Span | None = None
    anchor: str | None = None


def _span(event: Any) -> Span:
    mark, end = event.start_mark, event.end_mark
    style = getattr(event, "style", None) or None
    return Span(mark.line + 1, mark.column + 1, mark.index, end.index, style)


class _Composer:
    """Builds plain data and spans from parser events with an explicit stack: no recursion."""

    def __init__(self, path: str, text: str) -> None:
        self.document = Document(path, text, None)
        self.issues: list[Issue] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.documents = 0

    def run(self) -> None:
        for event in yaml.parse(self.document.text, Loader=yaml.CSafeLoader):
            self.feed(event)

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _Abort(
                    self.issue_at(
                        event, "a policy file holds one YAML document; a second one starts here"
                    )
                )
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.start(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.container, frame.size)
            self.place(frame.container, frame.span, frame.size, event)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise _Abort(self.issue_at(event, f"alias *{cut(event.anchor)} names no anchor"))
            value, size = self.anchors[event.anchor]
            self.place(value, _span(event), size, event)

    def issue_at(self, event: Any, message: str) -> Issue:
        mark = event.start_mark
        return Issue("PL100", mark.line + 1, mark.column + 1, message)

    def start(self, event: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise _Abort(self.issue_at(event, f"nesting deeper than {MAX_DEPTH} levels"))
        self.check_tag(event, "map" if isinstance(event, yaml.MappingStartEvent) else "seq")
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        pointer = self.child_pointer(event)
        self.stack.append(_Frame(container, pointer, _span(event), anchor=event.anchor))

    def child_pointer(self, event: Any) -> str:
        if not self.stack:
            return ""
        top = self.stack[-1]
        if isinstance(top.container, list):
            return f"{top.pointer}/{len(top.container)}"
        if top.key is None:
            raise _Abort(
                self.issue_at(event, "a mapping key must be a plain value, not a list or a mapping")
            )
        return f"{top.pointer}/{escape(top.key)}"

    def scalar(self, event: Any) -> None:
        top = self.stack[-1] if self.stack else None
        if isinstance(top, _Frame) and isinstance(top.container, dict) and top.key is None:
            top.key, top.key_span = event.value, _span(event)
            return
        value = self.resolve(event)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self.place(value, _span(event), 1, event)

    def place(self, value: Any, span: Span, size: int, event: Any) -> None:
        """Attach a finished node to its parent, counting expanded nodes against the bound."""
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise _Abort(
                self.issue_at(
                    event,
                    f"the document expands to more than {MAX_NODES:,} "
                    "nodes (aliases repeating aliases?)",
                )
            )
        pointer = self.child_pointer(event)
        self.document.values[pointer] = span
        if not self.stack:
            self.document.data = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.container, list):
            top.container.append(value)
            return
        key, key_span = top.key, top.key_span
        assert key is not None and key_span is not None
        if key in top.container:
            first = self.document.keys[pointer]
            self.issues.append(
                Issue(
                    "PL101",
                    key_span.line,
                    key_span.column,
                    f"key `{cut(key)}` repeats the key on line {first.line}; "
                    "YAML keeps only the last of them",
                    pointer,
                )
            )
        self.document.keys[pointer] = key_span
        top.container[key] = value
        top.key = top.key_span = None

    def check_tag(self, event: Any, kind: str) -> str | None:
        """The core-schema type an explicit tag asks for; any other tag is a finding."""
        tag = event.tag
        if tag is None or tag == "!":
            return None
        if tag.startswith(_CORE) and tag[len(_CORE) :] in (
            "str",
            "int",
            "float",
            "bool",
            "null",
            kind,
        ):
            return str(tag[len(_CORE) :])
        shown = tag.replace(_CORE, "!!")
        mark = event.start_mark
        self.issues.append(
            Issue(
                "PL100",
                mark.line + 1,
                mark.column + 1,
                f"tag `{cut(shown)}` is not allowed: a policy is plain YAML, and "
                "no tag constructs anything",
            )
        )
        return None

    def resolve(self, event: Any) -> Any:
        wanted = self.check_tag(event, "str")
        text: str = event.value
        if wanted == "str" or (wanted is None and (event.style or not event.implicit[0])):
            return text  # quoted, block, non-plain or tagged !!str: a string
        try:
            value = resolve_plain(text)
        except NumberTooLarge:
            mark = event.start_mark
            shown = text if len(text) <= 24 else f"{text[:20]}…"
            message = (
                f"`{shown}` is a number too large for a policy (more than {MAX_DIGITS} digits): "
                "quote it if it is text"
            )
            pointer = self.child_pointer(event)
            self.issues.append(Issue("PL100", mark.line + 1, mark.column + 1, message, pointer))
            return text
        if wanted is None:
            return value
        converted = {"int": int, "float": float, "bool": bool, "null": type(None)}[wanted]
        if isinstance(value, converted) and not (wanted == "int" and isinstance(value, bool)):
            return value
        if wanted == "float" and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        mark = event.start_mark
        self.issues.append(
            Issue(
                "PL100",
                mark.line + 1,
                mark.column + 1,
                f"`{cut(text)}` cannot be read as !!{wanted}",
            )
        )
        return text


def resolve_plain(text: str) -> Any:
    """A plain scalar by the YAML 1.2 core schema: null, bool, int, float, else the string."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return _integer(text, 10)
    if _OCT.match(text):
        return _integer(text[2:], 8)
    if _HEX.match(text):
        return _integer(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


class NumberTooLarge(ValueError):
    """An integer no float could hold: Python refuses to read or print one of more than 4,300
    digits, and would take a time quadratic in its length to do it."""


def _integer(text: str, base: int) -> int:
    """An integer of the policy's text, or NumberTooLarge past `MAX_DIGITS` decimal digits."""
    negative = text.startswith("-")
    digits = text.lstrip("+-").lstrip("0") or "0"
    if len(digits) > MAX_DIGITS + 1:  # more digits than the bound allows in any base
        raise NumberTooLarge(text)
    value = int(digits, base)
    if value >= _LARGEST:
        raise NumberTooLarge(text)
    return -value if negative else value


def load_path(path: Path, shown: str | None = None) -> Loaded:
    """Read and compose one policy file; path problems raise LoadError, content ones are issues."""
    text = read_text(path)
    name = shown if shown is not None else str(path)
    if isinstance(text, Issue):
        return Loaded(None, [text])
    return load_text(text, name)
