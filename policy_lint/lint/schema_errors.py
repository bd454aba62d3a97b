"""A settings file's first schema error (a configuration, a mapping, a rule file), placed and said
in words that quote at most 80 characters of any value.

jsonschema's own messages quote the value they reject whole (`'<the whole file>' is not of type
'object'`): a rule file or configuration that is really a token, or a symlink to a credentials
file, would be printed into a CI log. These sentences keep jsonschema's wording, so that they read
as before, but quote a value through `quoting.cut`, a mapping or a list by its kind only, and the
document itself never: a file that is not a mapping at all is said to be text, not shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from policy_lint.lint.document import Document, escape
from policy_lint.quoting import cut, kind

_KINDS = {
    dict: "a mapping",
    list: "a list",
    str: "text",
    bool: "true or false",
    type(None): "empty",
}


def schema_problem(doc: Document, schema: Mapping[str, Any]) -> str | None:
    """`path:line:col: what is wrong` for the document's first schema error, or None (an empty
    document is an empty mapping)."""
    data = {} if doc.data is None else doc.data
    for error in Draft202012Validator(schema).iter_errors(data):
        pointer, key, message = _said(error)
        span = doc.position(pointer, key=key)
        return f"{doc.path}:{span.line}:{span.column}: {message}"
    return None


def _said(error: ValidationError) -> tuple[str, bool, str]:
    """Where to place the error (a pointer; on its key?) and what to say."""
    path = [str(token) for token in error.absolute_path]
    pointer = "".join(f"/{escape(token)}" for token in path)
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches = error.context
        if all(branch.validator == "required" for branch in branches):  # one of some keys
            named = f"`{cut(path[-1])}`" if path else "the file"
            keys = dict.fromkeys(repr(key) for branch in branches for key in _missing(branch))
            return pointer, False, f"{named} needs {' or '.join(keys)}"
        return _said(best_match(branches))
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = next(iter(_extra_keys(error)), None)
        if extra is not None:
            said = f"Additional properties are not allowed ({shown(extra)} was unexpected)"
            return f"{pointer}/{escape(extra)}", True, said
    if not path and not isinstance(error.instance, dict):  # the document itself: never shown
        return pointer, False, f"the file must be a mapping of keys; found {kind(error.instance)}"
    return pointer, False, _sentence(error)


def _sentence(error: ValidationError) -> str:
    value: Any = error.validator_value
    found = shown(error.instance)
    if error.validator == "type":
        wanted = [value] if isinstance(value, str) else list(value)
        return f"{found} is not of type {', '.join(repr(name) for name in wanted)}"
    if error.validator == "enum":
        return f"{found} is not one of {value!r}"
    if error.validator == "const":
        return f"{value!r} was expected; found {found}"
    if error.validator == "pattern":
        return f"{found} does not match {value!r}"
    if error.validator in ("minLength", "minItems", "minProperties"):
        return f"{found} should be non-empty" if value == 1 else f"{found} is too short"
    if error.validator == "format":
        return f"{found} is not a {value!r}"
    if error.validator in ("oneOf", "anyOf"):
        return f"{found} is not valid under any of the given schemas"
    if error.validator == "required":
        return error.message  # names a key of the schema, never a value of the file
    return f"{found} breaks the schema's `{error.validator}`"


def _missing(error: ValidationError) -> list[str]:
    """The keys a `required` error finds missing (names from the schema, not the file)."""
    required: Any = error.validator_value
    instance: Any = error.instance
    return [key for key in required if key not in instance]


def _extra_keys(error: ValidationError) -> list[str]:
    """The keys that `additionalProperties: false` refuses, in the document's order."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    instance: Any = error.instance
    return [
        key
        for key in instance
        if key not in known and not any(re.search(pattern, key) for pattern in patterns)
    ]


def shown(value: Any) -> str:
    """A value as jsonschema quotes it (its repr), cut; a mapping or a list by its kind."""
    if isinstance(value, dict | list):
        return kind(value)
    return repr(cut(value)) if isinstance(value, str) else cut(value)
