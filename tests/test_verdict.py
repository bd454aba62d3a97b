"""A verdict is never kinder than the data: what could not be measured never makes a promise pass.

The worst-case rule of verdict.py first, as a table; then each way an export hides tickets from a
promise, through the real CLI: every row rejected, nothing read, a column the export lacks, a
ticket with no priority, pauses not given, and the headline and worst tickets a reader must not
misread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from policy_lint.audit.results import Status
from policy_lint.audit.verdict import combine, judge_attainment, judge_rate
from tests.conftest import ROOT, Run

pytest_plugins = ["pytester"]
DATA = ROOT / "tests" / "data" / "audit"
SAMPLES = ROOT / "bench" / "samples"
POLICY = DATA / "calendar-policy.yaml"
EXPORT = DATA / "calendar.csv"
HEADER = EXPORT.read_text().splitlines()[0]
PASS, FAIL, INCONCLUSIVE, NO_DATA = (
    Status.PASS,
    Status.FAIL,
    Status.INCONCLUSIVE,
    Status.NO_DATA,
)


@pytest.mark.parametrize(
    ("met", "breached", "doubtful", "upper_bound", "status", "worst_case"),
    [
        (95, 5, 0, False, PASS, None),  # 95 % meets 95 %, nothing doubtful
        (95, 5, 3, False, INCONCLUSIVE, 95 / 103),  # 3 doubtful breaches would make 92.2 %
        (99, 1, 3, False, PASS, 99 / 103),  # even 3 doubtful breaches leave 96.1 %
        (90, 10, 0, False, FAIL, None),  # the measured alone miss the goal
        (90, 10, 100, False, FAIL, 90 / 200),  # whatever the doubtful tickets were
        (0, 0, 0, False, NO_DATA, None),  # nothing in scope and nothing that could be
        (0, 0, 3, False, INCONCLUSIVE, 0.0),  # nothing measured, 3 tickets could be
        (90, 10, 0, True, INCONCLUSIVE, None),  # upper bounds that miss: pauses could turn it
        (99, 1, 0, True, PASS, None),  # upper bounds that meet it: the pass stands
    ],
)
def test_a_promise_passes_only_when_its_worst_case_meets_the_goal(
    met: int,
    breached: int,
    doubtful: int,
    upper_bound: bool,
    status: Status,
    worst_case: float | None,
) -> None:
    verdict = judge_attainment(met, breached, doubtful, 0.95, upper_bound)
    assert verdict.status == status
    assert verdict.worst_case == (None if worst_case is None else pytest.approx(worst_case))


@pytest.mark.parametrize(
    ("calls", "abandoned", "doubtful", "status"),
    [
        (100, 4, 0, PASS),  # 4 % ≤ 5 %
        (100, 4, 2, INCONCLUSIVE),  # were both abandoned calls: 6 of 102, 5.9 % > 5 %
        (100, 6, 0, FAIL),  # 6 % > 5 %
        (100, 6, 50, FAIL),
        (0, 0, 2, INCONCLUSIVE),  # no call measured, 2 could be
        (0, 0, 0, NO_DATA),
    ],
)
def test_an_abandonment_rate_passes_only_when_its_worst_case_is_within_the_maximum(
    calls: int, abandoned: int, doubtful: int, status: Status
) -> None:
    assert judge_rate(calls, abandoned, doubtful, 0.05).status == status


@pytest.mark.parametrize(
    ("whole", "periods", "status"),
    [
        (PASS, [PASS, FAIL], FAIL),  # a period that fails fails the promise
        (PASS, [PASS, INCONCLUSIVE], INCONCLUSIVE),
        (INCONCLUSIVE, [PASS], INCONCLUSIVE),
        (FAIL, [INCONCLUSIVE], FAIL),
        (PASS, [PASS, NO_DATA], PASS),  # a period of pending tickets only judges nothing
    ],
)
def test_a_promise_with_periods_is_judged_period_by_period(
    whole: Status, periods: list[Status], status: Status
) -> None:
    assert combine(whole, periods) == status


def export(tmp_path: Path, *rows: str, header: str = HEADER, name: str = "tickets.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def audit_json(cli: Callable[..., Run], *args: str) -> tuple[int, dict[str, Any]]:
    run = cli("audit", "--format", "json", *args)
    return run.code, json.loads(run.out)


def results(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = document["results"]
    assert isinstance(found, list)
    return {r["id"]: r for r in found}


# 1. Every row rejected, or a header alone, or a Parquet export of epoch seconds: a gate must not
# go green on an export it could not read.


def test_every_row_rejected_is_inconclusive_and_exit_1(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    bad = export(
        tmp_path,
        "E1,email,normal,yesterday,,,,false",
        "P1,phone,normal,soon,,,,false",
    )
    code, document = audit_json(cli, "--source", "canonical", str(POLICY), str(bad))
    assert (code, document["status"]) == (1, "inconclusive")
    found = results(document)
    # the email rows could be email tickets: both email promises cannot be settled
    assert found["email-first"]["status"] == "inconclusive"
    assert found["email-first"]["doubt"] == {"rejected": 1}
    assert found["email-first"]["worst_case"] == 0.0
    assert found["phone-abandonment"]["status"] == "inconclusive"
    text = cli("audit", "--source", "canonical", str(POLICY), str(bad))
    assert text.code == 1
    assert "no ticket was measured" in text.out
    assert text.out.splitlines()[-1] == "status: inconclusive"
    junit = cli("audit", "--format", "junit", str(POLICY), str(bad)).out
    assert f'name="{bad}"' in junit and 'type="no-data"' in junit
    assert 'type="inconclusive"' in junit
    markdown = cli("audit", "--format", "markdown", str(POLICY), str(bad)).out
    assert markdown.startswith("### Policy audit: calendar-only (revision 4.1) — ⚠️ inconclusive")


def test_a_header_alone_is_inconclusive_and_exit_1(cli: Callable[..., Run], tmp_path: Path) -> None:
    empty = export(tmp_path)
    code, document = audit_json(cli, str(POLICY), str(empty))
    assert (code, document["status"]) == (1, "inconclusive")
    assert {r["status"] for r in results(document).values()} == {"no-data"}
    assert document["files"] == [
        {"file": str(empty), "source": "canonical", "read": 0, "measured": 0,
         "timezone": "Europe/Riga", "timezone_source": "the policy's time zone",
         "local_times": 0, "bytes_read": empty.stat().st_size},
    ]  # fmt: skip


def test_a_parquet_export_of_epoch_seconds_is_inconclusive_not_a_pass(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    table = pa.table(
        {
            "ticket_id": ["E1", "E2"],
            "channel": ["email", "email"],
            "created_at": pa.array([1_777_626_000, 1_777_629_600], pa.int64()),
            "first_response_at": pa.array([1_777_627_800, None], pa.int64()),
        }
    )
    path = tmp_path / "tickets.parquet"
    pq.write_table(table, path)
    code, document = audit_json(cli, str(POLICY), str(path))
    assert (code, document["status"]) == (1, "inconclusive")
    assert results(document)["email-first"]["doubt"] == {"rejected": 2}


def test_under_pytest_an_export_of_which_nothing_was_measured_fails_an_item(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    (pytester.path / "policy.yaml").write_text(POLICY.read_text())
    export(pytester.path, "E1,email,normal,yesterday,,,,false")
    result = pytester.runpytest("policy.yaml", "--tickets", "tickets.csv", "-v")
    result.stdout.fnmatch_lines(
        [
            "policy.yaml::tickets.csv FAILED*",
            "policy.yaml::email-first FAILED*",
            "*tickets.csv: no ticket was measured: its one row was rejected*",
        ]
    )
    assert result.ret == 1


# 3. A column the export does not have is not a breach: the export cannot measure the promise.


def test_an_export_with_no_acknowledgement_column_cannot_measure_acknowledgements(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("format: 1\ncomplaint: {column: Tags, tags: [complaint]}\n")
    tickets = export(
        tmp_path,
        "C1,email,normal,2026-05-01T09:00:00Z,2026-05-01T09:20:00Z,2026-05-02T09:00:00Z,complaint",
        "C2,phone,normal,2026-05-01T10:00:00Z,2026-05-01T10:00:10Z,2026-05-01T11:00:00Z,",
        header="ticket_id,channel,priority,created_at,first_response_at,resolved_at,Tags",
    )
    code, document = audit_json(cli, "--mapping", str(mapping), str(POLICY), str(tickets))
    acknowledge = results(document)["complaints.acknowledge"]
    assert acknowledge["status"] == "inconclusive"  # was: fail, every complaint "breached"
    assert (acknowledge["met"], acknowledge["breached"]) == (0, 0)
    assert acknowledge["doubt"] == {"no_column": 1}
    assert acknowledge["missing"] == ["acknowledged_at"]
    assert "the export has no acknowledged_at column" in str(acknowledge["why"])
    assert results(document)["complaints.final_response"]["status"] == "pass"
    assert code == 1


def test_an_export_that_does_not_mark_complaints_cannot_measure_complaint_targets(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    tickets = export(
        tmp_path,
        "E1,email,normal,2026-05-01T09:00:00Z,2026-05-01T09:20:00Z,2026-05-02T09:00:00Z",
        header="ticket_id,channel,priority,created_at,first_response_at,resolved_at",
    )
    _, document = audit_json(cli, str(POLICY), str(tickets))
    final = results(document)["complaints.final_response"]
    assert (final["status"], final["doubt"], final["missing"]) == (
        "inconclusive",
        {"not_marked": 1},
        ["is_complaint"],
    )


# 4. A ticket with no priority could be of any priority: it never silently drops out.


def test_tickets_with_no_priority_count_against_a_promise_scoped_by_priority(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        POLICY.read_text().replace(
            "  - id: email-first\n    channel: email\n",
            "  - id: email-first\n    channel: email\n    priority: [low, normal, high]\n",
        )
    )
    # no priority column at all (LiveAgent, Zoho): 2 email tickets, both answered in time
    tickets = export(
        tmp_path,
        "E1,email,2026-05-01T09:00:00Z,2026-05-01T09:20:00Z,,,false",
        "E2,email,2026-05-01T10:00:00Z,2026-05-01T10:20:00Z,,,false",
        header="ticket_id,channel,created_at,first_response_at,resolved_at,acknowledged_at,"
        "is_complaint",
    )
    code, document = audit_json(cli, str(policy), str(tickets))
    first = results(document)["email-first"]
    assert first["status"] == "inconclusive"  # was: no-data, "of 0"
    assert first["doubt"] == {"no_priority": 2} and first["missing"] == ["priority"]
    assert "2 email tickets have no priority (the export has no priority column)" in str(
        first["why"]
    )
    # a Zendesk-style `-` is no priority too, and a column that has it is not missing
    dashes = export(
        tmp_path,
        "E1,email,-,2026-05-01T09:00:00Z,2026-05-01T09:20:00Z,,,false",
        "E2,email,normal,2026-05-01T10:00:00Z,2026-05-01T10:20:00Z,,,false",
        name="dashes.csv",
    )
    _, document = audit_json(cli, str(policy), str(dashes))
    first = results(document)["email-first"]
    assert (first["met"], first["doubt"], first["missing"]) == (1, {"no_priority": 1}, [])
    assert document["tickets"]["rejected"] == 0
    assert code == 1
    # a mapping that says what priority such a ticket has settles it
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("format: 1\ndefault_priority: normal\n")
    for tickets_of in (tickets, dashes):
        code, document = audit_json(cli, "--mapping", str(mapping), str(policy), str(tickets_of))
        first = results(document)["email-first"]
        assert (first["status"], first["met"], first["doubt"]) == ("pass", 2, {})


# 6. Without the pause data a promise asks for, elapsed times are upper bounds.


def test_the_report_says_when_pauses_were_not_given(cli: Callable[..., Run]) -> None:
    args = (str(ROOT / "policies" / "acme-en.yaml"), str(SAMPLES / "acme-tickets.csv"))
    _, paused = audit_json(cli, "--today", "2026-11-23", "--pauses",
                           str(SAMPLES / "acme-pauses.csv"), *args)  # fmt: skip
    _, unpaused = audit_json(cli, "--today", "2026-11-23", *args)
    assert results(paused)["email-resolution"]["missing"] == []
    resolution = results(unpaused)["email-resolution"]
    assert (resolution["status"], resolution["missing"]) == ("pass", ["pauses"])
    assert "pauses were not given, so elapsed times are upper bounds" in str(resolution["why"])
    text = cli("audit", "--today", "2026-11-23", *args).out
    line = next(line for line in text.splitlines() if " email-resolution " in line)
    assert line.endswith("pauses were not given, so elapsed times are upper bounds")
    markdown = cli("audit", "--today", "2026-11-23", "--format", "markdown", *args).out
    listed = next(line for line in markdown.splitlines() if line.startswith("- email-resolution"))
    assert listed.endswith("pauses were not given, so elapsed times are upper bounds")


def test_without_pauses_a_failing_promise_is_inconclusive_and_a_passing_one_stands(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    text = POLICY.read_text().replace(
        "    goal: 50%\n    period: month\n", "    goal: 50%\n    pause_on: [pending]\n"
    )
    policy.write_text(text)
    # email-resolution (1d): E1 met, E2 breached (48 h) → 50 % ≥ 50 %: the pass stands
    _, document = audit_json(cli, str(policy), str(EXPORT))
    resolution = results(document)["email-resolution"]
    assert (resolution["status"], resolution["missing"]) == ("pass", ["pauses"])
    policy.write_text(text.replace("    goal: 50%\n    pause_on", "    goal: 60%\n    pause_on"))
    _, document = audit_json(cli, str(policy), str(EXPORT))
    resolution = results(document)["email-resolution"]
    assert resolution["status"] == "inconclusive"  # 50 % < 60 % on upper bounds
    assert resolution["why"] == "pauses were not given; with them it could pass"


# 7. and 8. What a reader sees first must not mislead.


def sample_audit(cli: Callable[..., Run], fmt: str, policy: Path | None = None) -> Run:
    return cli(
        "audit", "--today", "2026-11-23", "--format", fmt,
        "--pauses", str(SAMPLES / "acme-pauses.csv"),
        str(policy or ROOT / "policies" / "acme-en.yaml"), str(SAMPLES / "acme-tickets.csv"),
    )  # fmt: skip


def test_a_promise_failed_by_one_period_names_it_in_its_headline(cli: Callable[..., Run]) -> None:
    text = sample_audit(cli, "text").out
    line = next(line for line in text.splitlines() if " phone-abandonment " in line)
    assert line.startswith("FAIL ")
    assert "25 of 743 calls abandoned: 3.4%; fails in 2026-01: 5.1% > 5%" in line
    html = sample_audit(cli, "html").out
    assert "3.4% of 743 calls abandoned; fails in 2026-01: 5.1% &gt; 5%" in html
    assert "within the maximum of 5%, but fails in 2026-01: 5.1% &gt; 5%" in html


def test_an_abandoned_call_is_not_listed_as_a_slow_answer(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    # phone-answer at 90 %: P1, P3, P4 answered in time; P2 abandoned after a minute; P5 never
    # answered nor ended. Both unanswered are breaches, neither is a slow answer.
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        POLICY.read_text().replace("    within: 30s\n    clock: calendar\n    goal: 50%",
                                   "    within: 30s\n    clock: calendar\n    goal: 90%")
    )  # fmt: skip
    run = cli("audit", str(policy), str(EXPORT))
    lines = run.out.splitlines()
    assert not any(line.startswith("worst of phone-answer") for line in lines)
    unanswered = next(line for line in lines if line.startswith("no first response by as-of in"))
    assert unanswered.startswith("no first response by as-of in phone-answer: 2 breached — P5 (")
    assert "P2 (closed after 1m with no first response)" in unanswered
    _, document = audit_json(cli, str(policy), str(EXPORT))
    answer = results(document)["phone-answer"]
    assert answer["worst"] == [] and answer["no_event"] == 2
    assert [(w["ticket_id"], w["closed"]) for w in answer["unanswered"]] == [
        ("P5", False),
        ("P2", True),
    ]
    assert answer["unanswered"][1]["elapsed_seconds"] == 60


def test_a_breach_with_no_event_is_a_bar_of_its_own(cli: Callable[..., Run]) -> None:
    html = cli("audit", "--format", "html", str(POLICY), str(EXPORT)).out
    section = html.split('<section id="phone-answer">')[1].split("</section>")[0]
    assert ">no reply</text>" in section  # P2 and P5: 2 breaches with no answer
    bars = section.split('aria-label="distribution of elapsed time')[1]
    assert ">2</text>" in bars


def test_worst_tickets_show_the_target_beside_their_time(cli: Callable[..., Run]) -> None:
    text = sample_audit(cli, "text").out
    assert "worst of email-urgent-first-response: T0000039 (7h55m of 2h business)" in text


# 9. The channels helpdesks document are read; the values nothing reads are named, with the line
# of a mapping file that would read them.

ZENDESK_HEADER = "Id,Via,Priority,Created at,Solved at,First reply time in minutes"


@pytest.mark.parametrize(
    ("via", "channel"),
    [
        ("Web Widget", "web_form"),
        ("Web form", "web_form"),
        ("API", "web_form"),
        ("Mobile", "web_form"),
        ("Mobile SDK", "web_form"),
        ("Messaging", "chat"),
        ("Closed ticket", "email"),
        ("Voicemail", "phone"),
    ],
)
def test_zendesk_documented_channels_are_read(
    cli: Callable[..., Run], tmp_path: Path, via: str, channel: str
) -> None:
    tickets = export(tmp_path, f"1,{via},Normal,2026-05-01 09:00:00,,30", header=ZENDESK_HEADER)
    _, document = audit_json(cli, "--timezone", "Europe/Riga", str(POLICY), str(tickets))
    assert document["tickets"] == {"read": 1, "measured": 1, "rejected": 0}
    declared = channel in ("email", "phone")
    assert document["undeclared_channels"] == ({} if declared else {channel: 1})


def test_freshdesk_documented_channels_are_read_and_outbound_email_is_left_out(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    header = "Ticket ID,Source,Priority,Created time,Initial response time,Resolved time"
    tickets = export(
        tmp_path,
        "1,Portal,Low,2026-05-01 09:00:00,2026-05-01 09:10:00,",
        "2,Feedback Widget,Low,2026-05-01 09:00:00,,",
        "3,Mobihelp,Low,2026-05-01 09:00:00,,",
        "4,Outbound Email,Low,2026-05-01 09:00:00,,",
        "5,Email,Low,2026-05-01 09:00:00,2026-05-01 09:10:00,",
        header=header,
    )
    _, document = audit_json(cli, "--timezone", "Europe/Riga", str(POLICY), str(tickets))
    assert document["tickets"] == {"read": 5, "measured": 4, "rejected": 1}
    assert document["rejected"][0]["reason"] == (
        "channel is not a customer contact (an outbound message)"
    )
    # the outbound message is no ticket the audit could not read: it puts no email promise
    # in doubt
    first = results(document)["email-first"]
    assert (first["status"], first["met"], first["doubt"]) == ("pass", 1, {})


def test_values_nothing_reads_are_named_with_the_mapping_line_that_reads_them(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    rows = [f"F{i},fax,normal,2026-05-01T09:00:00Z,,,,false" for i in range(3)]
    rows += ["X1,Pigeon,critical,2026-05-01T09:00:00Z,,,,false"]
    rows += ["X2,email,critical,2026-05-01T09:00:00Z,,,,false"]
    tickets = export(tmp_path, *rows)
    text = cli("audit", str(POLICY), str(tickets)).out.splitlines()
    start = text.index(next(line for line in text if line.startswith("channel values")))
    assert text[start : start + 4] == [
        'channel values nothing reads: "fax" 3 rows, "Pigeon" 1 row; a mapping file '
        "(--mapping) reads them with",
        '  channels: {"fax": CHANNEL, "Pigeon": CHANNEL}  # CHANNEL: email, phone, chat, '
        "social, web_form, in_person, a channel of the policy, or null for no customer contact",
        'priority values nothing reads: "critical" 1 row; a mapping file (--mapping) reads '
        "them with",
        '  priorities: {"critical": PRIORITY}  # PRIORITY: low, normal, high, urgent, or null '
        "for none",
    ]
    _, document = audit_json(cli, str(POLICY), str(tickets))
    assert document["unknown_values"] == {
        "channel": {"fax": 3, "Pigeon": 1},
        "priority": {"critical": 1},
    }
    # the line, filled in, reads them
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        'format: 1\nchannels: {"fax": null, "Pigeon": email}\npriorities: {"critical": urgent}\n'
    )
    _, document = audit_json(cli, "--mapping", str(mapping), str(POLICY), str(tickets))
    assert document["tickets"] == {"read": 5, "measured": 2, "rejected": 3}
    assert document["unknown_values"] == {}


# 5. Every report says in which zone times without an offset were read, and why.


def test_every_report_says_which_zone_local_times_were_read_in_and_why(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    local = export(
        tmp_path,
        "E1,email,normal,2026-05-01 12:00:00,2026-05-01 12:20:00,,,false",
        "E2,email,normal,2026-05-01T10:00:00Z,2026-05-01T10:20:00Z,,,false",
        name="local.csv",
    )
    said = f"{local}: a canonical export; 2 rows read, 2 measured; 2 times without an offset"
    text = cli("audit", str(POLICY), str(local)).out
    assert f"{said} read in Europe/Riga (the policy's time zone)" in text
    text = cli("audit", "--timezone", "Asia/Tokyo", str(POLICY), str(local)).out
    assert f"{said} read in Asia/Tokyo (given by --timezone)" in text
    for fmt in ("markdown", "html"):
        shown = cli("audit", "--format", fmt, str(POLICY), str(local)).out
        assert "2 times without an offset read in Europe/Riga (the policy&#x27;s time zone)" in (
            shown.replace("'", "&#x27;")
        ), fmt
    _, document = audit_json(cli, str(POLICY), str(local))
    assert document["files"][0]["timezone"] == "Europe/Riga"
    assert document["files"][0]["timezone_source"] == "the policy's time zone"
    assert document["files"][0]["local_times"] == 2
    exact = cli("audit", str(POLICY), str(EXPORT)).out
    assert (
        f"{EXPORT}: a canonical export; 9 rows read, 9 measured; every time carries its offset"
        in (exact)
    )


def test_rejected_pause_intervals_are_counted_and_reported(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    pauses = tmp_path / "pauses.csv"
    pauses.write_text(
        "ticket_id,status,paused_at,resumed_at\n"
        "E2,pending,2026-05-01T11:00:00Z,2026-05-02T10:00:00Z\n"
        "E2,pending,someday,2026-05-02T10:00:00Z\n"
        ",pending,2026-05-01T11:00:00Z,\n"
    )
    args = ("--pauses", str(pauses), str(POLICY), str(EXPORT))
    _, document = audit_json(cli, *args)
    assert document["pauses"]["rejected"] == 2
    assert [r["row"] for r in document["pauses"]["rejected_rows"]] == [2, 3]
    text = cli("audit", *args).out
    assert "rejected pause intervals by reason: " in text
    for fmt, says in (("markdown", "Rejected pause intervals by reason"),
                      ("html", "Rejected pause intervals: 2")):  # fmt: skip
        assert says in cli("audit", "--format", fmt, *args).out
