"""`policy-lint audit` from the outside: formats agree, batches agree, bad input is one line."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from policy_lint.audit.run import AuditRequest, run_audit
from policy_lint.report import AUDIT_FORMATS
from tests.conftest import ROOT, Run

DATA = ROOT / "tests" / "data" / "audit"
SAMPLES = ROOT / "bench" / "samples"
POLICY = DATA / "calendar-policy.yaml"
EXPORT = DATA / "calendar.csv"


def read_export(*, nulls: bool) -> pa.Table:
    names = EXPORT.read_text().splitlines()[0].split(",")
    options = pacsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=nulls
    )
    return pacsv.read_csv(EXPORT, convert_options=options)


def as_jsonl(tmp_path: Path) -> Path:
    table = read_export(nulls=True)
    path = tmp_path / "tickets.jsonl"
    with path.open("w") as handle:
        for row in table.to_pylist():
            handle.write(json.dumps({k: v for k, v in row.items() if v is not None}) + "\n")
    return path


def as_parquet(tmp_path: Path) -> Path:
    table = read_export(nulls=False)
    path = tmp_path / "tickets.parquet"
    pq.write_table(table, path)
    return path


def results(run: Run) -> list[dict[str, object]]:
    document = json.loads(run.out)
    for result in document["results"]:
        for worst in (*result.get("worst", []), *result.get("unanswered", [])):
            worst.pop("file")  # the file name differs between formats, nothing else may
    return list(document["results"])


def test_same_figures_from_csv_jsonl_parquet_and_any_batch_size(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    base = results(cli("audit", "--format", "json", str(POLICY), str(EXPORT)))
    for export in (as_jsonl(tmp_path), as_parquet(tmp_path)):
        for size in ("1", "2", "7"):
            run = cli("audit", "--format", "json", "--batch-size", size, str(POLICY), str(export))
            assert results(run) == base, (export.name, size)


def test_json_is_byte_identical_across_runs(cli: Callable[..., Run]) -> None:
    args = ("audit", "--format", "json", str(POLICY), str(EXPORT))
    assert cli(*args).out == cli(*args).out


def test_exit_1_when_a_promise_fails_and_0_when_none_does(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    assert cli("audit", str(POLICY), str(EXPORT)).code == 1
    lenient = tmp_path / "lenient.yaml"
    text = POLICY.read_text().replace("goal: 75%", "goal: 60%").replace("max: 20%", "max: 30%")
    lenient.write_text(text)
    run = cli("audit", str(lenient), str(EXPORT))
    assert run.code == 0, run.out
    assert run.out.splitlines()[-1] == "status: pass"


def test_as_of_fixes_the_moment_of_judgement(cli: Callable[..., Run]) -> None:
    # at 2026-05-01T09:45Z only E1 (answered 09:30, met) and the calls exist for email-first:
    # E2 is created at 10:00, after as_of, so it does not exist yet
    run = cli(
        "audit", "--format", "json", "--as-of", "2026-05-01T09:45:00Z", str(POLICY), str(EXPORT)
    )
    first = next(r for r in json.loads(run.out)["results"] if r["id"] == "email-first")
    assert (first["met"], first["breached"], first["pending"]) == (1, 0, 0)
    assert json.loads(run.out)["as_of"] == "2026-05-01T09:45:00Z"


def test_rejected_rows_are_counted_and_listed(cli: Callable[..., Run], tmp_path: Path) -> None:
    export = tmp_path / "tickets.csv"
    lines = EXPORT.read_text().splitlines()
    lines.append("E1,email,normal,2026-05-02T09:00:00Z,,,,false")  # a duplicate id: row 10
    lines.append("X1,fax,normal,2026-05-02T09:00:00Z,,,,false")  # an unknown channel: row 11
    export.write_text("\n".join(lines) + "\n")
    document = json.loads(cli("audit", "--format", "json", str(POLICY), str(export)).out)
    assert document["tickets"] == {"read": 11, "measured": 9, "rejected": 2}
    assert [(r["row"], r["ticket_id"]) for r in document["rejected"]] == [(10, "E1"), (11, "X1")]


def test_an_export_of_no_ticket_has_no_as_of_and_no_data(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    # a header alone: nothing to judge, and no time to judge it at (null, not a made-up one)
    export = tmp_path / "tickets.csv"
    export.write_text(EXPORT.read_text().splitlines()[0] + "\n")
    run = cli("audit", "--format", "json", str(POLICY), str(export))
    document = json.loads(run.out)
    assert document["as_of"] is None and document["tickets"]["read"] == 0
    assert {r["status"] for r in document["results"]} == {"no-data"}
    text = cli("audit", str(POLICY), str(export)).out
    assert text.splitlines()[0].endswith(" — as of –")
    fixed = cli(
        "audit", "--format", "json", "--as-of", "2026-05-01T00:00:00Z", str(POLICY), str(export)
    )
    assert json.loads(fixed.out)["as_of"] == "2026-05-01T00:00:00Z"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a CSV"),
        (b"ticket_id,channel\nT1,email\n", "missing column created_at"),
        (b"ticket_id,channel,created_at\nT1,caf\xe9,2026-01-01T00:00:00Z\n", "not UTF-8"),
    ],
)
def test_a_bad_export_is_one_line_and_exit_2(
    cli: Callable[..., Run], tmp_path: Path, content: bytes | None, says: str
) -> None:
    export = tmp_path / "export.csv"
    if content is not None:
        export.write_bytes(content)
    run = cli("audit", "--source", "canonical", str(POLICY), str(export))
    assert (run.code, run.out) == (2, "")
    assert run.err.count("\n") == 1 and says in run.err, run.err


def test_an_unknown_source_is_exit_2(cli: Callable[..., Run]) -> None:
    run = cli("audit", "--source", "helpscout", str(POLICY), str(EXPORT))
    assert run.code == 2


def test_a_policy_with_errors_is_refused_saying_which(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(POLICY.read_text().replace("within: 1h", "within: 0h", 1))
    run = cli("audit", str(broken), str(EXPORT))
    assert run.code == 2
    assert "the policy has 1 error(s)" in run.err and "PL103" in run.err


@pytest.mark.parametrize(("threads", "batch_size"), [(1, 97), (2, 500), (3, 64), (2, 131_072)])
def test_the_same_report_whatever_the_number_of_threads(threads: int, batch_size: int) -> None:
    # batches are parsed and counted on worker threads and merged in order: the report must be
    # the bytes of the run with no worker thread at all (the bundled sample: business hours,
    # periods, pauses, rejected rows)
    def report(threads: int, batch_size: int) -> str:
        request = AuditRequest(
            ROOT / "policies" / "acme-en.yaml",
            [SAMPLES / "acme-tickets.csv"],
            dt.date(2026, 11, 23),
            pauses=SAMPLES / "acme-pauses.csv",
            batch_size=batch_size,
            threads=threads,
        )
        return AUDIT_FORMATS["json"](run_audit(request))

    assert report(threads, batch_size) == report(0, 1000)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux only")
def test_an_audit_runs_without_transparent_huge_pages() -> None:
    # in a process of its own: the setting is the process's for the rest of its life
    script = (
        "from policy_lint.cli.process import tune_for_streaming\n"
        "tune_for_streaming()\n"
        "print([l for l in open('/proc/self/status') if l.startswith('THP_enabled')])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    if "THP_enabled" in done.stdout:  # kernels from 6.0 say so in the status file
        assert "THP_enabled:\\t0" in done.stdout


def test_progress_on_a_terminal_is_rows_read_and_a_rate_and_elsewhere_nothing(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    # small batches, so that the count moves several times; each update rewrites its line
    policy, export = ROOT / "policies" / "acme-en.yaml", SAMPLES / "acme-tickets.csv"
    args = ("audit", "--today", "2026-11-23", "--batch-size", "500", str(policy), str(export))
    quiet = cli(*args)
    assert "rows read" not in quiet.err and "\r" not in quiet.err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    shown = cli(*args)
    updates = [part for part in shown.err.split("\r") if " rows read, " in part]
    counts = [int(part.split(" rows read")[0].replace(",", "")) for part in updates]
    read = int(shown.out.splitlines()[1].split(" tickets read")[0].replace(",", ""))
    assert len(counts) > 1 and counts == sorted(counts) and counts[-1] == read
    assert all(part.split("\n")[0].endswith(" rows/s") for part in updates)
    assert shown.out == quiet.out  # the report itself is the same


OUTSIDE = "is outside the years the audit counts (1900–2199)"
ACME = ROOT / "policies" / "acme-en.yaml"


def counts(run: Run) -> list[tuple[object, ...]]:
    """What each promise measured, apart from what the verdict makes of rows it could not."""
    keys = ("id", "met", "breached", "pending", "attainment", "calls", "abandoned", "rate")
    return [tuple(r.get(key) for key in keys) for r in results(run)]


def rejected_rows(run: Run) -> list[tuple[int, str]]:
    return [(r["row"], r["reason"]) for r in json.loads(run.out)["rejected"]]


def with_rows(tmp_path: Path, *rows: str) -> Path:
    """The calendar export with these rows after its nine (row 10 on)."""
    export = tmp_path / "tickets.csv"
    export.write_text(EXPORT.read_text() + "".join(row + "\n" for row in rows))
    return export


@pytest.mark.parametrize("policy", [POLICY, ACME], ids=["calendar", "business-hours"])
def test_a_time_outside_the_years_counted_is_a_rejected_row_not_a_crash(
    cli: Callable[..., Run], tmp_path: Path, policy: Path
) -> None:
    # year 1 and year 9999 ended the whole audit (OverflowError, ValueError: year 10000) on the
    # business clock, the periods and as_of; each is one rejected row with its reason
    export = with_rows(
        tmp_path,
        "X1,email,normal,0001-01-01T00:00:00Z,,,,false",  # row 10
        "X2,email,normal,9999-12-31T23:59:59Z,,,,false",
        "X3,email,normal,2026-05-01T09:00:00Z,9999-12-31T23:59:59Z,,,false",
        "X4,email,normal,2026-05-01T09:00:00Z,,9999-12-31 23:59:59,,false",  # local
        "X5,email,normal,1899-12-31T23:59:59Z,,,,false",
    )
    args = ("--today", "2026-11-23", "--timezone", "Europe/Riga", "--format", "json")
    run = cli("audit", *args, str(policy), str(export))
    assert run.code in (0, 1), run.err
    assert rejected_rows(run) == [
        (10, f"created_at '0001-01-01T00:00:00Z' {OUTSIDE}"),
        (11, f"created_at '9999-12-31T23:59:59Z' {OUTSIDE}"),
        (12, f"first_response_at '9999-12-31T23:59:59Z' {OUTSIDE}"),
        (13, f"resolved_at '9999-12-31 23:59:59' {OUTSIDE}"),
        (14, f"created_at '1899-12-31T23:59:59Z' {OUTSIDE}"),
    ]
    document = json.loads(run.out)
    assert document["rejected_by_reason"] == {
        f"created_at {OUTSIDE}": 3,
        f"first_response_at {OUTSIDE}": 1,
        f"resolved_at {OUTSIDE}": 1,
    }
    base = cli("audit", *args, str(policy), str(EXPORT))
    assert counts(run) == counts(base)  # the other rows measured as before
    assert document["as_of"] == json.loads(base.out)["as_of"]


def test_a_parquet_time_outside_the_years_counted_is_a_rejected_row(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    # a Parquet timestamp column may hold any int64: year 1, 9999, or far past Python's dates
    may_1 = 1777626000  # 2026-05-01T09:00:00Z
    table = pa.table(
        {
            "ticket_id": ["E1", "X1", "X2", "X3", "X4"],
            "channel": ["email"] * 5,
            "created_at": pa.array(
                [may_1, -62135596800, 253402300799, 10**15, may_1], pa.timestamp("s", "UTC")
            ),
            # wall-clock times, no zone: 13:00 in Riga is 10:00Z, an hour after E1 came
            "resolved_at": pa.array(
                [may_1 + 4 * 3600, None, None, None, 253402300799], pa.timestamp("s")
            ),
        }
    )
    export = tmp_path / "tickets.parquet"
    pq.write_table(table, export)
    args = ("audit", "--source", "canonical", "--timezone", "Europe/Riga", "--format", "json")
    run = cli(*args, str(POLICY), str(export))
    assert run.code in (0, 1), run.err
    assert rejected_rows(run) == [
        (2, f"created_at '0001-01-01T00:00:00Z' {OUTSIDE}"),
        (3, f"created_at '9999-12-31T23:59:59Z' {OUTSIDE}"),
        (4, f"created_at '31690708-07-05T01:46:40Z' {OUTSIDE}"),
        (5, f"resolved_at '9999-12-31T23:59:59' {OUTSIDE}"),
    ]


@pytest.mark.parametrize(
    "as_of", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "1899-12-31"]
)
def test_an_as_of_outside_the_years_counted_is_one_line_and_exit_2(
    cli: Callable[..., Run], as_of: str
) -> None:
    run = cli("audit", "--as-of", as_of, str(POLICY), str(EXPORT))
    assert (run.code, run.out) == (2, "")
    assert run.err == f"policy-lint: --as-of {as_of!r} {OUTSIDE}\n"


def test_the_last_second_counted_is_a_valid_as_of(cli: Callable[..., Run]) -> None:
    run = cli(
        "audit", "--format", "json", "--as-of", "2199-12-31T23:59:59Z", str(POLICY), str(EXPORT)
    )
    assert run.code == 1 and json.loads(run.out)["as_of"] == "2199-12-31T23:59:59Z"


def test_a_pause_outside_the_years_counted_is_a_rejected_interval(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    pauses = tmp_path / "pauses.csv"
    pauses.write_text(
        "ticket_id,status,paused_at,resumed_at\n"
        "T0000002,on_hold,2026-01-05T14:11:07Z,9999-12-31T23:59:59Z\n"
        "T0000006,pending,0001-01-01T00:00:00Z,2026-01-06T02:59:04Z\n"
    )
    policy, export = ACME, SAMPLES / "acme-tickets.csv"
    run = cli("audit", "--today", "2026-11-23", "--pauses", str(pauses), str(policy), str(export))
    assert run.code in (0, 1), run.err
    from policy_lint.audit.tickets import read_pauses

    read = read_pauses(pauses)
    assert len(read.key) == 0
    assert [(r.row, r.reason) for r in read.rejections.rows] == [
        (1, f"resumed_at {OUTSIDE}"),
        (2, f"paused_at {OUTSIDE}"),
    ]


def test_a_parquet_created_at_of_epoch_numbers_says_so_and_the_way_out(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    # seconds, milliseconds or days since 1970: the unit is a guess, so the rows stay rejected,
    # but the reason says what is wrong and what to write instead
    table = pa.table(
        {
            "ticket_id": ["A", "B", "C"],
            "channel": ["email"] * 3,
            "created_at": pa.array([1767225600, None, 1767229200], pa.int64()),
            "resolved_at": pa.array([None, None, 1767232800.5], pa.float64()),
        }
    )
    parquet, jsonl = tmp_path / "tickets.parquet", tmp_path / "tickets.jsonl"
    pq.write_table(table, parquet)
    jsonl.write_text("".join(json.dumps(row) + "\n" for row in table.to_pylist()))
    for export in (parquet, jsonl):
        run = cli("audit", "--source", "canonical", "--format", "json", str(POLICY), str(export))
        assert run.code in (0, 1), run.err
        assert_numbers_rejected(run)


def assert_numbers_rejected(run: Run) -> None:
    way_out = "(write ISO 8601 text or a Parquet timestamp column)"
    assert rejected_rows(run) == [
        (1, f"created_at 1767225600 is a number, not a time {way_out}"),
        (2, "created_at is missing"),
        (3, f"created_at 1767229200 is a number, not a time {way_out}"),
    ]
    assert json.loads(run.out)["rejected_by_reason"] == {
        "created_at is missing": 1,
        "created_at is a number, not a time": 2,
    }


MARKERS = ["-", "—", "–", "N/A", "na", "None", "NULL", " ", " n/a "]


def with_markers(tmp_path: Path, form: str) -> Path:
    """The calendar export with every blank event time written as a marker of no value."""
    table = read_export(nulls=False)
    columns = {name: table[name].to_pylist() for name in table.column_names}
    count = 0
    for name in ("first_response_at", "resolved_at", "acknowledged_at"):
        for row, value in enumerate(columns[name]):
            if value == "":
                columns[name][row] = MARKERS[count % len(MARKERS)]
                count += 1
    if form == "csv-text":  # a time without an offset: the file is read as text, not instants
        columns["created_at"][0] = "2026-05-01 09:00:00"
    columns["ticket_id"].append("NA")  # a marker elsewhere than in a time is still a value
    columns["channel"].append("phone")
    columns["created_at"].append("2026-05-01T09:06:00Z")
    for name in ("first_response_at", "resolved_at", "acknowledged_at"):
        columns[name].append("-")
    columns["priority"].append("")
    columns["is_complaint"].append("false")
    marked = pa.table(columns)
    if form == "parquet":
        path = tmp_path / "marked.parquet"
        pq.write_table(marked, path)
    elif form == "jsonl":
        path = tmp_path / "marked.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in marked.to_pylist()))
    else:
        path = tmp_path / "marked.csv"
        pacsv.write_csv(marked, path)
    return path


@pytest.mark.parametrize("form", ["csv", "csv-text", "jsonl", "parquet"])
def test_a_marker_of_no_value_is_an_event_that_has_not_happened(
    cli: Callable[..., Run], tmp_path: Path, form: str
) -> None:
    # a spreadsheet's "-" (or N/A, none…) for "no reply yet" was "not a timestamp": exactly the
    # unanswered tickets were rejected, and phone-abandonment turned from FAIL to PASS
    export = with_rows(tmp_path, "NA,phone,,2026-05-01T09:06:00Z,,,,false")
    args = ("audit", "--format", "json", "--timezone", "UTC", str(POLICY))
    base = cli(*args, str(export))
    run = cli(*args, str(with_markers(tmp_path, form)))
    assert json.loads(run.out)["tickets"] == {"read": 10, "measured": 10, "rejected": 0}
    assert results(run) == results(base)
    assert run.code == base.code == 1
    abandonment = next(r for r in json.loads(run.out)["results"] if r["id"] == "phone-abandonment")
    assert abandonment["status"] == "fail"


def test_a_marker_in_created_at_is_a_missing_created_at_and_nonsense_is_still_rejected(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    export = with_rows(
        tmp_path,
        "X1,email,normal,-,,,,false",  # row 10
        "X2,email,normal, N/A ,,,,false",
        "X3,email,normal,2026-05-01T09:00:00Z,soon,,,false",
        "X4,phone,normal,2026-05-01T09:00:00Z,--,,,false",
    )
    run = cli("audit", "--format", "json", str(POLICY), str(export))
    assert rejected_rows(run) == [
        (10, "created_at is missing"),
        (11, "created_at is missing"),
        (12, "first_response_at 'soon' is not a timestamp"),
        (13, "first_response_at '--' is not a timestamp"),
    ]


def in_riga(source: Path, target: Path) -> Path:
    """An export with every UTC time (`…Z`) written as wall-clock time in Riga, no offset."""
    riga = ZoneInfo("Europe/Riga")
    with source.open(newline="") as file:
        rows = list(csv.reader(file))
    for row in rows[1:]:
        for index, value in enumerate(row):
            if value.endswith("Z") and value[:4].isdigit():
                try:
                    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
                except ValueError:  # the sample's 30 February, kept as written: rejected
                    continue
                row[index] = moment.astimezone(riga).strftime("%Y-%m-%d %H:%M:%S")
    with target.open("w", newline="") as file:
        csv.writer(file).writerows(rows)
    return target


def test_times_without_an_offset_are_read_in_the_policys_time_zone(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    # an export in local time with no --timezone was read as UTC, moving every ticket by two or
    # three hours against the business hours; the policy's own zone is the better guess
    export = in_riga(SAMPLES / "acme-tickets.csv", tmp_path / "tickets.csv")
    pauses = in_riga(SAMPLES / "acme-pauses.csv", tmp_path / "pauses.csv")
    args = ("audit", "--today", "2026-11-23", "--format", "json", str(ACME))
    exact = cli(
        *args, "--pauses", str(SAMPLES / "acme-pauses.csv"), str(SAMPLES / "acme-tickets.csv")
    )
    local = cli(*args, "--pauses", str(pauses), str(export))
    assert results(local) == results(exact)
    assert json.loads(local.out)["as_of"] == json.loads(exact.out)["as_of"]
    told = cli(*args, "--timezone", "Asia/Tokyo", "--pauses", str(pauses), str(export))
    assert results(told) != results(exact)  # --timezone still comes first


def test_a_zendesk_csv_still_needs_its_zone_said_whatever_the_policys(
    cli: Callable[..., Run],
) -> None:
    run = cli("audit", "--today", "2026-11-23", str(ACME), str(SAMPLES / "acme-zendesk.csv"))
    assert (run.code, run.out) == (2, "")
    assert run.err.count("\n") == 1
    assert "which the policy's zone only guesses: pass --timezone ZONE" in run.err


def spreadsheet_resave(tmp_path: Path, style: str) -> tuple[Path, Path]:
    """The bundled Zendesk export (its four bad rows left out, its times to the minute, a few
    tickets without priority or with half minutes) and the same as a spreadsheet saves it again:
    in a European locale `;` between fields, `05-01-2026 10:06`, a decimal comma and `-` for no
    reply and no solve; in the United States `1/5/2026 10:06 AM`."""
    with (SAMPLES / "acme-zendesk.csv").open(newline="") as file:
        header, *rows = list(csv.reader(file))
    at = {name: header.index(name) for name in header}
    created, solved, minutes = at["Created at"], at["Solved at"], at["First reply time in minutes"]
    rows = [row for number, row in enumerate(rows, 1) if number not in (8, 12, 24, 32)]
    for number, row in enumerate(rows):
        row[created] = row[created][:16] + ":00"
        row[solved] = row[solved][:16] + ":00" if row[solved] else ""
        row[at["Priority"]] = "-" if number % 40 == 0 else row[at["Priority"]]
        row[minutes] += ".5" if number % 25 == 3 and row[minutes] else ""
    original = tmp_path / "zendesk.csv"
    with original.open("w", newline="") as file:
        csv.writer(file).writerows([header, *rows])

    def resaved(text: str) -> str:
        if not text:
            return "-"
        moment = dt.datetime.fromisoformat(text)
        if style == "us":
            clock = moment.strftime("%I:%M %p").lstrip("0")
            return f"{moment.month}/{moment.day}/{moment.year} {clock}"
        return moment.strftime("%d-%m-%Y %H:%M")

    again = [list(row) for row in rows]
    for row in again:
        row[created], row[solved] = resaved(row[created]), resaved(row[solved])
        row[minutes] = row[minutes] or "-"
        if style == "europe":
            row[minutes] = row[minutes].replace(".", ",")
    copy = tmp_path / "zendesk-resaved.csv"
    with copy.open("w", newline="", encoding="utf-8-sig") as file:
        delimiter = ";" if style == "europe" else ","
        csv.writer(file, delimiter=delimiter, lineterminator="\r\n").writerows([header, *again])
    return original, copy


@pytest.mark.parametrize("style", ["europe", "us"])
def test_a_zendesk_export_saved_again_by_a_spreadsheet_gives_the_figures_of_the_original(
    cli: Callable[..., Run], tmp_path: Path, style: str
) -> None:
    # `;`, day-first dates, `-` for no reply were rejected rows (every one of them, for the
    # dates): read now, every row accepted, and the report is the original's
    original, copy = spreadsheet_resave(tmp_path, style)
    args = ("audit", "--today", "2026-11-23", "--timezone", "Europe/Riga", "--format", "json")
    base, run = cli(*args, str(ACME), str(original)), cli(*args, str(ACME), str(copy))
    assert run.err == f"policy-lint: {copy}: read as a zendesk export\n"
    assert json.loads(run.out)["tickets"] == {"read": 1996, "measured": 1996, "rejected": 0}
    assert results(run) == results(base)
    assert json.loads(run.out)["as_of"] == json.loads(base.out)["as_of"]
    assert run.code == base.code == 1


def dates_export(tmp_path: Path, *rows: str) -> Path:
    export = tmp_path / "dates.csv"
    export.write_text("ticket_id,channel,created_at,first_response_at\n" + "\n".join(rows) + "\n")
    return export


def test_dates_that_do_not_say_their_order_ask_for_it_in_one_line(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    export = dates_export(
        tmp_path, "A,email,02/03/2026 08:12,02/03/2026 09:00", "B,email,03/04/2026 10:00,-"
    )
    run = cli("audit", str(POLICY), str(export))
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"policy-lint: {export}: cannot tell whether column 'created_at' writes the day or the "
        "month first ('02/03/2026 08:12'): no date in the first 2 rows has a day after the "
        "12th; pass --date-order dmy|mdy (or `date_order:` in a mapping file)\n"
    )
    # the latest time, B's creation, in the policy's zone: 3 April 10:00 is 07:00Z (Riga's
    # summer time), 4 March 10:00 is 08:00Z
    for order, latest in (("dmy", "2026-04-03T07:00:00Z"), ("mdy", "2026-03-04T08:00:00Z")):
        told = cli("audit", "--format", "json", "--date-order", order, str(POLICY), str(export))
        assert told.code in (0, 1), told.err
        document = json.loads(told.out)
        assert (document["tickets"]["rejected"], document["as_of"]) == (0, latest)


def test_dates_that_say_both_orders_ask_for_one_in_one_line(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    export = dates_export(
        tmp_path, "A,email,13/03/2026 08:12,-", "B,email,03/04/2026 10:00,03/14/2026 10:00"
    )
    run = cli("audit", str(POLICY), str(export))
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"policy-lint: {export}: column 'created_at' writes '13/03/2026 08:12', the day first, "
        "and column 'first_response_at' writes '03/14/2026 10:00', the month first; pass "
        "--date-order dmy|mdy (or `date_order:` in a mapping file)\n"
    )
