"""The bundled policies: the examples pass with no finding; each defect shows exactly its defect.

Every rule of the catalogue runs, on the fixed date the demo uses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from policy_lint.lint.catalogue import builtin_rules
from policy_lint.lint.config import Settings
from policy_lint.lint.linter import lint_paths
from policy_lint.lint.load import load_path
from tests.conftest import ROOT, TODAY

POLICIES = ROOT / "policies"
CLEAN = sorted(POLICIES.glob("*.yaml"))
DEFECTS: dict[str, list[str]] = {
    "duplicate-id.yaml": ["PL107 42:9"],
    "duplicate-key.yaml": ["PL101 42:5"],
    "invalid-duration.yaml": ["PL103 45:13"],
    "invalid-timezone.yaml": ["PL104 20:13"],
    "overlapping-hours.yaml": ["PL105 26:26"],
    "schema-typo.yaml": ["PL102 48:5"],
    "schema-value.yaml": ["PL102 54:11"],
    "unknown-channel.yaml": ["PL106 43:14"],
    "yaml-syntax.yaml": ["PL100 23:5"],
    "template-placeholder.yaml": ["PL201 67:56"],
    "vague-commitment.yaml": ["PL202 15:56"],
    # the Latvian template the product grew from, half filled in: every placeholder and every
    # vague promise at the word itself
    "seed-template-lv.yaml": [
        "PL201 9:9",
        "PL201 11:39",
        "PL201 23:15",
        "PL202 25:65",
        "PL201 26:36",
        "PL201 28:18",
        "PL202 29:41",
        "PL201 30:26",
        "PL201 31:32",
        "PL201 33:37",
        "PL201 62:44",
        "PL202 62:88",
        "PL201 69:41",
        "PL202 69:73",
        "PL201 90:26",
        "PL202 91:66",
        "PL201 109:37",
        "PL201 113:37",
        "PL201 117:40",
        "PL202 118:14",
        "PL201 126:50",
        "PL201 129:53",
    ],
}


def findings(path: Path) -> list[str]:
    report = lint_paths([path], builtin_rules(), Settings(today=TODAY))
    return [f"{f.code} {f.line}:{f.column}" for f in report.findings]


def test_there_are_example_policies_in_three_languages_and_one_of_two_regions() -> None:
    assert [path.name for path in CLEAN] == [
        "acme-en.yaml",
        "northwind-regions-en.yaml",
        "sirket-tr.yaml",
        "uznemums-lv.yaml",
    ]


def test_the_regions_example_uses_every_scope_and_both_countries_holidays() -> None:
    loaded = load_path(POLICIES / "northwind-regions-en.yaml")
    data = loaded.document.data if loaded.document else {}
    assert data["ticket_fields"]["tier"] == ["standard", "enterprise"]
    assert data["ticket_fields"]["tags"]["list"] is True
    levels = data["service_levels"]
    wheres = [level.get("where", {}) for level in levels]
    assert {tier for where in wheres for tier in where.get("tier", [])} == {
        "standard",
        "enterprise",
    }
    assert any("vip" in where.get("tags", []) for where in wheres)
    assert any("where_not" in level for level in levels) and "where_not" in data["complaints"]
    assert {level.get("calendar") for level in levels} == {None, "new_york"}
    assert data["channels"]["phone_us"]["hours"] == "new_york"
    # two zones, one of which has moved its clocks on 2027-03-20 and the other not yet
    zones = [data["business_hours"]["timezone"], data["calendars"]["new_york"]["timezone"]]
    noon = dt.datetime(2027, 3, 20, 12, tzinfo=dt.UTC)
    assert [noon.astimezone(ZoneInfo(zone)).dst() != dt.timedelta(0) for zone in zones] == [
        False,
        True,
    ]
    holidays = [data["business_hours"]["holidays"][0], data["calendars"]["new_york"]["holidays"][0]]
    assert [entry["country"] for entry in holidays] == ["LV", "US"]


@pytest.mark.parametrize("path", CLEAN, ids=lambda path: path.name)
def test_example_policy_has_no_finding(path: Path) -> None:
    assert findings(path) == []


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_defect_policy_reports_exactly_its_defect(name: str) -> None:
    assert findings(POLICIES / "defects" / name) == DEFECTS[name]


def test_every_defect_policy_is_listed() -> None:
    assert {path.name for path in (POLICIES / "defects").glob("*.yaml")} == set(DEFECTS)
