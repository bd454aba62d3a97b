"""A CSV export cut into runs of whole records, so that several threads parse it at once.

pyarrow's streaming CSV reader parses on one thread, and on ten million rows that one thread is
the audit's floor. A record ends at a line break outside quotes, and RFC 4180 quoting makes that
a matter of parity: a line break is outside quotes exactly when an even number of quote
characters came before it (an escaped quote is written twice, so it never changes the parity).
The reader thread only counts quotes, with numpy, and cuts each block of bytes at its last line
break outside quotes; the workers parse the runs, each on its own, in any order.

An uncompressed file is mapped into memory rather than read: a run is a view of the mapping, no
byte is copied, and once a run is parsed its pages are given back (so the file never counts
whole in the process's memory). A gzip file is decompressed as it is read, block by block.

A run does not know how many records came before it, so its rows are numbered from 1 and the
stage that sees the runs in order numbers them on. A quote inside an unquoted field breaks RFC
4180 and may make a cut land inside a record; that file then fails with the line of the first
row whose fields do not add up, as a file with broken quoting always has.
"""

from __future__ import annotations

import mmap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

_QUOTE = ord('"')
_COUNTED = 1 << 20  # bytes compared at a time when counting quotes: the mask stays in cache


class _Text(Protocol):
    """What runs are cut from: bytes, or a file mapped into memory."""

    def find(self, sub: bytes, start: int = ..., end: int = ...) -> int: ...

    def rfind(self, sub: bytes, start: int = ..., end: int = ...) -> int: ...


@dataclass(frozen=True, slots=True)
class Run:
    """Whole records; `release` gives back the memory they occupy once they are parsed."""

    text: Any  # bytes, or a memoryview of the mapped file
    release: Callable[[], None] | None = None

    def done(self) -> None:
        """The run is parsed: its pages may go."""
        if self.release is not None:
            self.release()


def mapped_records(path: Path, block: int) -> Iterator[Run]:
    """The records after the header of an uncompressed file, in runs of about `block` bytes,
    as views of the file mapped into memory."""
    with path.open("rb") as file:
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    if hasattr(mapped, "madvise"):
        mapped.madvise(mmap.MADV_SEQUENTIAL)
    view, size = memoryview(mapped), len(mapped)
    start = _first_cut(mapped, 0, size)
    if start is None:
        return
    while start < size:
        end = min(start + block, size)
        cut = size if end == size else _last_cut(view, mapped, start, end, start)
        while cut is None:  # a record longer than a block
            end = min(end + block, size)
            cut = size if end == size else _last_cut(view, mapped, start, end, end - block)
        yield Run(view[start:cut], _releaser(mapped, start, cut))
        start = cut


def _releaser(mapped: mmap.mmap, start: int, end: int) -> Callable[[], None] | None:
    """Drop the pages wholly inside [start, end) from the process (they stay in the file's
    cache; a neighbour's read of a shared page maps it again)."""
    if not hasattr(mapped, "madvise"):
        return None
    page = mmap.PAGESIZE
    low, high = -(-start // page) * page, end // page * page
    if high <= low:
        return None

    def release() -> None:
        if not mapped.closed:
            mapped.madvise(mmap.MADV_DONTNEED, low, high - low)

    return release


def whole_records(stream: Any, block: int) -> Iterator[Run]:
    """The records after the header of a stream (a gzip file as it is decompressed), in runs
    of about `block` bytes (longer when one record is)."""
    pending = b""
    header_done = False
    while True:
        fresh = bytes(stream.read(block))
        data = pending + fresh if pending else fresh
        if not header_done:
            start = _first_cut(data, 0, len(data))
            undecided = start is None or (start == len(data) and data.endswith(b"\r"))
            if undecided and fresh:  # no line end yet, or a CR whose LF may come next
                pending = data
                continue
            header_done = True
            data = data[start:] if start is not None else b""
        if not fresh:
            if data:
                yield Run(data)
            return
        cut = _last_cut(memoryview(data), data, 0, len(data), len(data) - len(fresh))
        if cut is None:
            pending = data  # one record longer than a block: read on
            continue
        if cut:
            yield Run(data[:cut])
        pending = data[cut:]


def _last_cut(view: memoryview, text: _Text, start: int, end: int, floor: int) -> int | None:
    """Just after the last line break outside quotes in [floor, end), where `start` is the
    start of a record; None when there is none (`floor`: the bytes before it have no cut)."""
    quotes = _quotes(view[start:end])
    while end > floor:
        line_end = _line_end(text, floor, end, last=True)
        if line_end < 0:
            return None
        quotes -= _quotes(view[line_end:end])
        if quotes % 2 == 0:
            return line_end + 1
        end = line_end
    return None


def _first_cut(text: _Text, start: int, end: int) -> int | None:
    """Just after the first line break outside quotes in [start, end) (the header's end)."""
    view = memoryview(text)  # type: ignore[arg-type]
    quotes = 0
    while True:
        line_end = _line_end(text, start, end, last=False)
        if line_end < 0:
            return None
        quotes += _quotes(view[start:line_end])
        if quotes % 2 == 0:
            crlf = text.find(b"\r\n", line_end, line_end + 2) == line_end
            return line_end + 1 + crlf
        start = line_end + 1


def _line_end(text: _Text, start: int, end: int, last: bool) -> int:
    """The first or last line break (LF, or a CR of old Macs) in [start, end), -1 for none.

    LF is looked for first and CR only beyond it, so that a file without CRs is not searched
    whole for one."""
    if last:
        lf = text.rfind(b"\n", start, end)
        return max(lf, text.rfind(b"\r", max(lf, start), end))
    lf = text.find(b"\n", start, end)
    cr = text.find(b"\r", start, lf if lf >= 0 else end)
    return cr if cr >= 0 else lf


def _quotes(view: memoryview) -> int:
    """How many quote characters the bytes hold (numpy: a third of bytes.count's time)."""
    data = np.frombuffer(view, dtype=np.uint8)
    if len(data) <= _COUNTED:
        return int(np.count_nonzero(data == _QUOTE))
    mask = np.empty(_COUNTED, dtype=bool)
    total = 0
    for low in range(0, len(data), _COUNTED):
        part = data[low : low + _COUNTED]
        total += int(np.count_nonzero(np.equal(part, _QUOTE, out=mask[: len(part)])))
    return total
