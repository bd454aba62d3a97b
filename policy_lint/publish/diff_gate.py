"""`diff --fail-on`: which changes fail a reviewer's gate, and which fail it for want of proof.

`--fail-on loosened` is the gate against a promise made weaker. A change the tool cannot compare
(8 business hours against 1 calendar day) may be weaker, and a gate that let it through would be
passed by changing a promise in a way the tool cannot follow; so `loosened` fails on
`incomparable` too, and the reports say which changes failed only for that. A reviewer who
accepts what cannot be compared asks for `removed` alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI reads FAIL_ON's names for its options: no comparison imported then
    from policy_lint.publish.diff import Change

# each value, and the kinds of change (Kind's values) that fail it
FAIL_ON: dict[str, frozenset[str]] = {
    "loosened": frozenset({"loosened", "incomparable"}),  # incomparable: not proved no looser
    "removed": frozenset({"removed"}),
    "any": frozenset({"tightened", "loosened", "added", "removed", "changed", "incomparable"}),
}


@dataclass(frozen=True, slots=True)
class Gate:
    """What `--fail-on` asked for, the changes that fail it, and those failing unproven."""

    fail_on: tuple[str, ...]  # sorted, each once
    failing: tuple[Change, ...]
    unproven: tuple[Change, ...]  # incomparable under `loosened`: not proved to be no looser

    @property
    def fails(self) -> bool:
        return bool(self.failing)


def gate(changes: Sequence[Change], fail_on: Iterable[str]) -> Gate:
    """The changes that fail the `--fail-on` values given: those any of the values names."""
    asked = tuple(sorted(set(fail_on)))
    kinds = frozenset[str]().union(*(FAIL_ON[name] for name in asked))
    failing = tuple(change for change in changes if change.kind in kinds)
    unproven = tuple(c for c in failing if c.kind == "incomparable" and "loosened" in asked)
    return Gate(asked, failing, unproven)
