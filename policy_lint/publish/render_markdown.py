"""The published page (`render`'s model, page.py) as Markdown, every value shown literally."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from policy_lint.publish.page import Block, Items, Terms, Text
from policy_lint.publish.render import build_page


def render_markdown(doc_data: Mapping[str, Any], today: dt.date | None = None) -> str:
    """The policy as a Markdown page; country holidays listed for 12 months from `today`."""
    page = build_page(doc_data, today)
    lines = [f"<!-- {_comment(page.note)} -->", ""] if page.note else []
    lines += [f"# {_md(page.title)}", ""]
    if page.meta:
        lines += [f"_{_md(page.meta)}_", ""]
    for section in page.sections:
        lines += [f"## {_md(section.heading)}", ""]
        for block in section.blocks:
            lines += [*_md_block(block), ""]
    return "\n".join(lines)


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Text):
        return [_md(block.text)]
    if isinstance(block, Items):
        return [f"- {_md(item)}" for item in block.items]
    if isinstance(block, Terms):
        return [f"- **{_md(term)}**: {_md(text)}" for term, text in block.items]
    rows = [block.head, tuple("---" for _ in block.head), *block.rows]
    return ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]


_MD_SPECIAL = str.maketrans({char: "\\" + char for char in "\\`*_[]<>|"})


def _md(text: str) -> str:
    """Text as Markdown shows it literally: one line, its markup characters escaped."""
    return " ".join(text.split()).translate(_MD_SPECIAL)


def _comment(text: str) -> str:
    """Text safe inside an HTML comment, which `--` would end early in some readers."""
    return text.replace("--", "- -").replace(">", "")
