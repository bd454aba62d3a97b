"""Why a ticket row is rejected: every reason, in the order checked, and the rules that find them.

A row gets the first reason of REASONS that applies to it; the order is the contract of the
reports' counts by reason. Each reason has its message, quoting the cell that was read, cut
short; a duplicate id is known only once the ids before are (rows.py), so its rule keeps its
place, second, and finds nothing here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa

from policy_lint.audit.arrays import Bools
from policy_lint.audit.tickets.adapt import OUTBOUND, TIME_FIELDS, Canonical
from policy_lint.audit.tickets.batch import valid
from policy_lint.audit.tickets.categorical import Categorical
from policy_lint.audit.tickets.rejections import RowRule
from policy_lint.audit.tickets.time_status import TimeStatus
from policy_lint.audit.tickets.times import Parsed
from policy_lint.quoting import cut
from policy_lint.years import OUTSIDE


def _time_reasons(name: str) -> tuple[str, str, str, str, str]:
    return (
        f"{name} is not a timestamp",
        f"{name} is a number, not a time",
        f"{name} does not exist in the export's time zone (a daylight-saving gap)",
        f"{name} is ambiguous in the export's time zone (a repeated hour)",
        f"{name} is {OUTSIDE}",
    )


UNKNOWN_CHANNEL = "channel is neither a canonical channel nor one of the policy's"
NOT_A_CONTACT = "channel is not a customer contact (an outbound message)"
BAD_PRIORITY = "priority is not low, normal, high or urgent"
BAD_MINUTES = "first reply minutes is not a number"
BAD_COMPLAINT = "is_complaint is not true or false"
_WAY_OUT = "write ISO 8601 text or a Parquet timestamp column"
# Every reason a row can be rejected for, in the order they are checked: a row gets the first.
REASONS = (
    "ticket_id is missing",
    "ticket_id repeats an earlier row",
    "channel is missing",
    UNKNOWN_CHANNEL,
    NOT_A_CONTACT,
    "created_at is missing",
    *_time_reasons("created_at"),
    BAD_PRIORITY,
    *_time_reasons("first_response_at"),
    BAD_MINUTES,
    *_time_reasons("resolved_at"),
    *_time_reasons("acknowledged_at"),
    *(f"{name} is before created_at" for name in TIME_FIELDS[1:]),
    BAD_COMPLAINT,
)


class RowRules:
    """Every reason to reject a batch's rows but duplicates, in the order of REASONS (duplicates
    keep their place, second, empty here), with the message of each."""

    def __init__(
        self,
        batch: Canonical,
        times: Mapping[str, Parsed],
        minutes: Parsed | None,
        zone: str,
        outbound: int,
    ) -> None:
        self.batch, self.times, self.minutes, self.zone = batch, times, minutes, zone
        self.outbound = outbound  # the channel code of a value that is no customer contact

    def every_rule(
        self,
        channel: np.ndarray[Any, Any],
        unknown_channel: Bools,
        unread_priority: Bools,
        complaint: Bools,
    ) -> list[RowRule]:
        batch = self.batch
        return [
            RowRule("ticket_id is missing", ~valid(batch.ticket_id)),
            RowRule("ticket_id repeats an earlier row", None),  # known only when concluding
            RowRule("channel is missing", batch.channel.missing),
            self._valued(
                UNKNOWN_CHANNEL,
                unknown_channel,
                batch.channel,
                "channel {!r} is neither a canonical channel nor one of the policy's",
            ),
            RowRule(NOT_A_CONTACT, self._outbound(channel)),
            RowRule("created_at is missing", self.times["created_at"].status == TimeStatus.MISSING),
            *self._time_rules("created_at"),
            self._valued(
                BAD_PRIORITY,
                unread_priority,
                batch.priority,
                "priority {!r} is not low, normal, high or urgent",
            ),
            *(rule for name in TIME_FIELDS[1:] for rule in self._time_rules(name)),
            *(self._before(name) for name in TIME_FIELDS[1:]),
            self._valued(
                BAD_COMPLAINT,
                complaint,
                batch.is_complaint,
                "is_complaint {!r} is not true or false",
            ),
        ]

    def _outbound(self, channel: np.ndarray[Any, Any]) -> Bools | None:
        """The rows of a value read as no customer contact (None: the batch has no such value)."""
        if OUTBOUND not in self.batch.channel.values.to_pylist():
            return None
        found: Bools = channel == self.outbound
        return found

    def _valued(self, reason: str, rows: Bools, values: Any, template: str) -> RowRule:
        def message(row: int) -> str:
            value = values.value(row) if isinstance(values, Categorical) else values[row].as_py()
            return template.format(cut(value) if isinstance(value, str) else value)

        return RowRule(reason, rows, message)

    def _time_rules(self, name: str) -> list[RowRule]:
        status = self.times[name].status
        raw = self.batch.times[name]
        if name == "first_response_at" and self.minutes is not None:
            return self._minute_rules()
        zone = self.zone
        said = (
            (TimeStatus.UNREADABLE, "is not a timestamp"),
            (TimeStatus.NUMBER, f"is a number, not a time ({_WAY_OUT})"),
            (
                TimeStatus.NONEXISTENT,
                f"does not exist in {zone} (skipped by a daylight-saving change)",
            ),
            (
                TimeStatus.AMBIGUOUS,
                f"is ambiguous in {zone} (the hour repeated by a daylight-saving change)",
            ),
            (TimeStatus.OUTSIDE, f"is {OUTSIDE}"),
        )
        # which failures the column holds: one pass (a max, when none; else a count)
        none = not len(status) or int(status.max()) <= TimeStatus.MISSING
        found = (
            np.zeros(max(TimeStatus) + 1)
            if none
            else np.bincount(status, minlength=max(TimeStatus) + 1)
        )
        return [
            _timed(reason, status == code if found[code] else None, raw, f"{name} {{}} {text}")
            for reason, (code, text) in zip(_time_reasons(name), said, strict=True)
        ]

    def _minute_rules(self) -> list[RowRule]:
        assert self.minutes is not None and self.batch.first_response_minutes is not None
        derived = self.times["first_response_at"].status
        minutes = self.batch.first_response_minutes
        return [
            self._valued(
                BAD_MINUTES,
                self.minutes.status == TimeStatus.UNREADABLE,
                minutes,
                "first reply minutes {!r} is not a number",
            ),
            self._valued(
                f"first_response_at is {OUTSIDE}",  # the reason of _time_reasons, counted so
                derived == TimeStatus.OUTSIDE,
                minutes,
                f"first reply minutes {{!r}} put first_response_at {OUTSIDE}",
            ),
        ]

    def _before(self, name: str) -> RowRule:
        created, other = self.times["created_at"], self.times[name]
        rows = (other.status == TimeStatus.OK) & (created.status == TimeStatus.OK)
        rows &= other.seconds < created.seconds
        return RowRule(f"{name} is before created_at", rows)


def _timed(reason: str, rows: Bools | None, values: Any, template: str) -> RowRule:
    """A rule on a time column, its message quoting the cell as `_shown` does."""

    def message(row: int) -> str:
        return template.format(_shown(values, row))

    return RowRule(reason, rows, message)


def _shown(values: Any, row: int) -> str:
    """A time cell as a message quotes it: text as written; a typed time (Parquet, or CSV read
    as instants) as ISO 8601, in UTC when it has a zone, whatever its year (Python's datetime,
    which `as_py` makes, ends in year 9999)."""
    kind = values.type
    if pa.types.is_timestamp(kind):
        text = str(np.datetime64(values[row].value, kind.unit).astype("datetime64[s]"))
        return repr(text + "Z" if kind.tz is not None else text)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return repr(cut(values[row].as_py()))
    return cut(values[row].as_py())  # a number, or a date, quoted as one
