"""The audit's threads: a reader ahead of the work, and workers whose results come back in order.

An audit is a stream of batches through stages. Two of them must see the batches one at a time
and in order: reading a file, and keeping each ticket id's first occurrence (later ones are
duplicates).
Everything else (parsing a batch's values, timing its tickets against every promise) depends on
that batch alone, so it runs on a few worker threads, several batches at once. pyarrow and numpy
do their work without the GIL, which is what lets threads use every core here; the results are
taken in batch order, so the report is the same bytes whatever the number of threads.
"""

from __future__ import annotations

import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_END = object()


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def prefetched(items: Iterator[T], depth: int = 2) -> Generator[T, None, None]:
    """The items, produced by a helper thread at most `depth` ahead of the consumer.

    The reader of an export is a sequence (a CSV parser, a Parquet column reader) that waits on
    the disk and on pyarrow's own threads; on a thread of its own it reads the next batches
    while the workers parse the ones before. The helper's exception is raised here; a consumer
    that stops early stops the helper after the item it is on.
    """
    box: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def work() -> None:
        try:
            for item in items:
                box.put((item, None))
                if stop.is_set():
                    break
        except BaseException as error:  # handed to the consumer, raised there
            box.put((_END, error))
            return
        box.put((_END, None))

    helper = threading.Thread(target=work, name="policy-lint-reader", daemon=True)
    helper.start()
    try:
        while True:
            item, error = box.get()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        while helper.is_alive() and box.get()[0] is not _END:
            pass
        helper.join()


class Workers:
    """A few threads that run one stage's work on a stream of batches, results in batch order.

    With `threads=0` the work runs on the caller's thread, one batch after another: the same
    results, which the tests hold the threaded runs to.
    """

    def __init__(self, threads: int) -> None:
        self.threads = max(threads, 0)
        self._pool = ThreadPoolExecutor(threads, "policy-lint-worker") if threads else None

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the threads once the work handed to them is done (none is waited for twice)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, work: Callable[[], R]) -> Future[R]:
        """work() on a worker thread (on the caller's, at once, without workers)."""
        if self._pool is not None:
            return self._pool.submit(work)
        done: Future[R] = Future()
        done.set_result(work())
        return done

    def ordered(
        self, work: Callable[[T], R], items: Iterable[T], ahead: int
    ) -> Generator[R, None, None]:
        """work(item) for every item, in the items' order, at most `ahead` items being worked on
        besides the one handed out (so memory stays bounded)."""
        source = iter(items)
        pending: deque[Future[R]] = deque()
        try:
            if self._pool is None:
                yield from map(work, source)
                return
            for item in source:
                pending.append(self._pool.submit(work, item))
                if len(pending) > ahead:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            close = getattr(source, "close", None)
            if close is not None:  # a generator (the reader's) stops now, not when collected
                close()

    def fed(
        self, work: Callable[[T], R], items: Iterator[T], ahead: int
    ) -> Generator[R, None, None]:
        """work(item) for every item, in order, the items read on a thread of their own.

        For a reader: the reader thread hands each batch it reads straight to the workers and
        reads on while fewer than `ahead` are waiting to be taken, so a batch read is being
        worked on at once and no read batch sits in a queue (memory: `ahead` batches).
        Without worker threads, the reader still reads ahead on its own thread.
        """
        if self._pool is None:
            yield from map(work, prefetched(items))
            return
        pool = self._pool
        futures = prefetched((pool.submit(work, item) for item in items), depth=ahead)
        try:
            for future in futures:
                yield future.result()
        finally:
            futures.close()
