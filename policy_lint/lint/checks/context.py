"""What every check receives besides the document, and the shape every check has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from policy_lint.lint.document import Document
from policy_lint.lint.findings import Problem

if TYPE_CHECKING:  # a type only: `check` without --history loads no audit module
    from policy_lint.audit.results import LevelResult


@dataclass(frozen=True, slots=True)
class Context:
    """The run's facts a check may use; `today` comes from the CLI, never from the clock."""

    today: dt.date
    language: str = "en"
    history: Mapping[str, LevelResult] | None = None  # PL901: each promise measured on history


class Check(Protocol):
    """A check: reads the document, yields problems as data; never places, prints or mutates."""

    def __call__(self, doc: Document, ctx: Context, /) -> Iterator[Problem]: ...
