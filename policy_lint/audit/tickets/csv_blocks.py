"""A CSV export cut into blocks of whole records, so that several threads parse it at once.

pyarrow's streaming CSV reader parses on one thread, and on a large export that one thread
would be the audit's floor. A record ends at a line break outside quotes, and RFC 4180 quoting
makes that a matter of parity: a line break is outside quotes exactly when an even number of
quote characters came before it (an escaped quote is written twice, so it never changes the
parity). The reader thread only counts quotes, with numpy, and cuts the bytes it reads at their
last line break outside quotes, into blocks; the workers parse the blocks, each on its own, in
any order.

The file is read, not mapped into memory. A mapped file that shrinks while it is read kills the
process with SIGBUS at the first page past its new end, in numpy or pyarrow, where no Python
handler can turn the signal into an error (it would run only after the faulting load is retried,
forever). So the bytes are read into a few buffers of a block's size, each given back once its
block is parsed and filled again: their pages are touched once, not once a block, and pyarrow's
parsed columns are copies, never views of the buffer. The reader names the end of the file, so
the caller can check that the file it read is the file it opened. A gzip file is decompressed
into the same buffers as it is read.

A block does not know how many records came before it, so its rows are numbered from 1 and the
stage that sees the blocks in order numbers them on. A quote inside an unquoted field breaks RFC
4180 and may make a cut land inside a record; that file then fails with the line of the first
row whose fields do not add up, as a file with broken quoting always has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from policy_lint.audit.tickets.caps import HEADER_BYTES, RECORD_BYTES, LongRecord, long_header
from policy_lint.errors import ExportError

_QUOTE = ord('"')
_COUNTED = 1 << 20  # bytes compared at a time when counting quotes: the mask stays in cache


class _Text(Protocol):
    """What blocks are cut from: bytes, or a buffer they were read into."""

    def find(self, sub: bytes, start: int = ..., end: int = ...) -> int: ...

    def rfind(self, sub: bytes, start: int = ..., end: int = ...) -> int: ...


@dataclass(frozen=True, slots=True)
class Block:
    """Bytes read from an export, whole records; `release` gives back the memory they occupy
    once they are parsed."""

    text: Any  # bytes, or a memoryview of a buffer they were read into
    release: Callable[[], None] | None = None

    def done(self) -> None:
        """The block is parsed: its buffer may be filled again."""
        if self.release is not None:
            self.release()


class _Buffers:
    """Buffers for blocks, each taken by the reader and given back once its block is parsed
    (from a worker thread: list.append and list.pop are atomic)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._free: list[bytearray] = []

    def take(self, size: int) -> bytearray:
        """A free buffer of at least `size` bytes (a smaller one is let go), or a new one."""
        while self._free:
            found = self._free.pop()
            if len(found) >= size:
                return found
        return bytearray(max(size, self._size))

    def give(self, buffer: bytearray) -> Callable[[], None]:
        """What gives `buffer` back."""
        return lambda: self._free.append(buffer)


def blocks(
    readinto: Callable[[memoryview], int],
    block_bytes: int,
    end: Callable[[], None] | None = None,
    name: str = "the export",
) -> Iterator[Block]:
    """The records after the header, in blocks of about `block_bytes` (longer when one record
    is), read by `readinto` (a file's or a decompressing stream's); `end()` is called once the
    last byte has been read, before the last block is handed on. A header past HEADER_BYTES is an
    ExportError, a record past RECORD_BYTES a LongRecord (the row is known further on)."""
    # a block, and the record the last one ended in
    buffers = _Buffers(block_bytes + block_bytes // 8 + 64)
    carry = b""  # the start of the record the last buffer ended in
    header = True
    while True:
        want = max(block_bytes, len(carry))  # a long record: as much again, so copying stays linear
        buffer = buffers.take(len(carry) + want)
        view = memoryview(buffer)
        view[: len(carry)] = carry
        got = _fill(readinto, view[len(carry) : len(carry) + want])
        size, start = len(carry) + got, 0
        if header:
            found = _first_cut(buffer, 0, size)
            # no line end yet, or a CR whose LF may come next: read on
            if got and (found is None or (found == size and buffer[size - 1] == 13)):
                if size > HEADER_BYTES:
                    raise ExportError(long_header(name))
                carry = bytes(view[:size])
                buffers.give(buffer)()
                continue
            header, start = False, size if found is None else found
        if not got:
            if end is not None:
                end()
            if size > start:
                yield Block(view[start:size], buffers.give(buffer))
            return
        cut = _last_cut(view, buffer, start, size, max(start, len(carry)))
        if cut is None:  # one record longer than all read so far: read on
            if size - start > RECORD_BYTES:
                raise LongRecord(name)
            carry = bytes(view[start:size])
            buffers.give(buffer)()
            continue
        carry = bytes(view[cut:size])
        yield Block(view[start:cut], buffers.give(buffer))


def _fill(readinto: Callable[[memoryview], int], view: memoryview) -> int:
    """Bytes read into `view`: all of it, unless the end of the file comes first."""
    got = 0
    while got < len(view):
        count = readinto(view[got:])
        if not count:
            break
        got += count
    return got


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
            crlf = text.find(b"\r\n", line_end, min(line_end + 2, end)) == line_end
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
    """How many quote characters the bytes hold (numpy, without the GIL and faster than
    bytes.count)."""
    data = np.frombuffer(view, dtype=np.uint8)
    if len(data) <= _COUNTED:
        return int(np.count_nonzero(data == _QUOTE))
    mask = np.empty(_COUNTED, dtype=bool)
    total = 0
    for low in range(0, len(data), _COUNTED):
        part = data[low : low + _COUNTED]
        total += int(np.count_nonzero(np.equal(part, _QUOTE, out=mask[: len(part)])))
    return total
