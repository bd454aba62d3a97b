"""The optional pause-interval file (`ticket_id, status, paused_at, resumed_at`) → Pauses.

Helpdesks pause resolution clocks while a ticket waits on the customer (pending) or a third
party (on hold); the policy's `pause_on` says which statuses pause which clock. This module only
reads and checks the intervals, with the same time rules as the tickets; a bad interval is a
rejected row like a bad ticket. Intervals are joined to tickets by the ticket id's fingerprint
key (TicketBatch.key), and sorted by it, so a later stage finds a ticket's pauses by searchsorted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from policy_lint.audit.arrays import I16, U64, Ints
from policy_lint.audit.tickets.batch import EMPTY_TEXT, NULL_TEXT, found_at, mask
from policy_lint.audit.tickets.export import Export
from policy_lint.audit.tickets.fingerprints import fingerprints
from policy_lint.audit.tickets.kinds import readable
from policy_lint.audit.tickets.opening import open_export
from policy_lint.audit.tickets.reader import DEFAULT_BATCH_SIZE, read_batches
from policy_lint.audit.tickets.rejections import KEEP, Rejections, RejectLog, RowRule
from policy_lint.audit.tickets.time_status import TimeStatus
from policy_lint.audit.tickets.times import Parsed, TimeRules, parse_times
from policy_lint.audit.tickets.zones import zone_problem
from policy_lint.errors import ExportError, UsageError
from policy_lint.years import OUTSIDE

COLUMNS = ("ticket_id", "status", "paused_at", "resumed_at")
REASONS = (
    "ticket_id is missing",
    "status is missing",
    "paused_at is missing",
    "paused_at is not a timestamp",
    "paused_at is a number, not a time",
    "paused_at does not exist in the export's time zone (a daylight-saving gap)",
    "paused_at is ambiguous in the export's time zone (a repeated hour)",
    f"paused_at is {OUTSIDE}",
    "resumed_at is not a timestamp",
    "resumed_at is a number, not a time",
    "resumed_at does not exist in the export's time zone (a daylight-saving gap)",
    "resumed_at is ambiguous in the export's time zone (a repeated hour)",
    f"resumed_at is {OUTSIDE}",
    "resumed_at is before paused_at",
)


@dataclass(frozen=True, slots=True)
class Pauses:
    """Accepted pause intervals, sorted by ticket key, then by paused_at.

    `status` indexes `statuses` (lower case, spaces and hyphens as `_`: "On hold" is on_hold);
    `resumed_at` is MISSING for a pause still open at the end of the export.
    """

    key: U64
    status: I16
    paused_at: Ints
    resumed_at: Ints
    statuses: tuple[str, ...]
    rejections: Rejections


def read_pauses(
    path: Path,
    *,
    timezone: str | None = None,
    formats: tuple[str, ...] = (),
    batch_size: int = DEFAULT_BATCH_SIZE,
    keep: int = KEEP,
) -> Pauses:
    """Read and check the pause intervals; ExportError for a file that cannot be read.

    `timezone` and `formats` are read as for the tickets (UTC and ISO 8601 by default).
    """
    problem = zone_problem(timezone) if timezone else None
    if problem:
        raise UsageError(f"--timezone: {problem}")
    rules = TimeRules(timezone or "UTC", formats)
    export = open_export(path)
    columns = _columns(export)
    log = RejectLog(REASONS, keep)
    parts: list[tuple[Any, ...]] = []
    for raw in read_batches(export, columns, batch_size):
        data = readable(raw.data, raw.row, export.shown)
        parts.append(_batch(data, raw.row, rules, log, export.shown))
    return _collect(parts, log.rejections())


def _columns(export: Export) -> list[str]:
    found = {name.strip().casefold(): name for name in reversed(export.columns)}
    missing = [name for name in COLUMNS[:3] if name not in found]
    if missing:
        raise ExportError(
            f"{export.shown}: missing pause column {missing[0]} (columns: ticket_id, "
            "status, paused_at, resumed_at)"
        )
    return [found.get(name, name) for name in COLUMNS]


def _text(values: pa.Array) -> pa.Array:
    trimmed = pc.utf8_trim_whitespace(pc.cast(values, pa.string()))
    return pc.if_else(pc.equal(trimmed, EMPTY_TEXT), NULL_TEXT, trimmed)


def _batch(
    data: pa.RecordBatch, rows: Ints, rules: TimeRules, log: RejectLog, file: str
) -> tuple[Any, ...]:
    ids, status = _text(data.column(0)), _text(data.column(1))
    status = pc.replace_substring_regex(pc.utf8_lower(status), r"[\s\-]+", "_")
    paused, resumed = parse_times(data.column(2), rules), parse_times(data.column(3), rules)
    row_rules = [
        RowRule(REASONS[0], ~mask(ids.is_valid())),
        RowRule(REASONS[1], ~mask(status.is_valid())),
        *_time_rules(paused, REASONS[2:8]),
        *_time_rules(resumed, (None, *REASONS[8:13])),
        RowRule(
            REASONS[13], (resumed.status == TimeStatus.OK) & (resumed.seconds < paused.seconds)
        ),
    ]
    accepted = log.judge(row_rules, rows, ids, file)
    chosen = pa.array(accepted)
    key, _ = fingerprints(ids.take(chosen))
    return key, status.take(chosen), paused.seconds[accepted], resumed.seconds[accepted]


def _time_rules(parsed: Parsed, reasons: tuple[str | None, ...]) -> list[RowRule]:
    statuses = (
        TimeStatus.MISSING,
        TimeStatus.UNREADABLE,
        TimeStatus.NUMBER,
        TimeStatus.NONEXISTENT,
        TimeStatus.AMBIGUOUS,
        TimeStatus.OUTSIDE,
    )
    return [
        RowRule(reason, parsed.status == status)
        for reason, status in zip(reasons, statuses, strict=True)
        if reason is not None
    ]


def _collect(parts: list[tuple[Any, ...]], rejections: Rejections) -> Pauses:
    key = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.uint64)
    names = (
        pa.chunked_array([p[1] for p in parts], pa.string()) if parts else pa.array([], pa.string())
    )
    paused = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0, np.int64)
    resumed = np.concatenate([p[3] for p in parts]) if parts else np.zeros(0, np.int64)
    statuses = tuple(sorted(set(pc.unique(names).to_pylist())))
    status = found_at(pc.index_in(names, value_set=pa.array(statuses, pa.string())))
    order = np.lexsort((paused, key))
    return Pauses(
        key=key[order],
        status=status[order].astype(np.int16),
        paused_at=paused[order],
        resumed_at=resumed[order],
        statuses=statuses,
        rejections=rejections,
    )
