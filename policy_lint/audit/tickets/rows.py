"""Canonical batches → accepted tickets as numpy arrays, and every rejected row with its reason.

Each row gets the first reason of REASONS (row_rules.py) that applies to it, or none: it is
accepted. The work is vectorised per batch, and every rejected row is counted by reason
(rejections.py). Nothing is dropped silently.

Duplicates: the first occurrence of a ticket id is kept, whether or not that row is accepted, and
every later row with that id, in this file or a later one, is rejected. So a batch's verdict is
final once the batch is validated, and the measuring stage can stream. The ids seen so far are kept
as fingerprints (seen_keys.py), not as strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pyarrow as pa

from policy_lint.audit.arrays import I8, I16, U64, Bools, Indices, Ints
from policy_lint.audit.instants import MISSING
from policy_lint.audit.tickets.adapt import (
    CHANNELS,
    OUTBOUND,
    PRIORITIES,
    TIME_FIELDS,
    Binding,
    Canonical,
)
from policy_lint.audit.tickets.batch import one_chunk, truth, valid
from policy_lint.audit.tickets.categorical import Categorical
from policy_lint.audit.tickets.fingerprints import fingerprints
from policy_lint.audit.tickets.ordered_keys import order_keys
from policy_lint.audit.tickets.rejections import (
    KEEP,
    Rejections,
    RejectLog,
    first_reasons,
    messages,
)
from policy_lint.audit.tickets.row_rules import (
    BAD_PRIORITY,
    NOT_A_CONTACT,
    REASONS,
    UNKNOWN_CHANNEL,
    RowRules,
)
from policy_lint.audit.tickets.seen_keys import SeenKeys, Submit
from policy_lint.audit.tickets.time_status import TimeStatus
from policy_lint.audit.tickets.times import Parsed, parse_minutes, parse_times
from policy_lint.quoting import cut
from policy_lint.years import HIGH

_TRUE = ("true", "yes", "y", "t", "1")
_FALSE = ("false", "no", "n", "f", "0")


UNKNOWN = -1  # a doubtful row's channel or complaint flag that the row does not tell
UNREAD_PRIORITY = -2  # a doubtful row's priority written but not a priority (-1: none given)


@dataclass(frozen=True, slots=True)
class Doubtful:
    """The rejected rows of a batch that may still be tickets, with what they do say of scope.

    A rejected row was not measured, but it may be a ticket a promise covers: the verdict must
    allow for it (a promise passes only if it would pass were every such row a breach). A row
    that duplicates an earlier row's id is that same ticket and is not here. What a row does say
    can still put it out of a promise's scope: a readable channel, priority, complaint flag or
    creation time.
    """

    channel: I16  # index into the stream's channels; UNKNOWN
    priority: I8  # into PRIORITIES; -1 none, UNREAD_PRIORITY
    complaint: I8  # 1 yes, 0 no, UNKNOWN
    created_at: Ints  # MISSING where unknown

    def __len__(self) -> int:
        return len(self.channel)


@dataclass(frozen=True, slots=True)
class Unread:
    """The rows of a batch whose value in one column nothing reads (a channel no map knows, a
    priority that is none of the four): where they are, and what each wrote."""

    rows: Ints  # positions in the batch, ascending
    index: Indices  # each one's value, into `values`
    values: pa.Array

    @staticmethod
    def of(where: Bools, column: Categorical) -> Unread | None:
        """The rows `where` marks (None when there is none: the common batch)."""
        if not where.any():
            return None
        rows = np.flatnonzero(where)
        return Unread(rows, column.index[rows], column.values)


@dataclass(frozen=True, slots=True)
class TicketBatch:
    """The accepted rows of one batch of one file, column by column.

    Times are int64 seconds since the Unix epoch (UTC), MISSING where the export has none;
    `channel` indexes the stream's `channels`, `priority` indexes PRIORITIES (-1: none);
    `key` is the ticket id's fingerprint, the join key of the pause intervals.
    """

    file_index: int
    read: int  # rows read in this batch, accepted or not
    row: Ints
    ticket_id: pa.Array
    key: U64
    channel: I16
    priority: I8
    created_at: Ints
    first_response_at: Ints
    resolved_at: Ints
    acknowledged_at: Ints
    is_complaint: Bools
    doubtful: Doubtful | None = None  # the rejected rows that may still be tickets

    def has(self, column: str) -> Bools:
        """Where a time column holds a time."""
        values: Ints = getattr(self, column)
        return np.asarray(values != MISSING)


class Validator:
    """Judges canonical batches one after another, remembering ids and rejected rows."""

    def __init__(
        self, policy_channels: Iterable[str] = (), keep: int = KEEP, submit: Submit | None = None
    ) -> None:
        extra = sorted({c for c in policy_channels if c.lower() not in CHANNELS})
        self.channels: tuple[str, ...] = (*CHANNELS, *extra)
        self._lower = [c.lower() for c in self.channels]
        self._seen = SeenKeys(submit=submit)  # merges its runs on the workers, given them
        self.log = RejectLog(REASONS, keep)
        self.unknown: dict[tuple[str, str], int] = {}  # (field, value) → rows that wrote it

    def prepare(self, batch: Canonical, binding: Binding, file_index: int) -> Prepared:
        """Everything about a batch that does not depend on the batches before it.

        Safe on another thread than `conclude`, so parsing the next batch overlaps judging this
        one: only the ids seen so far must be kept in order.
        """
        return Prepared(batch, binding, self, file_index)

    def conclude(self, prepared: Prepared) -> TicketBatch:
        """Judge a prepared batch: batches must be concluded in file and row order."""
        duplicate = self._seen.keep_first(prepared.ordered)
        code, said = prepared.code, prepared.said
        if duplicate.any():  # a row with no id keeps nothing: a duplicate never hides reason 1
            where = np.flatnonzero(duplicate)
            if prepared.present is not None:
                where = prepared.present[where]
            code = code.copy()
            code[where] = _DUPLICATE
            if said:  # a duplicate's reason comes before any found while preparing
                said = {row: text for row, text in said.items() if code[row] != _DUPLICATE}
        ids, rows = prepared.ticket_id, prepared.row
        accepted = self.log.record(code, prepared.reasons, said, rows, ids, prepared.file)
        if len(accepted) < len(code):
            self._count_unknown(code, prepared)
        return prepared.accepted(accepted, code)

    def _count_unknown(self, code: np.ndarray[Any, Any], prepared: Prepared) -> None:
        """Count the rows of each channel or priority value that nothing reads."""
        for name, reason, found in (
            ("channel", UNKNOWN_CHANNEL, prepared.unknown_channel),
            ("priority", BAD_PRIORITY, prepared.unread_priority),
        ):
            if found is None:
                continue
            chosen = code[found.rows] == prepared.reasons.index(reason) + 1  # their first reason
            counts = np.bincount(found.index[chosen], minlength=len(found.values))
            for at in np.flatnonzero(counts).tolist():
                key = (name, cut(found.values[at].as_py()))  # as every report quotes it
                self.unknown[key] = self.unknown.get(key, 0) + int(counts[at])

    def rejections(self) -> Rejections:
        """Every row judged so far that was rejected: counted, listed, unknown values named."""
        found = self.log.rejections()
        unknown = sorted(self.unknown.items(), key=lambda item: (item[0][0], -item[1], item[0]))
        named = tuple((name, value, count) for (name, value), count in unknown)
        return replace(found, unknown=named)

    def channel_codes(self, channel: Categorical) -> Ints:
        """Each channel's index in `channels` (any case), -1 when it is none of them, and one
        past the last for a value mapped as no customer contact (OUTBOUND)."""
        return channel.codes([*self._lower, OUTBOUND])


_DUPLICATE = 2  # the code of "ticket_id repeats an earlier row", known only when concluding


class Prepared:
    """One batch parsed once, its ids fingerprinted, and every reason to reject it but duplicates
    decided: a code a row (1-based into `reasons`) and the messages of the rows the log may
    list. Only what judging and measuring need is kept, not the text as read."""

    def __init__(
        self, batch: Canonical, binding: Binding, validator: Validator, file_index: int
    ) -> None:
        self.row, self.ticket_id = batch.row, batch.ticket_id
        self.file, self.file_index = binding.export.shown, file_index
        ids = batch.ticket_id
        present = valid(ids)
        self.present = None if present.all() else np.flatnonzero(present)  # null ids keep none
        chosen = ids if self.present is None else ids.take(pa.array(self.present))
        self.key, check = fingerprints(chosen)
        self.ordered = order_keys(self.key, check, chosen)  # the batch's part of keep_first
        self.keys = self.key
        if self.present is not None:
            self.keys = np.zeros(len(ids), dtype=np.uint64)
            self.keys[self.present] = self.key
        self.channel = validator.channel_codes(batch.channel).astype(np.int16)
        self.priority = batch.priority.codes(PRIORITIES).astype(np.int8)
        # values written that nothing reads: few rows, kept sparse (not the whole columns)
        unknown = (self.channel < 0) & ~batch.channel.missing
        unread_priority = (self.priority < 0) & ~batch.priority.missing
        self.unknown_channel = Unread.of(unknown, batch.channel)
        self.unread_priority = Unread.of(unread_priority, batch.priority)
        times = {name: parse_times(batch.times[name], binding.rules) for name in TIME_FIELDS}
        minutes = None
        if batch.first_response_minutes is not None:
            minutes = parse_minutes(batch.first_response_minutes, binding.rules)
            times["first_response_at"] = _after(times["created_at"], minutes)
        self.complaint, unreadable = _complaints(batch.is_complaint, len(batch.row))
        self.marked = binding.marks_complaints  # whether this export says which are complaints
        self.unread_complaint = np.flatnonzero(unreadable) if unreadable.any() else None
        rules = RowRules(
            batch, times, minutes, binding.rules.zone, len(validator.channels)
        ).every_rule(self.channel, unknown, unread_priority, unreadable)
        self.reasons = tuple(rule.reason for rule in rules)
        self.code = first_reasons(rules)
        self.said = messages(rules, self.code, validator.log.keep)
        self.times = {name: parsed.seconds for name, parsed in times.items()}
        self.local_times = sum(parsed.local for parsed in times.values())  # read in the zone

    def accepted(self, rows: Ints, code: np.ndarray[Any, Any]) -> TicketBatch:
        """The accepted rows' columns (the arrays themselves when every row is accepted), and
        the rejected ones that may still be tickets (`code`: each row's reason, 0: accepted)."""
        every = len(rows) == len(self.row)

        def pick(values: np.ndarray[Any, Any]) -> Any:
            return values if every else values[rows]

        ids = self.ticket_id
        return TicketBatch(
            file_index=self.file_index,
            read=len(self.row),
            row=pick(self.row),
            ticket_id=ids if every else ids.take(pa.array(rows)),
            key=pick(self.keys),
            channel=pick(self.channel),
            priority=pick(self.priority),
            is_complaint=pick(self.complaint),
            **{name: pick(self.times[name]) for name in TIME_FIELDS},
            doubtful=None if every else self.doubtful(code),
        )

    def doubtful(self, code: np.ndarray[Any, Any]) -> Doubtful | None:
        """The rejected rows but duplicates, with the scope fields they do tell."""
        # a duplicate is a ticket seen before; an outbound message is no customer contact
        outbound = self.reasons.index(NOT_A_CONTACT) + 1
        rows = np.flatnonzero((code != 0) & (code != _DUPLICATE) & (code != outbound))
        if not len(rows):
            return None
        priority = self.priority[rows]
        if self.unread_priority is not None:
            priority[np.isin(rows, self.unread_priority.rows)] = UNREAD_PRIORITY
        complaint = self.complaint[rows].astype(np.int8)
        if not self.marked:
            complaint[:] = UNKNOWN
        elif self.unread_complaint is not None:
            complaint[np.isin(rows, self.unread_complaint)] = UNKNOWN
        return Doubtful(
            channel=self.channel[rows],
            priority=priority,
            complaint=complaint,
            created_at=self.times["created_at"][rows],
        )


def _after(created: Parsed, minutes: Parsed) -> Parsed:
    """first_response_at = created_at + the first reply minutes, where both are known."""
    both = (created.status == TimeStatus.OK) & (minutes.status == TimeStatus.OK)
    seconds = np.where(both, created.seconds + np.where(both, minutes.seconds, 0), MISSING)
    status = np.where(
        minutes.status == TimeStatus.OK,
        np.where(both, TimeStatus.OK, TimeStatus.MISSING),
        minutes.status,
    )
    late = seconds >= HIGH  # created in the years counted, answered after them
    if late.any():
        status[late], seconds[late] = TimeStatus.OUTSIDE, MISSING
    return Parsed(seconds.astype(np.int64), status.astype(np.int8))


def _complaints(values: pa.Array | Categorical | None, length: int) -> tuple[Bools, Bools]:
    """Whether each row is a complaint, and where the cell says neither true nor false."""
    if values is None:
        return np.zeros(length, dtype=bool), np.zeros(length, dtype=bool)
    if not isinstance(values, Categorical):  # booleans: a complaint rule's, or typed cells
        return truth(one_chunk(values)), np.zeros(length, dtype=bool)
    index = values.codes(_TRUE + _FALSE)
    return (index >= 0) & (index < len(_TRUE)), (index < 0) & ~values.missing
