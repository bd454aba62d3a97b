"""`policy-lint diff`: each kind of change to a promise, worked by hand, and `--git`."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from policy_lint.lint.load import load_text
from policy_lint.publish.diff import Kind, diff_data
from policy_lint.publish.diff_gate import FAIL_ON
from tests.conftest import ROOT, Run

LEVEL = """
service_levels:
  - id: email
    channel: email
    metric: first_response
    within: {within}
    clock: {clock}
    goal: {goal}
"""


def level(within: str = "8h", clock: str = "business", goal: str = "95%") -> object:
    doc = load_text(LEVEL.format(within=within, clock=clock, goal=goal), "p.yaml").document
    assert doc is not None
    return doc.data


def changes(old: object, new: object) -> list[str]:
    return [f"{c.kind} {c.subject}" for c in diff_data("p.yaml", old, new)]


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (level("8h"), level("24h"), "loosened"),  # more time to answer
        (level("24h"), level("8h"), "tightened"),
        (level(goal="95%"), level(goal="90%"), "loosened"),  # fewer tickets need to meet it
        (level(goal="0.9"), level(goal="95%"), "tightened"),  # 0.9 and 90 % are one number
        (level("8h", "calendar"), level("8h", "business"), "loosened"),  # 8 open hours ≥ 8 hours
        (level("8h", "calendar"), level("10h", "business"), "loosened"),
        (level("8h", "business"), level("6h", "calendar"), "tightened"),
        (level("4h", "business"), level("1d", "calendar"), "incomparable"),  # no common unit
        (level("2d", "business"), level("8h", "business"), "incomparable"),  # days vs hours
        (level("8h", goal="90%"), level("4h", goal="95%"), "tightened"),  # both parts tighter
        (level("8h", goal="95%"), level("4h", goal="90%"), "loosened"),  # 4h cannot buy back 90 %
        # a lower goal is looser whatever the clock did; a higher one cannot vouch for the clock
        (level("8h", "business", "95%"), level("1d", "calendar", "50%"), "loosened"),
        (level("8h", "business", "90%"), level("1d", "calendar", "95%"), "incomparable"),
    ],
)
def test_a_target_change_by_meaning(old: object, new: object, kind: str) -> None:
    assert changes(old, new) == [f"{kind} service level email"]


def test_a_looser_part_is_named_beside_the_part_that_cannot_be_compared() -> None:
    [change] = diff_data("p.yaml", level("8h", "business", "95%"), level("1d", "calendar", "50%"))
    assert change.detail == (
        "goal 95% → 50% (looser); within 8h business → 1d calendar cannot be compared"
    )


def test_a_tighter_part_cannot_vouch_for_one_that_cannot_be_compared() -> None:
    [change] = diff_data("p.yaml", level("8h", "business", "90%"), level("1d", "calendar", "95%"))
    assert (change.kind, change.detail) == (
        "incomparable",
        "within 8h business → 1d calendar cannot be compared; goal 90% → 95% (tighter)",
    )


def test_0_9_and_90_percent_are_the_same_goal() -> None:
    assert changes(level(goal="0.9"), level(goal="90%")) == []


def test_added_and_removed_levels_and_channels() -> None:
    old = {"channels": {"email": {}, "fax": {}}, "service_levels": [{"id": "a"}]}
    new = {"channels": {"email": {}, "chat": {}}, "service_levels": [{"id": "b"}]}
    assert changes(old, new) == [
        "added channel chat",
        "removed channel fax",
        "removed service level a",
        "added service level b",
    ]


def test_escalation_level_removed_and_slower() -> None:
    old = {"escalation": {"matrix": [{"level": 1}, {"level": 2, "after": "4h", "on_breach": True},
                                     {"level": 3, "after": "1d"}]}}  # fmt: skip
    new = {"escalation": {"matrix": [{"level": 1}, {"level": 2, "after": "8h", "on_breach": True}]}}
    assert changes(old, new) == ["loosened escalation level 2", "removed escalation level 3"]


def test_an_escalation_level_sooner_but_no_longer_on_breach_is_loosened() -> None:
    old = {"escalation": {"matrix": [{"level": 2, "after": "8h", "on_breach": True}]}}
    new = {"escalation": {"matrix": [{"level": 2, "after": "4h"}]}}
    [change] = diff_data("p.yaml", old, new)
    assert (change.kind, change.detail) == (
        "loosened",
        "on breach no longer escalates here (looser); after 8h → 4h (tighter)",
    )


def test_review_interval_lengthened() -> None:
    old, new = {"review": {"interval": "12 months"}}, {"review": {"interval": "P2Y"}}
    [change] = diff_data("p.yaml", old, new)
    assert (change.kind, change.detail) == ("loosened", "12 months → 24 months")


def test_complaint_deadline_moved() -> None:
    old = {"complaints": {"acknowledge": {"within": "2d", "clock": "business", "goal": "100%"}}}
    new = {"complaints": {"acknowledge": {"within": "5d", "clock": "business", "goal": "100%"}}}
    assert changes(old, new) == ["loosened complaints.acknowledge"]


def test_a_complaint_goal_lowered_with_its_clock_changed_is_loosened() -> None:
    old = {"complaints": {"final_response": {"within": "10d", "clock": "business", "goal": "95%"}}}
    new = {"complaints": {"final_response": {"within": "8 weeks", "clock": "calendar",
                                             "goal": "80%"}}}  # fmt: skip
    assert changes(old, new) == ["loosened complaints.final_response"]


def test_no_longer_measured_and_new_pauses_are_looser() -> None:
    old = {"service_levels": [{"id": "a", "within": "8h", "clock": "business", "goal": "95%"}]}
    new = {"service_levels": [{"id": "a", "within": "8h", "clock": "business", "goal": "95%",
                               "measured": False, "pause_on": ["pending"]}]}  # fmt: skip
    [change] = diff_data("p.yaml", old, new)
    assert change.kind == "loosened"
    assert change.detail == "no longer measured; also paused on pending"


def test_fewer_business_hours_loosen_every_business_promise() -> None:
    old = {"business_hours": {"weekly": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"]}}}
    new = {"business_hours": {"weekly": {"mon": ["09:00-17:00"]}}}
    [change] = diff_data("p.yaml", old, new)
    assert (change.kind, change.subject) == ("loosened", "business hours")
    assert change.detail == "tue 09:00-17:00 → closed; 16 → 8 business hours a week"


def hours(**weekly: list[str]) -> dict[str, object]:
    return {"business_hours": {"timezone": "Europe/Riga", "weekly": weekly}}


WEEKDAY = ["09:00-17:00"]


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (hours(mon=WEEKDAY), hours(mon=WEEKDAY, sat=["10:00-14:00"]), "tightened"),
        # as many hours a week, or more, yet Monday's customers wait longer
        (hours(mon=WEEKDAY), hours(sat=WEEKDAY), "loosened"),
        (hours(mon=WEEKDAY), hours(mon=["09:00-12:00"], sat=WEEKDAY), "loosened"),
        (hours(mon=WEEKDAY), hours(mon=["10:00-18:00"]), "loosened"),
        (hours(mon=WEEKDAY), hours(mon=["nine to five"]), "incomparable"),
        (hours(mon=WEEKDAY), {}, "incomparable"),  # no business clock left to count on
    ],
)
def test_business_hours_are_judged_day_by_day(old: object, new: object, kind: str) -> None:
    assert changes(old, new) == [f"{kind} business hours"]


def test_hours_moved_from_one_day_to_another_say_which_way_each_day_went() -> None:
    [change] = diff_data("p.yaml", hours(mon=WEEKDAY), hours(sat=WEEKDAY))
    assert change.detail == "mon 09:00-17:00 → closed (looser); sat closed → 09:00-17:00 (tighter)"


def test_the_same_minutes_written_otherwise_are_no_change() -> None:
    assert changes(hours(mon=WEEKDAY), hours(mon=["09:00-12:00", "12:00-17:00"])) == []


def test_a_moved_time_zone_cannot_be_compared() -> None:
    moved = {"business_hours": {"timezone": "Europe/London", "weekly": {"mon": WEEKDAY}}}
    [change] = diff_data("p.yaml", hours(mon=WEEKDAY), moved)
    assert (change.kind, change.detail) == ("incomparable", "timezone Europe/Riga → Europe/London")


def scoped(**scope: object) -> dict[str, object]:
    level = {"id": "a", "channel": "email", "metric": "first_response", "within": "8h",
             "clock": "business", "goal": "95%"}  # fmt: skip
    return {"service_levels": [{**level, **scope}]}


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (scoped(), scoped(channel="chat"), "incomparable"),  # other customers entirely
        (scoped(), scoped(channel="any"), "tightened"),
        (scoped(channel="any"), scoped(), "loosened"),
        (scoped(priority=["high", "urgent"]), scoped(priority=["urgent"]), "loosened"),
        (scoped(priority=["urgent"]), scoped(), "tightened"),  # absent: every priority
        (scoped(priority=["high"]), scoped(priority=["urgent"]), "incomparable"),
        (scoped(), scoped(metric="resolution"), "incomparable"),
        (scoped(period="month"), scoped(period="quarter"), "loosened"),  # a quarter of months
        (scoped(period="quarter"), scoped(), "loosened"),  # one figure over the whole export
        (scoped(), scoped(period="week"), "tightened"),
        (scoped(period="week"), scoped(period="month"), "incomparable"),  # weeks straddle months
        (scoped(), scoped(where={"tier": ["enterprise"]}), "loosened"),  # fewer tickets
        (scoped(where={"tier": ["enterprise"]}), scoped(), "tightened"),
        (
            scoped(where={"tier": ["enterprise"]}),
            scoped(where={"tier": ["standard"]}),
            "incomparable",
        ),
        (scoped(), scoped(where_not={"tags": ["spam"]}), "loosened"),
        (scoped(), scoped(calendar="new_york"), "incomparable"),  # other hours
    ],
)
def test_the_tickets_a_promise_covers_are_judged_too(old: object, new: object, kind: str) -> None:
    assert changes(old, new) == [f"{kind} service level a"]


def test_every_priority_named_is_the_same_scope_as_none_named() -> None:
    assert changes(scoped(), scoped(priority=["urgent", "high", "normal", "low"])) == []


def test_a_narrower_scope_is_not_bought_back_by_a_higher_goal() -> None:
    old, new = scoped(priority=["high", "urgent"]), scoped(priority=["urgent"], goal="99%")
    [change] = diff_data("p.yaml", old, new)
    assert (change.kind, change.detail) == (
        "loosened",
        "priority [high, urgent] → [urgent] (looser); goal 95% → 99% (tighter)",
    )


def test_cli_formats_and_fail_on(cli: Callable[..., Run], tmp_path: Path) -> None:
    old = ROOT / "policies" / "acme-en.yaml"
    new = tmp_path / "acme-en.yaml"
    new.write_text(old.read_text().replace("within: 8h", "within: 12h", 1))
    run = cli("diff", str(old), str(new))
    assert run.code == 0
    assert run.out.splitlines()[-1] == "1 loosened"
    assert cli("diff", "--fail-on", "loosened", str(old), str(new)).code == 1
    assert cli("diff", "--fail-on", "removed", str(old), str(new)).code == 0
    report = json.loads(cli("diff", "--format", "json", str(old), str(new)).out)
    assert report["summary"]["loosened"] == 1
    assert "| ▼ loosened |" in cli("diff", "--format", "markdown", str(old), str(new)).out


EMAIL_TARGET = "within: 8h\n    clock: business\n    goal: 95%"  # email-first-response's


def edited(tmp_path: Path, before: str, after: str) -> tuple[str, str]:
    """The bundled policy and a copy with one edit: the OLD and NEW of `policy-lint diff`."""
    old = ROOT / "policies" / "acme-en.yaml"
    text = old.read_text()
    assert text.count(before) == 1
    new = tmp_path / "acme-en.yaml"
    new.write_text(text.replace(before, after))
    return str(old), str(new)


UNPROVEN = (
    "--fail-on loosened fails on 1 incomparable change: the tool cannot prove it is not looser "
    "(--fail-on removed alone accepts what cannot be compared)"
)
ON_ANOTHER_CLOCK = "within: 1d\n    clock: calendar\n    goal: 95%"  # only the clock moved
LEVEL_SAID = "service level email-first-response"


@pytest.mark.parametrize(
    ("target", "report"),
    [
        (  # a lower goal is looser, though the clock changed too
            "within: 1d\n    clock: calendar\n    goal: 50%",
            [f"▼ loosened {LEVEL_SAID}: goal 95% → 50% (looser); within 8h business → 1d "
             "calendar cannot be compared", "1 loosened"],
        ),
        (  # nothing looser, but nothing proves the new clock is no looser
            ON_ANOTHER_CLOCK,
            [f"? incomparable {LEVEL_SAID}: within 8h business → 1d calendar", "1 incomparable",
             UNPROVEN],
        ),
        (  # a higher goal cannot vouch for the clock
            "within: 1d\n    clock: calendar\n    goal: 99%",
            [f"? incomparable {LEVEL_SAID}: within 8h business → 1d calendar cannot be "
             "compared; goal 95% → 99% (tighter)", "1 incomparable", UNPROVEN],
        ),
    ],
    ids=["lower goal, other clock", "other clock", "higher goal, other clock"],
)  # fmt: skip
def test_cli_fail_on_loosened_fails_on_all_not_proved_no_looser(
    cli: Callable[..., Run], tmp_path: Path, target: str, report: list[str]
) -> None:
    old, new = edited(tmp_path, EMAIL_TARGET, target)
    run = cli("diff", "--fail-on", "loosened", old, new)
    assert (run.code, run.out.splitlines()) == (1, [f"{new}: {report[0]}", *report[1:]])


def gate_in_json(cli: Callable[..., Run], *args: str) -> object:
    return json.loads(cli("diff", "--format", "json", *args).out)["gate"]


def test_cli_the_unproven_line_in_markdown_and_json(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    old, new = edited(tmp_path, EMAIL_TARGET, ON_ANOTHER_CLOCK)
    markdown = cli("diff", "--fail-on", "loosened", "--format", "markdown", old, new)
    assert (markdown.code, markdown.out.count(UNPROVEN)) == (1, 1)
    assert gate_in_json(cli, "--fail-on", "loosened", old, new) == {
        "fail_on": ["loosened"],
        "fails": True,
        "failing": 1,
        "unproven": 1,
        "note": UNPROVEN,
    }


def test_cli_fail_on_removed_accepts_what_cannot_be_compared(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    old, new = edited(tmp_path, EMAIL_TARGET, ON_ANOTHER_CLOCK)
    run = cli("diff", "--fail-on", "removed", old, new)
    assert (run.code, run.out.splitlines()[-1]) == (0, "1 incomparable")
    assert gate_in_json(cli, "--fail-on", "removed", old, new) == {
        "fail_on": ["removed"],
        "fails": False,
        "failing": 0,
        "unproven": 0,
        "note": None,
    }
    report = json.loads(cli("diff", "--format", "json", old, new).out)
    assert [change["kind"] for change in report["changes"]] == ["incomparable"]


def test_cli_fail_on_any_fails_on_every_change_and_each_value_adds_its_own(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    old, new = edited(tmp_path, EMAIL_TARGET, "within: 8h\n    clock: business\n    goal: 99%")
    assert cli("diff", "--fail-on", "any", old, new).code == 1
    assert cli("diff", "--fail-on", "loosened", "--fail-on", "removed", old, new).code == 0
    clock = edited(tmp_path, EMAIL_TARGET, ON_ANOTHER_CLOCK)
    assert cli("diff", "--fail-on", "removed", "--fail-on", "loosened", *clock).code == 1
    anything = cli("diff", "--fail-on", "any", *clock)
    assert (anything.code, anything.out.splitlines()[-1]) == (1, "1 incomparable")
    assert gate_in_json(cli, *clock) == {
        "fail_on": [],
        "fails": False,
        "failing": 0,
        "unproven": 0,
        "note": None,
    }


def test_fail_on_any_names_every_kind_and_loosened_what_is_not_proved_no_looser() -> None:
    assert FAIL_ON["any"] == {kind.value for kind in Kind}
    assert FAIL_ON["loosened"] == {"loosened", "incomparable"}


def test_an_unreadable_side_is_exit_2(cli: Callable[..., Run], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [\n")
    run = cli("diff", str(ROOT / "policies" / "acme-en.yaml"), str(broken))
    assert (run.code, run.err.count("\n")) == (2, 1)
    assert "cannot compare" in run.err


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def committed_acme(tmp_path: Path) -> Path:
    """A repository whose one commit holds the bundled policy (policies/acme.yaml) and a README."""
    git(tmp_path, "init", "-q")
    policy = tmp_path / "policies" / "acme.yaml"
    policy.parent.mkdir()
    policy.write_text((ROOT / "policies" / "acme-en.yaml").read_text())
    (tmp_path / "README.md").write_text("unchanged\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    return policy


def test_diff_against_a_git_revision(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = committed_acme(tmp_path)
    policy.write_text(policy.read_text().replace("goal: 95%", "goal: 90%", 1))
    (tmp_path / "policies" / "new.yaml").write_text("service_levels: [{id: x}]\n")
    monkeypatch.chdir(tmp_path)
    named = cli("diff", "--git", "HEAD", "policies/acme.yaml")
    assert named.out.splitlines()[-1] == "1 loosened"
    git(tmp_path, "add", "policies/new.yaml")
    every = cli("diff", "--git", "HEAD", "--fail-on", "removed")
    assert every.code == 0
    assert "policies/new.yaml: + added service level x" in every.out


def test_git_mode_gates_a_loosening_beside_a_clock_change_and_what_it_cannot_compare(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = committed_acme(tmp_path)
    base = policy.read_text()
    monkeypatch.chdir(tmp_path)
    policy.write_text(base.replace(EMAIL_TARGET, "within: 1d\n    clock: calendar\n    goal: 50%"))
    loosened = cli("diff", "--git", "HEAD", "--fail-on", "loosened")
    assert (loosened.code, loosened.out.splitlines()[-1]) == (1, "1 loosened")
    policy.write_text(base.replace(EMAIL_TARGET, ON_ANOTHER_CLOCK))
    unproven = cli("diff", "--git", "HEAD", "--fail-on", "loosened")
    assert (unproven.code, unproven.out.splitlines()[-2:]) == (1, ["1 incomparable", UNPROVEN])
    assert cli("diff", "--git", "HEAD", "--fail-on", "removed").code == 0


def test_a_scope_set_on_the_complaints_judges_both_targets() -> None:
    target = {"within": "2d", "clock": "business", "goal": "100%"}
    old = {"complaints": {"acknowledge": target, "final_response": target}}
    new = {"complaints": {**old["complaints"], "where": {"tier": ["enterprise"]}}}
    assert [(c.kind, c.subject, c.detail) for c in diff_data("p.yaml", old, new)] == [
        ("loosened", f"complaints.{name}", "where every ticket → {tier: [enterprise]}")
        for name in ("acknowledge", "final_response")
    ]
