"""An audit, end to end: lint the policy, stream the exports through measuring, build the report.

The policy is linted first with the whole catalogue: an audit of a policy with errors would
measure promises that do not say what their authors meant, so it is refused, saying which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from policy_lint.audit.arrays import Ints
from policy_lint.audit.clocks import BusinessClock, CalendarClock, Clock
from policy_lint.audit.instants import iso
from policy_lint.audit.measure import Counted, Measurer
from policy_lint.audit.periods import period_keys
from policy_lint.audit.pipeline import Workers, cores
from policy_lint.audit.promises import compile_promises, refuse_unmeasured
from policy_lint.audit.results import AuditReport, ExportSummary, RejectedSummary
from policy_lint.audit.scopes import coverage_of
from policy_lint.audit.tickets import CHANNELS, Pauses, TicketBatch, open_tickets, read_pauses
from policy_lint.lint.document import Document
from policy_lint.lint.linter import refuse_errors
from policy_lint.lint.load import load_path
from policy_lint.values import parse_instant


@dataclass(frozen=True, slots=True)
class AuditRequest:
    """Everything an audit reads: the policy, the exports and how to read them.

    `today` is the date the policy is linted on before it is measured: `run_audit` needs it,
    and measuring a loaded policy alone (`measure_policy`, as PL901's history does) reads no
    date, so it is left None there. The command line, the pytest plugin and `check --history`
    all make their request with `from_options`.
    """

    policy: Path
    exports: Sequence[Path]
    today: dt.date | None = None
    source: str = "auto"
    mapping: Path | None = None
    timezone: str | None = None
    date_order: str | None = None  # dmy or mdy: spreadsheet dates' order (None: from the data)
    pauses: Path | None = None
    as_of: int | None = None
    batch_size: int | None = None  # rows a batch, at most; None: the format's own (reader.py)
    threads: int | None = None  # worker threads; None: one a core, 0: none (all on the caller's)

    @classmethod
    def from_options(
        cls,
        policy: Path,
        exports: Sequence[Path],
        *,
        today: dt.date | None = None,
        source: str | None = None,
        mapping: str | Path | None = None,
        timezone: str | None = None,
        date_order: str | None = None,
        pauses: str | Path | None = None,
        as_of: str | None = None,
        batch_size: int | None = None,
    ) -> AuditRequest:
        """The request for options as a person gives them, on the command line or in an ini
        file: a source not given (None or empty) is `auto`, a file is a path or its text (an
        empty text: no file), and `as_of` is the instant as written (values.parse_instant: a
        UsageError naming --as-of when it is no instant, or outside the years counted)."""
        return cls(
            policy=policy,
            exports=exports,
            today=today,
            source=source or "auto",
            mapping=Path(mapping) if mapping else None,
            timezone=timezone,
            date_order=date_order,
            pauses=Path(pauses) if pauses else None,
            as_of=parse_instant(as_of),
            batch_size=batch_size,
        )


def run_audit(request: AuditRequest, progress: Callable[[int], None] | None = None) -> AuditReport:
    """Measure the exports against every promise of the policy, once it passes `check` on
    `request.today` (a request without it is a ValueError: the caller's mistake)."""
    if request.today is None:
        raise ValueError("run_audit lints the policy first: the request needs `today`")
    refuse_errors(request.policy, request.today)
    doc = load_path(request.policy).document
    assert doc is not None  # refuse_errors let only a readable policy through
    return measure_policy(doc, request, progress)


def measure_policy(
    doc: Document, request: AuditRequest, progress: Callable[[int], None] | None = None
) -> AuditReport:
    """Measure the exports against a loaded policy's promises (the audit and PL901 share it)."""
    refuse_unmeasured(doc)
    threads = request.threads if request.threads is not None else cores()
    with Workers(threads) as workers:
        return _measure(doc, request, workers, progress)


def _measure(
    doc: Document,
    request: AuditRequest,
    workers: Workers,
    progress: Callable[[int], None] | None,
) -> AuditReport:
    data: dict[str, Any] = doc.data if isinstance(doc.data, dict) else {}
    channels = tuple(data.get("channels") or {})
    hours = data.get("business_hours")
    zone = str(hours.get("timezone", "UTC")) if isinstance(hours, dict) else "UTC"
    stated = hours.get("timezone") if isinstance(hours, dict) else None  # local times' last guess
    stream = open_tickets(
        request.exports,
        source=request.source,
        mapping=request.mapping,
        timezone=request.timezone,
        policy_timezone=stated,
        date_order=request.date_order,
        policy_channels=channels,
        batch_size=request.batch_size,
        workers=workers,
    )
    pause_zone = request.timezone or stated
    pauses = read_pauses(request.pauses, timezone=pause_zone) if request.pauses else None
    clocks: dict[str, Clock] = {"calendar": CalendarClock()}
    if isinstance(hours, dict):
        clocks["business"] = BusinessClock(hours)
    measurer = Measurer(
        compile_promises(doc),
        stream.channels,
        clocks.__getitem__,
        pauses,
        lambda instants, period: period_keys(instants, period, zone),
        request.as_of,
        [f.file for f in stream.files],
        [coverage_of(f) for f in stream.files],
    )
    by_channel = np.zeros(len(stream.channels), dtype=np.int64)
    by_file = np.zeros((len(stream.files), 2), dtype=np.int64)  # rows read, tickets measured

    def count(batch: TicketBatch) -> tuple[Counted, Ints, int, int]:
        # the batch itself is let go here: a result waits its turn to be merged, holding
        # counts, not the batch's columns
        channel_counts = np.bincount(batch.channel, minlength=len(by_channel))
        return measurer.count(batch), channel_counts, batch.file_index, batch.read

    for counted, channel_counts, file_index, rows in workers.ordered(
        count, stream, workers.threads
    ):
        measurer.merge(counted)
        by_channel += channel_counts
        by_file[file_index] += (rows, int(channel_counts.sum()))
        if progress is not None:
            progress(stream.read)
    as_of, results = measurer.finish()
    rejections = stream.rejections()
    undeclared = tuple(
        (name, int(by_channel[i]))
        for i, name in enumerate(stream.channels)
        if name in CHANNELS and name not in channels and by_channel[i]
    )
    return AuditReport(
        policy=str(data.get("id", request.policy.stem)),
        revision=str(data["revision"]) if "revision" in data else None,
        as_of=iso(as_of) if as_of > -(2**62) else None,
        read=stream.read,
        measured=int(by_channel.sum()),
        rejected=rejections.count,
        undeclared_channels=undeclared,
        results=tuple(results),
        rejected_rows=tuple(
            RejectedSummary(r.row, r.ticket_id, r.reason, r.file) for r in rejections.rows
        ),
        rejected_by_reason=rejections.by_reason,
        unknown_values=rejections.unknown,
        **_pause_rejections(pauses),
        sources=tuple((f.file, str(f.source)) for f in stream.files),
        files=tuple(
            ExportSummary(
                f.file,
                str(f.source),
                int(n_read),
                int(n_measured),
                f.timezone,
                f.timezone_source,
                f.local_times,
                f.bytes_read,
            )
            for f, (n_read, n_measured) in zip(stream.files, by_file.tolist(), strict=True)
        ),
    )


def _pause_rejections(pauses: Pauses | None) -> dict[str, Any]:
    """The pause intervals rejected, for the report (nothing when no pause file was given)."""
    if pauses is None:
        return {}
    found = pauses.rejections
    return {
        "pause_rejected": found.count,
        "pause_rejected_by_reason": found.by_reason,
        "pause_rejected_rows": tuple(
            RejectedSummary(r.row, r.ticket_id, r.reason, r.file) for r in found.rows
        ),
    }
