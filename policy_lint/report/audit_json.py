"""The JSON format of `audit`: DESIGN.md's contract first, in its order; extra fields after."""

from __future__ import annotations

from typing import Any

from policy_lint.audit.results import AuditReport, LevelResult, Worst
from policy_lint.report.json_text import json_text
from policy_lint.report.sentence import why


def _doubt(r: LevelResult) -> dict[str, Any]:
    """What the data could not settle: the fields after the contract's, the same for every kind
    (worst_case is the attainment, or for abandonment the rate, were every doubtful ticket a
    breach)."""
    return {
        "doubt": dict(r.doubt),
        "worst_case": r.worst_case,
        "missing": list(r.missing),
        "why": why(r) or None,
    }


def _ticket(w: Worst) -> dict[str, Any]:
    found: dict[str, Any] = {
        "ticket_id": w.ticket_id,
        "elapsed_seconds": w.elapsed_seconds,
        "row": w.row,
        "file": w.file,
    }
    return found if w.answered else found | {"closed": w.closed}


def result_document(r: LevelResult) -> dict[str, Any]:
    """One promise as the contract spells it: only the fields that apply to its kind."""
    head: dict[str, Any] = {"id": r.id, "channel": r.channel, "metric": r.metric}
    if r.status == "unmeasured":
        return head | {"status": str(r.status), "note": r.note}
    if r.metric == "abandonment_rate":
        counts = {"calls": r.calls, "abandoned": r.abandoned, "rate": r.rate, "max": r.max}
        document = head | counts | {"status": str(r.status)}
        if r.periods:
            document["periods"] = [
                {
                    "period": p.period,
                    "calls": p.calls,
                    "abandoned": p.abandoned,
                    "rate": p.rate,
                    "status": str(p.status),
                    "doubt": p.doubt,
                    "worst_case": p.worst_case,
                }
                for p in r.periods
            ]
        return document | _doubt(r)
    body: dict[str, Any] = {
        "clock": r.clock,
        "within_seconds": r.within_seconds,
        "goal": r.goal,
        "met": r.met,
        "breached": r.breached,
        "pending": r.pending,
        "attainment": r.attainment,
        "status": str(r.status),
        "p50_seconds": r.p50_seconds,
        "p90_seconds": r.p90_seconds,
        "worst": [_ticket(w) for w in r.worst],
        "within_days": r.within_days,
        "confidence": list(r.confidence) if r.confidence else None,
        "no_event": r.no_event,
        "unanswered": [_ticket(w) for w in r.unanswered],
        **_doubt(r),
    }
    if r.periods:
        body["periods"] = [
            {
                "period": p.period,
                "met": p.met,
                "breached": p.breached,
                "pending": p.pending,
                "attainment": p.attainment,
                "status": str(p.status),
                "doubt": p.doubt,
                "worst_case": p.worst_case,
            }
            for p in r.periods
        ]
    return head | body


def render_audit(report: AuditReport) -> str:
    """The whole audit as one JSON document; the same inputs give the same bytes."""
    document = {
        "version": 1,
        "policy": report.policy,
        "as_of": report.as_of,
        "tickets": {"read": report.read, "measured": report.measured, "rejected": report.rejected},
        "results": [result_document(r) for r in report.results],
        "rejected": [
            {"row": r.row, "ticket_id": r.ticket_id, "reason": r.reason, "file": r.file}
            for r in report.rejected_rows
        ],
        "status": str(report.status),
        "revision": report.revision,
        "rejected_by_reason": dict(report.rejected_by_reason),
        "undeclared_channels": dict(report.undeclared_channels),
        "sources": dict(report.sources),
        "unknown_values": {
            name: {value: count for field, value, count in report.unknown_values if field == name}
            for name in dict.fromkeys(field for field, _, _ in report.unknown_values)
        },
        "pauses": {
            "rejected": report.pause_rejected,
            "rejected_by_reason": dict(report.pause_rejected_by_reason),
            "rejected_rows": [
                {"row": r.row, "ticket_id": r.ticket_id, "reason": r.reason, "file": r.file}
                for r in report.pause_rejected_rows
            ],
        },
        "files": [
            {
                "file": f.file,
                "source": f.source,
                "read": f.read,
                "measured": f.measured,
                "timezone": f.timezone,
                "timezone_source": f.timezone_source,
                "local_times": f.local_times,
                "bytes_read": f.bytes_read,
            }
            for f in report.files
        ],
    }
    return json_text(document)
