"""One audit's exports as a stream of validated ticket batches: read → adapt → validate.

open_tickets checks every file before a row is read (format, header, adapter, columns, time
zone), so a bad export fails at once with one ExportError; iterating then streams batches whose
verdicts are final, and the rejections are complete when the iteration ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_lint.audit.pipeline import Workers
from policy_lint.audit.tickets.adapt import (
    ZONE_DEFAULT,
    Adapter,
    Binding,
    Source,
    adapt,
    adapter_named,
    bind,
)
from policy_lint.audit.tickets.dates import ORDERS
from policy_lint.audit.tickets.mapping import load_mapping
from policy_lint.audit.tickets.opening import open_export
from policy_lint.audit.tickets.reader import ParseTask, Reader, numbered_on
from policy_lint.audit.tickets.rejections import KEEP, Rejections
from policy_lint.audit.tickets.rows import Prepared, TicketBatch, Validator
from policy_lint.errors import UsageError


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One export of the audit: its name, the adapter chosen for it, the columns it reads, and
    how its times without an offset were read (so that a report can say it)."""

    file: str
    source: Source
    columns: tuple[tuple[str, str], ...]  # (canonical field, export column)
    timezone: str  # the IANA zone of its times without an offset
    complaints: bool  # whether the export says which tickets are complaints
    # why `timezone`: "--timezone", "the mapping file", "the policy's time zone" or
    # "UTC (no zone given)" (adapt.ZONE_SOURCES)
    timezone_source: str = ZONE_DEFAULT
    # time values written without an offset, so read as wall-clock time in `timezone`, in every
    # row read (accepted or rejected); the rows read so far, all of them after the iteration
    local_times: int = 0
    # "dmy" or "mdy" when its times are day/month dates (a spreadsheet's), None when ISO 8601
    # or a mapping's strptime formats
    date_order: str | None = None
    # the file's bytes, as many when it was opened as when it had been read to its end (a file
    # that changed between the two fails the audit); a gzip file's compressed bytes
    bytes_read: int = 0


class TicketStream:
    """The tickets of an audit's exports, validated batch by batch, in file and row order.

    Iterate once. `read` and `rejections()` cover the batches iterated so far: all of them once
    the iteration is over.
    """

    def __init__(
        self,
        bindings: Sequence[Binding],
        validator: Validator,
        batch_size: int | None,
        workers: Workers | None = None,
    ):
        self._bindings = tuple(bindings)
        self._validator = validator
        self._batch_size = batch_size
        self._workers = workers if workers is not None else Workers(0)
        self._started = False
        self.channels = validator.channels
        self._local = [0] * len(self._bindings)  # counted in file order: the same every run

    @property
    def files(self) -> tuple[ExportFile, ...]:
        """Each export as read so far: complete once the iteration is over."""
        return tuple(
            _describe(binding, local)
            for binding, local in zip(self._bindings, self._local, strict=True)
        )

    def __iter__(self) -> Iterator[TicketBatch]:
        if self._started:
            raise RuntimeError("a TicketStream is read once")
        self._started = True
        for index, binding in enumerate(self._bindings):
            for prepared in self._prepared(binding, index):
                self._local[index] += prepared.local_times
                yield self._validator.conclude(prepared)

    def _prepared(self, binding: Binding, index: int) -> Iterator[Prepared]:
        """Read on the reader thread; parse, adapt and prepare, which need no earlier batch, on
        the workers, a few tasks at once; number a CSV block's rows on here, in file order."""
        reader = Reader(
            binding.export,
            binding.wanted,
            self._batch_size,
            binding.categorical,
            binding.iso_times,
            nulls=binding.rules.nulls,
        )

        def prepare(task: ParseTask) -> tuple[bool, list[Prepared]]:
            batches = reader.batches(task)
            validator = self._validator
            return task.numbered, [
                validator.prepare(adapt(binding, raw), binding, index) for raw in batches
            ]

        ahead = self._workers.threads + 1
        return numbered_on(self._workers.fed(prepare, reader.tasks(), ahead))

    @property
    def read(self) -> int:
        """Rows read so far, accepted or rejected."""
        return self._validator.log.read

    def rejections(self) -> Rejections:
        """The rejected rows so far, counted by reason, the first of them in full."""
        return self._validator.rejections()


def open_tickets(
    paths: Sequence[Path],
    *,
    source: str = "auto",
    mapping: Path | None = None,
    timezone: str | None = None,
    policy_timezone: str | None = None,
    date_order: str | None = None,
    policy_channels: Iterable[str] = (),
    batch_size: int | None = None,
    keep: int = KEEP,
    workers: Workers | None = None,
) -> TicketStream:
    """Open the exports of one audit; ExportError (or ConfigError, UsageError) says what is wrong.

    `source` is a helpdesk name or `auto` (recognised from each file's header: see
    `TicketStream.files`); a `mapping` file replaces it. Times without an offset are read in
    `timezone` (--timezone), else the mapping's zone, else `policy_timezone` (the policy's
    business hours), else UTC; a Zendesk or Freshdesk CSV needs one of the first two, which
    `TicketStream.files` reports with its reason. Times written day/month, as spreadsheets
    write them, are read in `date_order` (dmy or mdy: --date-order), else the mapping's, else
    the order each file's first rows settle (UsageError when they do not). `policy_channels`
    are the channel names the policy declares, accepted besides the canonical ones. `workers`
    parse batches on their threads (none: on the caller's, while a reader thread reads ahead).
    """
    if date_order is not None and date_order not in ORDERS:
        raise UsageError(f"--date-order {date_order!r}: write dmy or mdy")
    adapter = load_mapping(mapping) if mapping is not None else None
    told = (timezone, policy_timezone, date_order)
    bindings = [_binding(path, source, adapter, *told) for path in paths]
    submit = workers.submit if workers is not None and workers.threads else None
    validator = Validator(policy_channels, keep, submit)
    return TicketStream(bindings, validator, batch_size, workers)


def _binding(
    path: Path,
    source: str,
    adapter: Adapter | None,
    timezone: str | None,
    policy_timezone: str | None,
    date_order: str | None,
) -> Binding:
    export = open_export(path)
    chosen = adapter if adapter is not None else adapter_named(source, export)
    return bind(chosen, export, timezone, policy_timezone, date_order)


def _describe(binding: Binding, local: int) -> ExportFile:
    return ExportFile(
        file=binding.export.shown,
        source=binding.adapter.source,
        columns=tuple(binding.columns.items()),
        timezone=binding.rules.zone,
        complaints=binding.marks_complaints,
        timezone_source=binding.zone_source,
        local_times=local,
        date_order=binding.date_order,
        bytes_read=binding.export.stamp.size,
    )
