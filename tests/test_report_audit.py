"""The audit reporters, byte for byte against golden files built from one fixed AuditReport."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from policy_lint.audit.results import (
    AuditReport,
    ExportSummary,
    LevelResult,
    PeriodResult,
    RejectedSummary,
    Status,
    Worst,
)
from policy_lint.report import AUDIT_FORMATS
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
REPORT = AuditReport(
    policy="acme-support",
    revision="4.1",
    as_of="2026-05-31T23:58:10Z",
    read=120_000,
    measured=119_870,
    rejected=130,
    undeclared_channels=(("web_form", 12),),
    results=(
        LevelResult(
            id="email-first-response", channel="email", metric="first_response",
            status=Status.FAIL, line=88, clock="business", within_seconds=28_800, goal=0.95,
            met=2100, breached=224, pending=10, attainment=0.903614,
            confidence=(0.891, 0.9152), p50_seconds=9000, p90_seconds=30_000,
            worst=(Worst("T0001102", 90_000, 1102, "export.csv"),
                   Worst("T0000877", 61_200, 877, "export.csv")),
            periods=(PeriodResult("2026-04", 1000, 40, 0, 0.961538, Status.PASS),
                     PeriodResult("2026-05", 1100, 184, 10, 0.856698, Status.FAIL)),
            histogram=(900, 500, 400, 300, 100, 60, 40, 20, 1),
            no_event=3,
            unanswered=(Worst("T0001200", 200_000, 1200, "export.csv", answered=False),
                        Worst("T0000900", 60, 900, "export.csv", answered=False, closed=True)),
        ),
        LevelResult(
            id="chat-first-response", channel="chat", metric="first_response",
            status=Status.INCONCLUSIVE, line=95, clock="calendar", within_seconds=120,
            goal=0.9, priorities=("low", "normal"), met=940, breached=60, attainment=0.94,
            confidence=(0.923, 0.9535), p50_seconds=40, p90_seconds=110,
            histogram=(500, 200, 140, 100, 30, 20, 10, 0, 0),
            doubt=(("rejected", 40), ("no_priority", 12)), worst_case=0.893536,
            missing=("priority",),
        ),
        LevelResult(
            id="complaints.acknowledge", channel="complaints", metric="acknowledgement",
            status=Status.PASS, line=140, clock="business", within_days=2, goal=1.0, met=40,
            attainment=1.0, confidence=(0.912378, 1.0), p50_seconds=14_400, p90_seconds=86_000,
            histogram=(10, 10, 10, 10, 0, 0, 0, 0, 0),
        ),
        LevelResult(id="phone-abandonment", channel="phone", metric="abandonment_rate",
                    status=Status.FAIL, line=110, calls=5000, abandoned=210, rate=0.042, max=0.05,
                    periods=(PeriodResult("2026-04", 2400, 130, 0, None, Status.FAIL, 2530, 130,
                                          0.051383),
                             PeriodResult("2026-05", 2390, 80, 0, None, Status.PASS, 2470, 80,
                                          0.032389))),
        LevelResult(id="in-person-greeting", channel="in_person", metric="first_response",
                    status=Status.UNMEASURED, line=120,
                    note="marked `measured: false`: no export shows it"),
        LevelResult(id="social-first-response", channel="social", metric="first_response",
                    status=Status.NO_DATA, line=125, clock="business", within_seconds=14_400,
                    goal=0.9),
    ),
    rejected_rows=(RejectedSummary(17, "T0000016", "resolved_at is before created_at", "e.csv"),
                   RejectedSummary(40, None, "missing ticket_id", "export.csv")),
    rejected_by_reason=(("missing ticket_id", 1), ("resolved_at is before created_at", 129)),
    sources=(("export.csv", "canonical"),),
    files=(ExportSummary("export.csv", "canonical", 120_000, 119_870, "Europe/Riga",
                         "the policy's time zone", 359_610, 13_456_789),),
)  # fmt: skip
SUFFIX = {"text": "txt", "json": "json", "junit": "xml", "markdown": "md", "html": "html"}


@pytest.mark.parametrize("name", sorted(AUDIT_FORMATS))
def test_audit_format_matches_its_golden_file(
    name: str, golden: Callable[[Path, str], None]
) -> None:
    golden(GOLDEN / f"audit.{SUFFIX[name]}", AUDIT_FORMATS[name](REPORT))


@pytest.mark.parametrize("name", sorted(AUDIT_FORMATS))
def test_same_report_same_bytes(name: str) -> None:
    assert AUDIT_FORMATS[name](REPORT) == AUDIT_FORMATS[name](REPORT)


def test_json_follows_the_contract() -> None:
    document = json.loads(AUDIT_FORMATS["json"](REPORT))
    assert list(document)[:7] == [
        "version", "policy", "as_of", "tickets", "results", "rejected", "status",
    ]  # fmt: skip
    first = document["results"][0]
    assert list(first)[:16] == [
        "id", "channel", "metric", "clock", "within_seconds", "goal", "met", "breached",
        "pending", "attainment", "status", "p50_seconds", "p90_seconds", "worst",
        "within_days", "confidence",
    ]  # fmt: skip
    abandonment = document["results"][3]
    assert abandonment == {
        "id": "phone-abandonment", "channel": "phone", "metric": "abandonment_rate",
        "calls": 5000, "abandoned": 210, "rate": 0.042, "max": 0.05, "status": "fail",
        "periods": abandonment["periods"], "doubt": {}, "worst_case": None, "missing": [],
        "why": "fails in 2026-04: 5.1% > 5%",
    }  # fmt: skip
    unsettled = document["results"][1]
    assert unsettled["status"] == "inconclusive"
    assert unsettled["doubt"] == {"rejected": 40, "no_priority": 12}
    assert (unsettled["worst_case"], unsettled["missing"]) == (0.893536, ["priority"])
    assert unsettled["why"] == (
        "40 rejected rows could be among its chat tickets of priority low or normal and 12 chat "
        "tickets have no priority (the export has no priority column) and could be in scope "
        "(a mapping's `default_priority` says which they have); "
        "if they were breaches, 89.4% < 90%"
    )
    assert document["status"] == "fail"


class Checker(HTMLParser):
    """Collects tags, and fails on what a well-formed self-contained page must not have."""

    VOID: ClassVar[set[str]] = {"meta", "br", "img", "line", "rect", "link", "hr", "path"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_well_formed_self_contained_and_says_everything() -> None:
    page = AUDIT_FORMATS["html"](REPORT)
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert checker.tags.count("svg") == 7  # 3 bars, 3 histograms, 1 period chart
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)  # no external URL
    assert "<script" not in page
    text = " ".join(checker.text)
    for result in REPORT.results:
        assert result.id in text
    assert "T0001102" in text and "resolved_at is before created_at" in text
    assert "revision 4.1" in text and "2026-05-31T23:58:10Z" in text


def test_html_does_not_grow_with_tickets() -> None:
    bigger = replace(REPORT, read=10_000_000, measured=9_999_000)
    assert abs(len(AUDIT_FORMATS["html"](bigger)) - len(AUDIT_FORMATS["html"](REPORT))) < 20
