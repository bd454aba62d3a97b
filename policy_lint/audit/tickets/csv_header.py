"""A CSV export's header, from its first bytes: the delimiter, the column names, the first rows.

The header is the first line (LF, CR or CRLF); its delimiter is the most frequent of comma,
semicolon and tab in it. The whole records of the bytes read to open the file give each
column's first values, which the reader and the time rules decide from without reading the
file's head again.
"""

from __future__ import annotations

import csv
import io
import re

from policy_lint.audit.tickets.export import Head
from policy_lint.audit.tickets.shown import said
from policy_lint.errors import ExportError

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def first_line_end(head: bytes) -> int | None:
    """Just after the first line break (LF, CR, CRLF), None when there is none (or a CR that
    may be half of a CRLF is the last byte)."""
    found = _LINE_BREAK.search(head)
    if found is None or (found.end() == len(head) and head.endswith(b"\r")):
        return None
    return found.end()


def check_text(head: bytes, name: str) -> None:
    """ExportError for a CSV export whose first bytes are binary data, or JSON."""
    if b"\x00" in head:
        raise ExportError(f"{name}: is not a CSV file (it holds binary data)")
    if head.lstrip().startswith((b"{", b"[")):
        raise ExportError(f"{name}: is not a CSV file (it looks like JSON)")


def _csv_text(head: bytes, name: str) -> str:
    first = _LINE_BREAK.split(head, maxsplit=1)[0]  # old Macs end lines with CR alone
    check_text(head, name)
    try:
        return first.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = first[error.start : error.start + 1].hex()
        raise ExportError(f"{name}:1: is not UTF-8 (byte 0x{byte} in the header)") from None


def sniff_delimiter(head: bytes, name: str) -> str:
    """The delimiter: the most frequent of comma, semicolon and tab in the header line."""
    header = _csv_text(head, name)
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def header_columns(head: bytes, name: str, delimiter: str) -> tuple[str, ...]:
    header = _csv_text(head, name)
    try:
        row = next(csv.reader([header], delimiter=delimiter), [])
    except csv.Error as error:  # a column name past the csv module's limit (128 KiB)
        raise ExportError(f"{name}:1: the header cannot be read ({said(error)})") from None
    return tuple(row)


def head_values(head: bytes, delimiter: str) -> tuple[Head, int]:
    """Each column's values in the whole records of the file's first bytes, blanks left out,
    and how many records that is."""
    text = head.decode("utf-8-sig", errors="replace")
    lines = io.StringIO(text[: text.rfind("\n") + 1], newline="")
    count = 0
    try:
        rows = csv.reader(lines, delimiter=delimiter)
        header = next(rows, [])
        wanted: dict[str, int] = {}
        for at, name in enumerate(header):
            wanted.setdefault(name, at)  # a name twice: its first place
        found: dict[str, list[str]] = {name: [] for name in wanted}
        for record in rows:
            count += bool(record)
            for name, at in wanted.items():
                if at < len(record) and record[at].strip():
                    found[name].append(record[at])
    except csv.Error:
        return (), 0  # the parser will say what is wrong with the file
    return tuple((name, tuple(values)) for name, values in found.items()), count
