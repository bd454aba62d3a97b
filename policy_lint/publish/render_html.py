"""`policy-lint render --format html`: the published policy as one self-contained HTML page.

This module owns only the HTML form of render.py's `Page`: the words and the order of the
sections are render.py's. The page needs nothing but itself — the style sheet is inline, there
is no script, no font, no image and no link to fetch — so it opens offline, passes a strict
Content-Security-Policy and prints cleanly on A4 or Letter. Every text is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from typing import Any

from policy_lint.publish.page import Block, Items, Page, Section, Table, Terms, Text
from policy_lint.publish.render import build_page

STYLE = """\
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1f2328;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.25rem 3rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .3rem; }
.meta { color: #57606a; margin: 0 0 1.5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .25rem;
  border-bottom: 1px solid #d0d7de; }
p, ul, dl, table { margin: 0 0 .8rem; }
ul { padding-left: 1.3rem; }
li { margin: .25rem 0; }
#promises li, #complaints li { padding-left: .15rem; }
#promises li::marker { color: #1a7f37; }
dt { font-weight: 600; }
dd { margin: 0 0 .5rem; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
th { background: #f6f8fa; font-weight: 600; }
@page { margin: 18mm 16mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  li, dd, tr { break-inside: avoid; }
  th { background: none; }
}
"""


def render_html(doc_data: Mapping[str, Any], today: dt.date | None = None) -> str:
    """The policy as a self-contained, printable HTML page in the policy's language; country
    holidays listed for 12 months from `today`."""
    page = build_page(doc_data, today)
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{_attr(page.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="policy-lint">',
        f"<title>{escape(page.title)}</title>",
        f"<style>\n{STYLE}</style>",
        "</head>",
        "<body>",
        *_note(page),
        "<main>",
        *_header(page),
        *(line for section in page.sections for line in _section(section)),
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def _note(page: Page) -> list[str]:
    note = page.note.replace("--", "- -").replace(">", "")
    return [f"<!-- {note} -->"] if note else []


def _header(page: Page) -> list[str]:
    meta = [f'<p class="meta">{escape(page.meta)}</p>'] if page.meta else []
    return ["<header>", f"<h1>{escape(page.title)}</h1>", *meta, "</header>"]


def _section(section: Section) -> list[str]:
    body = [line for block in section.blocks for line in _block(block)]
    head = f'<section id="{_attr(section.key)}">'
    return [head, f"<h2>{escape(section.heading)}</h2>", *body, "</section>"]


def _block(block: Block) -> list[str]:
    if isinstance(block, Text):
        return [f"<p>{escape(block.text)}</p>"]
    if isinstance(block, Items):
        return ["<ul>", *(f"<li>{escape(item)}</li>" for item in block.items), "</ul>"]
    if isinstance(block, Terms):
        pairs = (f"<dt>{escape(t)}</dt><dd>{escape(text)}</dd>" for t, text in block.items)
        return ["<dl>", *pairs, "</dl>"]
    return _table(block)


def _table(table: Table) -> list[str]:
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in table.head)
    rows = (
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"]


def _attr(text: str) -> str:
    return escape(text, quote=True)
