"""JSON Schema → Problems with pointers and sentences a policy author understands.

One Draft202012Validator is built per run. jsonschema's own messages ("'x' is not valid under any
of the given schemas") are turned into "`goal` must be a percentage such as `95%` …; found `very
high`", using the `title` of the schema's `$defs` as the name of what was expected, and each node
gets one finding, never a cascade for one typo.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from policy_lint.lint.document import Document, escape
from policy_lint.lint.findings import Problem
from policy_lint.quoting import cut, kind
from policy_lint.values import unmeasurable

_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "`true` or `false`",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


def schema_text() -> str:
    """The policy schema as shipped, for `policy-lint schema`."""
    return (files("policy_lint.schemas") / "policy.schema.json").read_text(encoding="utf-8")


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FORMATS = FormatChecker(formats=())


def impossible_date(text: str) -> str | None:
    """Why a well-spelled date (`2026-02-30`, `0000-01-01`) or range is no day of the calendar,
    or None when it is one. The schema's pattern checks the spelling only; a date the calendar
    lacks would be read as no date at all, switching off the rules that read it (PL401, PL402)."""
    days = []
    for part in text.split(".."):
        found = _DAY.match(part)
        if found is None:
            return None  # a spelling problem, which the pattern reports
        year, month, day = map(int, found.groups())
        if year < 1:
            return f"`{part}` is no date: the calendar starts in year 1"
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f"`{part}` is no date: {calendar.month_name[month]} {year} has {last} days"
        days.append(dt.date(year, month, day))
    if len(days) == 2 and days[1] < days[0]:
        return f"the range `{text}` ends before it begins"
    return None


@_FORMATS.checks("date")
@_FORMATS.checks("date-range")
def _real_date(instance: object) -> bool:
    return not isinstance(instance, str) or impossible_date(instance) is None


@cache
def policy_validator() -> Draft202012Validator:
    """The validator of the policy schema, built once per process; it checks that dates are
    days of the calendar (the formats `date` and `date-range`), not only spelled as dates."""
    return Draft202012Validator(json.loads(schema_text()), format_checker=_FORMATS)


def validate(doc: Document) -> list[Problem]:
    """Every schema problem of the document, one per pointer, in document order."""
    if doc.data is None:
        return [Problem("", "the file is empty: a policy is a mapping with `format`, `id`, …")]
    if not isinstance(doc.data, dict):  # said, not shown: it may be a token a symlink reached
        found = kind(doc.data)
        return [
            Problem("", f"a policy is a mapping of keys such as `format` and `id`; found {found}")
        ]
    problems: dict[str, Problem] = {}
    for error in policy_validator().iter_errors(doc.data):
        for problem in explain(error):
            problems.setdefault(problem.pointer, problem)
    return list(problems.values())


def pointer_of(error: ValidationError) -> str:
    """The JSON Pointer of the instance an error is about."""
    return "".join(f"/{escape(str(token))}" for token in error.absolute_path)


def name_of(error: ValidationError) -> str:
    """How to name the node in a sentence: its key, or `item N of key`."""
    return name_at(list(error.absolute_path))


def name_at(path: list[str | int]) -> str:
    """`the policy`, `` `goal` ``, or `item 2 of `service_levels`` for a path of tokens."""
    if not path:
        return "the policy"
    last = path[-1]
    if isinstance(last, int) or str(last).isdigit():
        parent = f" of `{cut(path[-2])}`" if len(path) > 1 else ""
        return f"item {int(last) + 1}{parent}"
    return f"`{cut(last)}`"


def describe(value: Any) -> str:
    """The found value, quoted as the author wrote it (cut, when long: `quoting.cut`)."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = value if isinstance(value, str) else cut(value)  # str() refuses a huge int
    shown = f"`{cut(text)}`"
    if isinstance(value, int | float):
        return f"{shown} (a number)"
    return f"{shown} (text)" if _looks_numeric(text) else shown


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def explain(error: ValidationError) -> Iterator[Problem]:
    """The problems one jsonschema error stands for."""
    pointer, name = pointer_of(error), name_of(error)
    schema = error.schema if isinstance(error.schema, dict) else {}
    title = schema.get("title")
    kind = error.validator
    if kind == "required":
        yield from _missing(error, pointer)
    elif kind in ("additionalProperties", "unevaluatedProperties"):
        yield from _unknown(error, pointer)
    elif kind == "false" or error.schema is False:
        yield Problem(pointer, f"{name} does not belong here", key=True)
    elif kind == "not":
        why = schema.get("description", "")
        yield Problem(
            pointer, f"{name} is not allowed here" + (f": {why}" if why else ""), key=True
        )
    elif kind == "format" and isinstance(error.instance, str) and impossible_date(error.instance):
        yield Problem(pointer, f"{name}: {impossible_date(error.instance)}")
    elif title and kind in ("type", "pattern", "anyOf", "oneOf") and unmeasurable(error.instance):
        yield Problem(pointer, f"{name}: {unmeasurable(error.instance)}")
    elif title and kind in ("type", "pattern", "anyOf", "oneOf", "format", "minLength", "enum"):
        options = [str(o) for o in schema.get("enum", [])]
        hint = _did_you_mean(str(error.instance), options) if options else ""
        yield Problem(pointer, f"{name} must be {title}; found {describe(error.instance)}{hint}")
    elif kind in ("anyOf", "oneOf") and error.context:
        yield from explain(best_match(error.context))
    elif kind == "type":
        expected: Any = error.validator_value
        wanted = [expected] if isinstance(expected, str) else list(expected)
        said = " or ".join(_TYPES.get(t, t) for t in wanted)
        hint = (
            ' (quote it: "3.2")' if "string" in wanted and isinstance(error.instance, float) else ""
        )
        yield Problem(pointer, f"{name} must be {said}; found {describe(error.instance)}{hint}")
    elif kind == "enum":
        yield Problem(pointer, _enum_message(name, error))
    elif kind == "const":
        yield Problem(
            pointer, f"{name} must be `{error.validator_value}`; found {describe(error.instance)}"
        )
    elif kind == "uniqueItems":
        yield Problem(pointer, f"{name} lists the same entry more than once")
    elif kind in ("minItems", "minProperties"):
        yield Problem(pointer, f"{name} must hold at least {error.validator_value} entries")
    elif kind == "minLength":
        yield Problem(pointer, f"{name} must not be empty")
    else:
        yield Problem(pointer, f"{name}: {error.message}")


def _enum_message(name: str, error: ValidationError) -> str:
    values: Any = error.validator_value
    options = [str(option) for option in values]
    listed = ", ".join(f"`{option}`" for option in options)
    message = f"{name} must be one of {listed}; found {describe(error.instance)}"
    return message + _did_you_mean(str(error.instance), options)


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" — did you mean `{close[0]}`?" if close else ""


def _missing(error: ValidationError, pointer: str) -> Iterator[Problem]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    where = name_at(list(error.absolute_path))
    required: Any = error.validator_value
    for key in required:
        if key in instance:
            continue
        about = properties.get(key, {}).get("description", "") if properties else ""
        first = about.split(". ")[0].rstrip(".")
        gist = f": {first[:1].lower()}{first[1:]}" if first else ""
        yield Problem(f"{pointer}/{escape(key)}", f"{where} needs `{key}`{gist}")


def _unknown(error: ValidationError, pointer: str) -> Iterator[Problem]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    for key in instance:
        if key in known or any(re.search(pattern, key) for pattern in patterns):
            continue
        where = name_at(list(error.absolute_path))
        message = f"unknown key `{cut(key)}` in {where}" + _did_you_mean(key, known)
        yield Problem(f"{pointer}/{escape(key)}", message, key=True)
