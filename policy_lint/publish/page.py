"""The published page as a small neutral model: what `render` says, before it is Markdown or HTML.

render.py builds a `Page` from a policy; render_markdown.py and render_html.py only format it,
so both formats say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph."""

    text: str


@dataclass(frozen=True, slots=True)
class Items:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Terms:
    """Terms and what each means: definitions, channels, self-service links."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table: its column headings and rows of cells."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Text | Items | Terms | Table


@dataclass(frozen=True, slots=True)
class Section:
    """A section of the page: its key (`promises` …), its heading and its blocks."""

    key: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """The published policy, before formatting."""

    language: str
    title: str
    meta: str
    note: str  # why the page is in English when the policy is not; empty otherwise
    sections: tuple[Section, ...]
