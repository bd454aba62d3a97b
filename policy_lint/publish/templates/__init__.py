"""The words of `init` and `render`: one YAML file per language, and the public holidays.

`<language>.yaml` holds, for one language, the prose `init` writes into a new policy and the
phrases `render` publishes a policy with; `holidays.yaml` the public holidays `init` lists, by
country. They are data, shipped in the wheel as the package's files, so that someone who speaks
the language can correct them without reading Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from policy_lint.errors import CatalogueError
from policy_lint.lint.load import load_text

LANGUAGES = ("en", "lv", "lt", "tr", "ru")


@cache
def template_for(language: str) -> Mapping[str, Any]:
    """The template of one of LANGUAGES: `policy`, `markers`, `comments`, `render`."""
    if language not in LANGUAGES:
        raise CatalogueError(f"no template for the language `{language}`")
    return _read(f"{language}.yaml")


@cache
def holiday_rules() -> Mapping[str, Any]:
    """The holiday rules of every country holidays.yaml knows, by ISO 3166 code."""
    return _read("holidays.yaml")


def _read(name: str) -> Mapping[str, Any]:
    source = f"policy_lint/publish/templates/{name}"
    loaded = load_text((files(__name__) / name).read_text(encoding="utf-8"), source)
    data = loaded.document.data if loaded.document else None
    if loaded.issues or not isinstance(data, dict):
        raise CatalogueError(f"{source}: cannot be read as a mapping")
    return data
