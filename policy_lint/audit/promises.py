"""The measurable promises of a policy: service levels and complaint targets, compiled once.

Each promise is read from the policy's data into plain numbers (seconds, business days, a goal
as a fraction) with the line it stands on, so measuring never parses a duration again and a
report can point at the promise in the policy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from policy_lint.errors import PolicyLintError
from policy_lint.lint.document import Document
from policy_lint.quoting import cut
from policy_lint.values import DurationError, parse_duration, percentage

EVENTS = {
    "first_response": "first_response_at",
    "resolution": "resolved_at",
    "acknowledgement": "acknowledged_at",
}


@dataclass(frozen=True, slots=True)
class Promise:
    """One measurable promise: who it covers, what it times, on which clock, to what goal."""

    id: str
    channel: str  # a channel name, `any`, or `complaints`
    metric: str
    line: int
    clock: str = "calendar"
    within_seconds: int | None = None
    within_days: int | None = None  # business days, under the business clock
    goal: float | None = None
    max: float | None = None
    priorities: tuple[str, ...] | None = None
    pause_on: tuple[str, ...] = ()
    period: str | None = None
    measured: bool = True

    @property
    def event(self) -> str | None:
        """The ticket column whose time ends the clock (None for abandonment)."""
        return EVENTS.get(self.metric)


def _timed(pointer: str, item: dict[str, Any], doc: Document, **fixed: Any) -> Promise:
    clock = str(item.get("clock", "calendar"))
    seconds: int | None = None
    days: int | None = None
    try:
        duration = parse_duration(item.get("within"))
        if clock == "business":
            kind, amount = duration.business()
            days, seconds = (int(amount), None) if kind == "days" else (None, round(amount))
        else:
            seconds = round(duration.calendar_seconds())
    except DurationError as error:
        raise PolicyLintError(f"{doc.path}:{doc.position(pointer).line}: {error}") from None
    return Promise(
        line=doc.position(pointer).line,
        clock=clock,
        within_seconds=seconds,
        within_days=days,
        goal=_share(pointer, item, "goal", doc),
        **fixed,
    )


def _share(pointer: str, item: dict[str, Any], key: str, doc: Document) -> float | None:
    """A goal or max as a fraction; NaN or infinity (`.nan`, `.inf`) is no share of tickets, and
    no count can be compared with it."""
    share = percentage(item.get(key))
    if share is not None and not math.isfinite(share):
        line = doc.position(f"{pointer}/{key}").line
        raise PolicyLintError(f"{doc.path}:{line}: {key} `{item[key]}` is not a share of tickets")
    return share


SCOPES = ("where", "where_not", "calendar")  # what this version lints and cannot yet measure


def refuse_unmeasured(doc: Document) -> None:
    """PolicyLintError when a promise is scoped in a way this version cannot yet measure.

    `where:`, `where_not:` and `calendar:` are part of the format, and `check` lints them; the
    measuring does not read them yet. Measured without them, a promise for enterprise tickets
    on the New York calendar would be judged on every ticket on the default calendar: a verdict
    about another promise than the one written. So the audit, `check --history` and the pytest
    plugin stop, naming the first such promise, rather than measure it as if it were unscoped.
    """
    items = [(p, item) for p, item in doc.glob("/service_levels/*") if isinstance(item, dict)]
    complaints = doc.get("/complaints")
    if isinstance(complaints, dict):
        items.append(("/complaints", complaints))
    for pointer, item in items:
        for key in SCOPES:
            if key in item:
                line = doc.position(f"{pointer}/{key}", key=True).line
                name = f"`{cut(item.get('id'))}`" if pointer != "/complaints" else "`complaints`"
                raise PolicyLintError(
                    f"{doc.path}:{line}: {name} is scoped by `{key}:`, which is not measured yet "
                    "by this version of policy-lint: measured without it, the promise would be "
                    "judged on tickets it does not cover"
                )


def compile_promises(doc: Document) -> list[Promise]:
    """Every service level and complaint target of a policy that passed `check`."""
    promises = []
    for pointer, item in doc.glob("/service_levels/*"):
        if not isinstance(item, dict):
            continue
        priorities = tuple(map(str, item["priority"])) if item.get("priority") else None
        common: dict[str, Any] = {
            "id": str(item.get("id")),
            "channel": str(item.get("channel")),
            "metric": str(item.get("metric")),
            "priorities": priorities,
            "measured": item.get("measured", True) is not False,
        }
        if item.get("metric") == "abandonment_rate":
            line = doc.position(pointer).line
            promises.append(
                Promise(
                    line=line,
                    max=_share(pointer, item, "max", doc),
                    period=item.get("period"),
                    **common,
                )
            )
            continue
        extra: dict[str, Any] = {
            "pause_on": tuple(map(str, item.get("pause_on") or ())),
            "period": item.get("period"),
        }
        promises.append(_timed(pointer, item, doc, **common, **extra))
    for name, metric in (("acknowledge", "acknowledgement"), ("final_response", "resolution")):
        pointer = f"/complaints/{name}"
        item = doc.get(pointer)
        if isinstance(item, dict) and "within" in item:
            fixed = {"id": f"complaints.{name}", "channel": "complaints", "metric": metric}
            promises.append(_timed(pointer, item, doc, **fixed))
    return promises
