"""Rejected rows: each row's first reason; every one counted by reason, the first KEEP in full.

A batch is held to its rules (RowRule) all at once, in numpy: each row gets the first rule that
applies to it, or none, and is accepted. Python touches only the rejected rows a log keeps in
full (the first KEEP of them), while every rejected row is counted by reason. The tickets
(rows.py) and the pause intervals (pauses.py) are judged so, each with its own reasons.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from policy_lint.audit.arrays import I8, Bools, Ints

KEEP = 1000  # rejected rows kept in full; all of them are counted


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row the audit cannot use, in the field order of the audit JSON contract (+ file)."""

    row: int
    ticket_id: str | None
    reason: str
    file: str


@dataclass(frozen=True, slots=True)
class Rejections:
    """Every rejected row counted by reason; the first `KEEP` of them in full, in file order;
    and the channel and priority values no map reads, with how many rows wrote each."""

    count: int
    by_reason: tuple[tuple[str, int], ...]  # in the order of REASONS
    rows: tuple[RejectedRow, ...]
    unknown: tuple[tuple[str, str, int], ...] = ()  # (field, value as written, rows)


@dataclass(frozen=True, slots=True)
class RowRule:
    """One reason to reject a row, held to a batch: its summary, the rows it applies to, and
    their message (the summary itself where there is none)."""

    reason: str
    rows: Bools | None  # None: no row (known without a pass over the batch)
    message: Callable[[int], str] | None = None


def first_reasons(rules: Sequence[RowRule]) -> I8:
    """Each row's first rule that applies (1-based, in the rules' order), 0 for none.

    A rule known to apply to no row is None and costs nothing: of some thirty reasons a batch
    is checked for, most find nothing, and each array more is a pass in the reduce below.
    """
    masks = [rule.rows for rule in rules if rule.rows is not None]
    code = np.zeros(len(masks[0]) if masks else 0, dtype=np.int8)
    if masks and np.logical_or.reduce(masks).any():
        for index, rule in reversed(list(enumerate(rules, start=1))):
            if rule.rows is not None:
                code[rule.rows] = index  # the earliest rule written last wins
    return code


def messages(rules: Sequence[RowRule], code: np.ndarray[Any, Any], keep: int) -> dict[int, str]:
    """The messages of the first `keep` rows a rule rejects (all a log can list of them)."""
    found: dict[int, str] = {}
    for index in np.flatnonzero(code)[:keep].tolist():
        rule = rules[code[index] - 1]
        found[index] = rule.message(index) if rule.message else rule.reason
    return found


class RejectLog:
    """Rejected rows counted by reason, the first `keep` of them kept in full."""

    def __init__(self, reasons: Sequence[str], keep: int = KEEP) -> None:
        self._reasons = tuple(reasons)
        self.keep = keep
        self._counts: Counter[str] = Counter()
        self._rows: list[RejectedRow] = []
        self.read = 0

    def judge(self, rules: Sequence[RowRule], rows: Ints, ids: pa.Array, file: str) -> Ints:
        """Give each row the first rule that applies; log those rows, return the others."""
        code = first_reasons(rules)
        said = messages(rules, code, self.room)
        return self.record(code, [rule.reason for rule in rules], said, rows, ids, file)

    @property
    def room(self) -> int:
        """How many more rejected rows are kept in full."""
        return max(self.keep - len(self._rows), 0)

    def record(
        self,
        code: np.ndarray[Any, Any],
        reasons: Sequence[str],
        said: Mapping[int, str],
        rows: Ints,
        ids: pa.Array,
        file: str,
    ) -> Ints:
        """Log the rows a reason rejects (`code`: 1-based into `reasons`, 0: accepted) with
        their messages (`said`, by index; the reason itself where none); return the others."""
        if not code.any():  # every row accepted: the common batch
            self.read += len(rows)
            return np.arange(len(rows))
        counts = np.bincount(code, minlength=len(reasons) + 1)
        for reason, count in zip(reasons, counts[1:].tolist(), strict=True):
            if count:
                self._counts[reason] += count
        for index in np.flatnonzero(code)[: self.room].tolist():
            reason = said.get(index, reasons[code[index] - 1])
            self._rows.append(RejectedRow(int(rows[index]), ids[index].as_py(), reason, file))
        self.read += len(rows)
        return np.flatnonzero(code == 0)

    def rejections(self) -> Rejections:
        """The rejected rows so far (all of them, once every batch is judged)."""
        reasons = sorted(self._counts, key=self._reasons.index)
        by_reason = tuple((reason, self._counts[reason]) for reason in reasons)
        return Rejections(sum(self._counts.values()), by_reason, tuple(self._rows))
