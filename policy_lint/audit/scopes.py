"""Which tickets a promise covers, and which it might: the scope of a promise over a batch.

A ticket is covered when its channel and priority match the promise (and, for a complaint
target, it is a complaint). A ticket *might* be covered when the data cannot say: a rejected row
whose channel could not be read, a ticket with no priority under a promise scoped by priority,
an export that does not mark complaints, an export with no column for the event the promise
times. Those are the doubtful tickets: the verdict must allow for every one of them being a
breach (verdict.py), so what was not measured can never make a promise pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from policy_lint.audit.arrays import Bools, Ints
from policy_lint.audit.instants import MISSING
from policy_lint.audit.promises import Promise
from policy_lint.audit.tickets import PRIORITIES, Doubtful, ExportFile, TicketBatch

# Why a ticket might be in a promise's scope without being measured, in the order reports list
# them; each says what the export lacks.
REJECTED = "rejected"  # a rejected row (not a repeat) whose readable fields do not rule it out
NO_PRIORITY = "no_priority"  # a ticket with no priority, under a promise scoped by priority
NOT_MARKED = "not_marked"  # a ticket of an export that does not say which are complaints
NO_COLUMN = "no_column"  # a ticket of an export with no column for the promise's event
KINDS = (REJECTED, NO_PRIORITY, NOT_MARKED, NO_COLUMN)


@dataclass(frozen=True, slots=True)
class Scope:
    """How a promise picks its tickets from a batch: channel codes and priority codes."""

    channels: np.ndarray[Any, Any] | None  # None: every channel
    priorities: np.ndarray[Any, Any] | None  # covered, by priority code (-1: none); None: all
    complaints: bool

    @property
    def tickets(self) -> tuple[Any, ...]:
        """What identifies the tickets of the scope before priorities: shared across promises."""
        codes = None if self.channels is None else tuple(self.channels.tolist())
        return (codes, self.complaints)


def scope_of(promise: Promise, channels: Sequence[str]) -> Scope:
    """The channel and priority codes a promise covers."""
    codes = None
    if promise.channel not in ("any", "complaints"):
        codes = np.array([channels.index(promise.channel)] if promise.channel in channels else [])
    priorities = None
    if promise.priorities is not None:
        # a table by priority code (the last entry, index -1, is "no priority"): one gather a
        # ticket where np.isin would sort
        priorities = np.zeros(len(PRIORITIES) + 1, dtype=bool)
        priorities[[PRIORITIES.index(p) for p in promise.priorities if p in PRIORITIES]] = True
    return Scope(codes, priorities, promise.channel == "complaints")


def eligible(batch: TicketBatch, scope: Scope) -> Bools:
    """The batch's tickets a promise covers, priorities aside."""
    mask = np.ones(len(batch.row), dtype=bool)
    if scope.channels is not None:
        if len(scope.channels) == 1:
            mask = batch.channel == scope.channels[0]
        else:
            mask = np.isin(batch.channel, scope.channels)
    if scope.complaints:
        mask &= batch.is_complaint
    return mask


def of_priority(batch: TicketBatch, rows: Ints, scope: Scope) -> Ints:
    """The rows whose priority the scope covers (all of them when it names none)."""
    if scope.priorities is None:
        return rows
    covered: Ints = rows[scope.priorities[batch.priority[rows]]]
    return covered


def without_priority(batch: TicketBatch, rows: Ints, scope: Scope) -> Ints:
    """The rows with no priority, when the scope is by priority (none otherwise)."""
    if scope.priorities is None:
        return rows[:0]
    found: Ints = rows[batch.priority[rows] < 0]
    return found


def might_be(rows: Doubtful, scope: Scope, as_of: int | None) -> Bools:
    """The doubtful rows that nothing they tell puts out of the scope.

    A channel, priority or complaint flag that could not be read could be any; a creation time
    after a fixed as_of puts a row out (it did not exist yet).
    """
    mask = np.ones(len(rows), dtype=bool)
    if scope.channels is not None:
        mask &= np.isin(rows.channel, scope.channels) | (rows.channel < 0)
    if scope.complaints:
        mask &= rows.complaint != 0
    if scope.priorities is not None:
        known = rows.priority >= 0
        mask &= ~known | scope.priorities[np.where(known, rows.priority, 0)]
    if as_of is not None:
        mask &= (rows.created_at == MISSING) | (rows.created_at <= as_of)
    return mask


@dataclass(frozen=True, slots=True)
class Coverage:
    """What one export can tell: the canonical fields it has a column (or a rule) for."""

    fields: frozenset[str]

    def tells(self, name: str) -> bool:
        """Whether the export carries this field (first_response_at may come from minutes)."""
        return name in self.fields


def coverage_of(export: ExportFile) -> Coverage:
    """The fields an export carries, as the adapter bound them to its header."""
    fields = {name for name, _ in export.columns}
    if "first_response_minutes" in fields:
        fields.add("first_response_at")
    if export.complaints:
        fields.add("is_complaint")
    return Coverage(frozenset(fields))


EVERYTHING = Coverage(
    frozenset(("priority", "first_response_at", "resolved_at", "acknowledged_at", "is_complaint"))
)
