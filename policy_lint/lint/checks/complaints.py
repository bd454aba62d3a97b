"""PL602–PL605: the complaint procedure — timed targets, logging, holding response, escalation.

PL601 (no procedure) is data, a `required` rule; the checks here stay silent when there is no
complaint section, so its absence is reported once. A target "with a number" is one whose
`within` reads as a duration; whether that duration is usable on its clock is PL103's to say.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policy_lint.lint.checks.context import Check, Context
from policy_lint.lint.checks.escalation import level_number, matrix_entries
from policy_lint.lint.checks.feedback import missing_parts
from policy_lint.lint.document import Document
from policy_lint.lint.findings import Problem
from policy_lint.quoting import cut
from policy_lint.values import DurationError, parse_duration

COMPLAINTS = "/complaints"


def has_number(target: Any) -> bool:
    """Whether a target is a mapping whose `within` reads as a duration."""
    if not isinstance(target, dict):
        return False
    try:
        parse_duration(target.get("within"))
    except DurationError:
        return False
    return True


def _has_procedure(doc: Document) -> bool:
    complaints = doc.get(COMPLAINTS)
    return isinstance(complaints, dict) and bool(complaints)


def _no_number(doc: Document, key: str, what: str) -> str:
    """Why a complaint target has no number: an unreadable `within`, or none."""
    within = doc.get(f"{COMPLAINTS}/{key}/within")
    if within is None:
        return f"no {what} target with a number"
    return f"the {what} target's `{cut(within)}` is not a duration"


def complaint_acknowledgement(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL602: a timed acknowledgement, under `complaints` or as an `acknowledgement` level."""
    if not _has_procedure(doc) or has_number(doc.get(f"{COMPLAINTS}/acknowledge")):
        return
    levels = (level for _, level in doc.glob("/service_levels/*") if isinstance(level, dict))
    if any(level.get("metric") == "acknowledgement" and has_number(level) for level in levels):
        return
    yield Problem(
        f"{COMPLAINTS}/acknowledge/within",
        _no_number(doc, "acknowledge", "acknowledgement")
        + ": say within how long every complaint is acknowledged in writing, "
        "e.g. `acknowledge: {within: 2d, clock: business, goal: 100%}`",
    )


def complaint_final_response(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL603: a timed full answer to every complaint."""
    if _has_procedure(doc) and not has_number(doc.get(f"{COMPLAINTS}/final_response")):
        yield Problem(
            f"{COMPLAINTS}/final_response/within",
            _no_number(doc, "final_response", "final-response")
            + ": say within how long every complaint gets a full answer, "
            "e.g. `final_response: {within: 8 weeks, clock: calendar, goal: 95%}`",
        )


COMPLAINT_HANDLING = {
    "logged_in": "where complaints are logged",
    "holding_response": "what customers are told when an answer takes longer",
    "review": "how often complaints are reviewed",
}


def complaint_handling(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL604: a log, a holding response and a review cadence."""
    problem = missing_parts(doc, COMPLAINTS, COMPLAINT_HANDLING)
    if problem is not None:
        yield problem


def complaint_escalation(doc: Document, ctx: Context) -> Iterator[Problem]:
    """PL605: the escalation level complaints go to is a level of the matrix."""
    level = doc.get(f"{COMPLAINTS}/escalation_level")
    if not isinstance(level, int) or isinstance(level, bool):
        return  # absent, or not a number: the schema's to report
    levels = sorted({n for _, e in matrix_entries(doc) if (n := level_number(e)) is not None})
    if level in levels:
        return
    have = ", ".join(str(n) for n in levels)
    yield Problem(
        f"{COMPLAINTS}/escalation_level",
        f"complaints go to escalation level {level}, but "
        + (f"the matrix has levels {have}" if levels else "there is no escalation matrix"),
    )


CHECKS: dict[str, Check] = {
    "complaint-acknowledgement": complaint_acknowledgement,
    "complaint-final-response": complaint_final_response,
    "complaint-handling": complaint_handling,
    "complaint-escalation": complaint_escalation,
}
