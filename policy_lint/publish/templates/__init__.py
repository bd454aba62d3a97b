"""The words of `init` and `render`: one YAML file per language.

`<language>.yaml` holds, for one language, the prose `init` writes into a new policy and the
phrases `render` publishes a policy with. They are data, shipped in the wheel as the package's
files, so that someone who speaks the language can correct them without reading Python. The
public holidays are not here: a new policy names its country, and policy_lint.public_holidays
resolves it.
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


def _read(name: str) -> Mapping[str, Any]:
    source = f"policy_lint/publish/templates/{name}"
    loaded = load_text((files(__name__) / name).read_text(encoding="utf-8"), source)
    data = loaded.document.data if loaded.document else None
    if loaded.issues or not isinstance(data, dict):
        raise CatalogueError(f"{source}: cannot be read as a mapping")
    return data
