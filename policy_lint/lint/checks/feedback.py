"""PL502–PL503: feedback is collected on a schedule, and somebody reviews it and acts on it.

PL501 (no feedback method) is data, a `required` rule; the checks here stay silent when there is
no feedback section, so its absence is reported once. `missing_parts` is shared with the complaint
procedure (PL604), the other section whose parts make a loop only together.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.checks.kinds import is_empty
from policy_lint.lint.document import Document
from policy_lint.lint.findings import Problem
from policy_lint.quoting import cut


def missing_parts(doc: Document, section: str, parts: Mapping[str, str]) -> Problem | None:
    """One problem naming every part (key → what it says) that a present section lacks.

    It stands at the part's key when one is missing (at the section when the key is absent too),
    and at the section when several are.
    """
    data = doc.get(section)
    if not isinstance(data, dict) or not data:
        return None
    missing = [key for key in parts if is_empty(data.get(key))]
    if not missing:
        return None
    named = [f"`{key}` ({parts[key]})" for key in missing]
    said = " and no ".join([", no ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
    if len(missing) > 1:
        return Problem(section, f"`{section[1:]}` has no {said}")
    return Problem(f"{section}/{missing[0]}", f"`{section[1:]}` has no {said}", key=True)


def feedback_frequency(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL502: every method says when (an event) or how often (a cadence) it runs."""
    for pointer, method in doc.glob("/feedback/methods/*"):
        if isinstance(method, dict):
            unscheduled = is_empty(method.get("when")) and is_empty(method.get("frequency"))
            name = method.get("type", "this method")
        else:
            unscheduled, name = isinstance(method, str), method
        if unscheduled:
            yield Problem(
                pointer,
                f"`{cut(name)}` has neither `when` (the event that triggers it) nor `frequency` "
                "(how often it runs)",
            )


FEEDBACK_LOOP = {
    "owner": "who acts on it",
    "review": "how often it is reviewed",
    "used_for": "what it is used for",
}


def feedback_loop(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL503: an owner, a review cadence and a use: feedback nobody reads changes nothing."""
    problem = missing_parts(doc, "/feedback", FEEDBACK_LOOP)
    if problem is not None:
        yield problem


CHECKS: dict[str, Check] = {
    "feedback-frequency": feedback_frequency,
    "feedback-loop": feedback_loop,
}
