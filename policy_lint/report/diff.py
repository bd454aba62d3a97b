"""The formats of `policy-lint diff`: text, JSON and Markdown for a pull-request comment.

A diff reads policies no schema has vetted (it compares what a pull request wrote, valid or
not), so a subject or a detail can quote anything: each is made `visible` in text and escaped as
Markdown text in Markdown, and both reports are scrubbed as a last guard.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict

from policy_lint.publish.diff import Change, Kind
from policy_lint.publish.diff_gate import Gate
from policy_lint.report.json_text import json_text
from policy_lint.report.markdown import md_code, md_text
from policy_lint.report.visible import scrub, visible

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


def _unproven(gate: Gate) -> list[str]:
    """The line that says why `--fail-on loosened` fails on what it could not compare."""
    n = len(gate.unproven)
    if not n:
        return []
    changes, it = ("change", "it is") if n == 1 else ("changes", "they are")
    return [
        f"--fail-on loosened fails on {n} incomparable {changes}: the tool cannot prove {it} "
        "not looser (--fail-on removed alone accepts what cannot be compared)"
    ]


def render_text(changes: Sequence[Change], gate: Gate) -> str:
    """One line a change, then the counts, then why the gate fails unproven changes."""
    lines = [
        f"{visible(c.path)}: {SIGNS[c.kind]} {c.kind} {visible(c.subject)}: {visible(c.detail)}"
        for c in changes
    ]
    return scrub("\n".join([*lines, _counts(changes), *_unproven(gate)]) + "\n")


def render_json(changes: Sequence[Change], gate: Gate) -> str:
    """`{"version": 1, "changes": [...], "summary": {kind: count}, "gate": {...}}`.

    `gate` says what `--fail-on` asked for (`[]` when nothing), whether the run fails, how many
    changes fail it, how many of them only because they cannot be proved not looser, and the
    report's line for that (null when none).
    """
    counted = Counter(change.kind.value for change in changes)
    note = _unproven(gate)
    document = {
        "version": 1,
        "changes": [asdict(change) for change in changes],
        "summary": {kind.value: counted[kind.value] for kind in Kind},
        "gate": {
            "fail_on": list(gate.fail_on),
            "fails": gate.fails,
            "failing": len(gate.failing),
            "unproven": len(gate.unproven),
            "note": note[0] if note else None,
        },
    }
    return json_text(document)


def render_markdown(changes: Sequence[Change], gate: Gate) -> str:
    """A table for a pull-request comment: looser and removed promises first."""
    order = [Kind.LOOSENED, Kind.REMOVED, Kind.INCOMPARABLE, Kind.CHANGED, Kind.ADDED,
             Kind.TIGHTENED]  # fmt: skip
    lines = ["### What this change does to the promises", "", _counts(changes), ""]
    for line in _unproven(gate):
        lines += [f"**{line}**", ""]
    ranked = sorted(changes, key=lambda c: (order.index(c.kind), c.path, c.subject))
    if ranked:
        lines += ["| | promise | change | file |", "|---|---|---|---|"]
        for c in ranked:
            subject, detail, path = (
                md_text(c.subject),
                md_text(c.detail),
                md_code(c.path, in_table=True),
            )
            lines.append(f"| {SIGNS[c.kind]} {c.kind} | {subject} | {detail} | {path} |")
        lines.append("")
    return scrub("\n".join(lines))


DIFF_FORMATS: dict[str, Callable[[Sequence[Change], Gate], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}
