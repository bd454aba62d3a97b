"""The formats of `policy-lint diff`: text, JSON and Markdown for a pull-request comment."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict

from policy_lint.diff import Change, Kind

SIGNS = {
    Kind.TIGHTENED: "▲",
    Kind.LOOSENED: "▼",
    Kind.ADDED: "+",
    Kind.REMOVED: "−",
    Kind.CHANGED: "~",
    Kind.INCOMPARABLE: "?",
}


def _counts(changes: Sequence[Change]) -> str:
    counted = Counter(change.kind for change in changes)
    said = ", ".join(f"{counted[kind]} {kind}" for kind in Kind if counted[kind])
    return said or "no change to any promise"


def render_text(changes: Sequence[Change]) -> str:
    """One line a change, then the counts."""
    lines = [f"{c.path}: {SIGNS[c.kind]} {c.kind} {c.subject}: {c.detail}" for c in changes]
    return "\n".join([*lines, _counts(changes)]) + "\n"


def render_json(changes: Sequence[Change]) -> str:
    """`{"version": 1, "changes": [...], "summary": {kind: count}}`."""
    counted = Counter(change.kind.value for change in changes)
    document = {
        "version": 1,
        "changes": [asdict(change) for change in changes],
        "summary": {kind.value: counted[kind.value] for kind in Kind},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def render_markdown(changes: Sequence[Change]) -> str:
    """A table for a pull-request comment: looser and removed promises first."""
    order = [Kind.LOOSENED, Kind.REMOVED, Kind.INCOMPARABLE, Kind.CHANGED, Kind.ADDED,
             Kind.TIGHTENED]  # fmt: skip
    lines = ["### What this change does to the promises", "", _counts(changes), ""]
    ranked = sorted(changes, key=lambda c: (order.index(c.kind), c.path, c.subject))
    if ranked:
        lines += ["| | promise | change | file |", "|---|---|---|---|"]
        for c in ranked:
            detail = c.detail.replace("|", "\\|")
            lines.append(f"| {SIGNS[c.kind]} {c.kind} | {c.subject} | {detail} | `{c.path}` |")
        lines.append("")
    return "\n".join(lines)


DIFF_FORMATS: dict[str, Callable[[Sequence[Change]], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}
