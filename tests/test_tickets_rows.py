"""Row validation: each rejection reason, the same verdicts in every format and batch size.

The canonical fixture (tests/data/exports/canonical.csv) has 18 rows, 4 accepted and 14 rejected,
one reason each (two duplicates of T1). Local times are in Europe/Riga: UTC+2 until daylight
saving starts at 03:00 on 29 March 2026 (03:00-03:59 does not exist) and UTC+3 until it ends at
04:00 on 25 October (03:00-03:59 comes twice). Epoch seconds: 2026-03-02T00:00:00Z is 1772409600.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_lint.audit.pipeline import prefetched
from policy_lint.audit.tickets import MISSING, TicketStream, open_tickets, reader
from policy_lint.audit.tickets.batch import truth, valid
from policy_lint.audit.tickets.fingerprints import fingerprints
from policy_lint.audit.tickets.ordered_keys import order_keys
from policy_lint.audit.tickets.pauses import read_pauses
from policy_lint.audit.tickets.row_rules import REASONS
from policy_lint.audit.tickets.seen_keys import SeenKeys
from policy_lint.audit.tickets.time_status import TimeStatus
from policy_lint.audit.tickets.times import (
    TimeRules,
    format_pattern,
    parse_minutes,
    parse_times,
)
from policy_lint.audit.tickets.zones import to_utc
from policy_lint.errors import ExportError
from tests.test_tickets_read import canonical_rows, every_format, write_jsonl

EXPORTS = Path(__file__).parent / "data" / "exports"
MARCH_2 = 1772409600
HOUR, DAY = 3600, 86400
POLICY_CHANNELS = {"email", "vip"}

ACCEPTED = [
    # row, id, channel, priority (0 low … 3 urgent, -1 none), created, first response, resolved,
    # acknowledged, complaint
    (
        1,
        "T1",
        "email",
        2,
        MARCH_2 + 9 * HOUR,
        MARCH_2 + 10 * HOUR,
        MARCH_2 + 33 * HOUR,
        MISSING,
        False,
    ),
    # 11:00 Riga = 09:00Z; answered 30 s later; ended at 11:05 Riga
    (
        2,
        "T2",
        "phone",
        -1,
        MARCH_2 + 9 * HOUR,
        MARCH_2 + 9 * HOUR + 30,
        MARCH_2 + 9 * HOUR + 300,
        MISSING,
        False,
    ),
    # vip is the policy's own channel; 5 March 08:00Z, acknowledged a day later
    (
        14,
        "T14",
        "vip",
        3,
        MARCH_2 + 3 * DAY + 8 * HOUR,
        MARCH_2 + 3 * DAY + 8 * HOUR + 600,
        MISSING,
        MARCH_2 + 4 * DAY + 8 * HOUR,
        True,
    ),
    # "Email" and "Normal" in any case; 09:00:00.750Z drops its fraction; "FALSE" is false
    (17, "T17", "email", 1, MARCH_2 + 5 * DAY + 9 * HOUR, MISSING, MISSING, MISSING, False),
]

GAP = "does not exist in Europe/Riga (skipped by a daylight-saving change)"
REPEATED = "is ambiguous in Europe/Riga (the hour repeated by a daylight-saving change)"
REJECTED = [
    (3, None, "ticket_id is missing"),
    (4, "T1", "ticket_id repeats an earlier row"),
    (5, "T5", "channel is missing"),
    (6, "T6", "channel 'fax' is neither a canonical channel nor one of the policy's"),
    (7, "T7", "created_at is missing"),
    (8, "T8", "created_at '2026-02-30T10:00:00Z' is not a timestamp"),
    (
        9,
        "T9",
        f"created_at '2026-03-29 03:30:00' {GAP}",
    ),
    (
        10,
        "T10",
        f"created_at '2026-10-25 03:30:00' {REPEATED}",
    ),
    (11, "T11", "priority 'critical' is not low, normal, high or urgent"),
    (12, "T12", "first_response_at 'yesterday' is not a timestamp"),
    # 09:00+02:00 is 07:00Z, one second after the resolution at 06:59:59Z
    (13, "T13", "resolved_at is before created_at"),
    (15, "T15", "is_complaint 'maybe' is not true or false"),
    (
        16,
        "T16",
        f"first_response_at '2026-03-29 03:30:00' {GAP}",
    ),
    (18, "T1", "ticket_id repeats an earlier row"),
]

COUNTS = (
    ("ticket_id is missing", 1),
    ("ticket_id repeats an earlier row", 2),
    ("channel is missing", 1),
    ("channel is neither a canonical channel nor one of the policy's", 1),
    ("created_at is missing", 1),
    ("created_at is not a timestamp", 1),
    ("created_at does not exist in the export's time zone (a daylight-saving gap)", 1),
    ("created_at is ambiguous in the export's time zone (a repeated hour)", 1),
    ("priority is not low, normal, high or urgent", 1),
    ("first_response_at is not a timestamp", 1),
    ("first_response_at does not exist in the export's time zone (a daylight-saving gap)", 1),
    ("resolved_at is before created_at", 1),
    ("is_complaint is not true or false", 1),
)


def tickets(stream: TicketStream) -> list[tuple[Any, ...]]:
    found = []
    for batch in stream:
        columns = (batch.created_at, batch.first_response_at, batch.resolved_at)
        for i in range(len(batch.row)):
            times = (int(c[i]) for c in (*columns, batch.acknowledged_at))
            channel = stream.channels[batch.channel[i]]
            row = (int(batch.row[i]), batch.ticket_id[i].as_py(), channel, int(batch.priority[i]))
            found.append((*row, *times, bool(batch.is_complaint[i])))
    return found


def open_canonical(path: Path, batch_size: int, keep: int = 1000) -> TicketStream:
    return open_tickets(
        [path],
        timezone="Europe/Riga",
        policy_channels=POLICY_CHANNELS,
        batch_size=batch_size,
        keep=keep,
    )


@pytest.mark.parametrize("batch_size", [1, 2, 7, 1000])
def test_every_format_and_batch_size_gives_the_same_verdicts(
    tmp_path: Path, batch_size: int
) -> None:
    for path in every_format(tmp_path):
        stream = open_canonical(path, batch_size)
        assert tickets(stream) == ACCEPTED, path.name
        rejections = stream.rejections()
        assert [(r.row, r.ticket_id, r.reason) for r in rejections.rows] == REJECTED, path.name
        assert {r.file for r in rejections.rows} == {str(path)}
        assert rejections.by_reason == COUNTS
        assert rejections.count == 14
        assert stream.read == 18


@pytest.mark.parametrize("batch_size", [1, 2, 7])
def test_blocks_of_a_few_records_give_the_same_verdicts(
    monkeypatch: pytest.MonkeyPatch, batch_size: int
) -> None:
    # CSV blocks of a record or a few: the times of most blocks are read straight as instants
    # (the file's first times carry an offset), the others again as text; no verdict changes
    monkeypatch.setattr(reader, "MIN_BLOCK_BYTES", 1)
    stream = open_canonical(EXPORTS / "canonical.csv", batch_size)
    assert tickets(stream) == ACCEPTED
    rejections = stream.rejections()
    assert [(r.row, r.ticket_id, r.reason) for r in rejections.rows] == REJECTED
    assert rejections.by_reason == COUNTS


def test_a_ticket_id_in_a_later_file_is_a_duplicate(tmp_path: Path) -> None:
    moved = {"created_at": "2026-03-09T09:00:00Z", "first_response_at": None, "resolved_at": None}
    later = [{**canonical_rows()[1], **moved}]  # T2 again
    later.append({**later[0], "ticket_id": "T99"})
    second = write_jsonl(tmp_path / "later.jsonl", later)
    stream = open_tickets(
        [EXPORTS / "canonical.csv", second], timezone="Europe/Riga", policy_channels=POLICY_CHANNELS
    )
    found = [(t[0], t[1]) for t in tickets(stream)]
    assert found == [(1, "T1"), (2, "T2"), (14, "T14"), (17, "T17"), (2, "T99")]
    last = stream.rejections().rows[-1]
    assert (last.row, last.ticket_id, last.reason, last.file) == (
        1,
        "T2",
        "ticket_id repeats an earlier row",
        str(second),
    )


def test_only_the_first_rows_are_kept_but_every_row_is_counted() -> None:
    stream = open_canonical(EXPORTS / "canonical.csv", batch_size=5, keep=3)
    assert len(tickets(stream)) == 4
    rejections = stream.rejections()
    assert [r.row for r in rejections.rows] == [3, 4, 5]
    assert rejections.count == 14
    assert rejections.by_reason == COUNTS


def test_every_reason_is_listed_once() -> None:
    assert len(set(REASONS)) == len(REASONS)


def test_has_tells_the_times_that_exist() -> None:
    batch = next(iter(open_canonical(EXPORTS / "canonical.csv", batch_size=2)))
    assert batch.has("first_response_at").tolist() == [True, True]
    assert batch.has("acknowledged_at").tolist() == [False, False]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2026-03-02T09:00:00Z", MARCH_2 + 9 * HOUR),
        ("2026-03-02T09:00:00z", MARCH_2 + 9 * HOUR),
        ("2026-03-02 11:00:00+02:00", MARCH_2 + 9 * HOUR),
        ("2026-03-02T11:00:00+0200", MARCH_2 + 9 * HOUR),
        ("2026-03-02T04:00:00-05", MARCH_2 + 9 * HOUR),
        ("2026-03-02 09:00:00 +0000", MARCH_2 + 9 * HOUR),
        ("2026-03-02T09:00:59.999Z", MARCH_2 + 9 * HOUR + 59),
        ("  2026-03-02T09:00Z  ", MARCH_2 + 9 * HOUR),
        ("2026-03-02 11:00", MARCH_2 + 9 * HOUR),  # local, Riga
        ("2026-03-02T11:00:00.5", MARCH_2 + 9 * HOUR),
        # ISO 8601's reduced precision: to the hour is a time of day, a bare date is not
        ("2026-03-02T09Z", MARCH_2 + 9 * HOUR),
        ("2026-03-02T11+02", MARCH_2 + 9 * HOUR),
        ("2026-03-02T11", MARCH_2 + 9 * HOUR),
    ],
)
def test_iso_forms_alone_and_among_others(text: str, seconds: int) -> None:
    rules = TimeRules("Europe/Riga")
    alone = parse_times(pa.array([text]), rules)
    assert (alone.seconds.tolist(), alone.status.tolist()) == ([seconds], [TimeStatus.OK])
    mixed = parse_times(pa.array(["2026-03-02T09:00:00Z", text, "nonsense", None]), rules)
    assert mixed.seconds.tolist()[:2] == [MARCH_2 + 9 * HOUR, seconds]
    assert mixed.status.tolist() == [
        TimeStatus.OK,
        TimeStatus.OK,
        TimeStatus.UNREADABLE,
        TimeStatus.MISSING,
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-02",
        "2026-03-02Z",
        "2026-03-02T9",
        "2026-13-02T09:00:00Z",
        "2026-03-02T24:00:00",
        "02/03/2026 09:00",
        "0000-03-02T09:00:00Z",
    ],
)
def test_what_is_not_a_timestamp(text: str) -> None:
    parsed = parse_times(pa.array([text, "2026-03-02T09:00:00"]), TimeRules())
    assert parsed.status.tolist() == [TimeStatus.UNREADABLE, TimeStatus.OK]
    assert parsed.seconds[0] == MISSING


def test_daylight_saving_goes_on_after_2037() -> None:
    # Riga still moves its clocks on the last Sunday of March: 27 March 2039
    parsed = parse_times(pa.array(["2039-03-27 03:30:00"]), TimeRules("Europe/Riga"))
    assert parsed.status.tolist() == [TimeStatus.NONEXISTENT]


def test_riga_gap_and_repeated_hour() -> None:
    values = [
        "2026-03-29 02:59:59",
        "2026-03-29 03:00:00",
        "2026-03-29 03:59:59",
        "2026-03-29 04:00:00",
    ]
    values += [
        "2026-10-25 02:59:59",
        "2026-10-25 03:00:00",
        "2026-10-25 03:59:59",
        "2026-10-25 04:00:00",
    ]
    parsed = parse_times(pa.array(values), TimeRules("Europe/Riga"))
    gap, twice, ok = TimeStatus.NONEXISTENT, TimeStatus.AMBIGUOUS, TimeStatus.OK
    assert parsed.status.tolist() == [ok, gap, gap, ok, ok, twice, twice, ok]
    march_29 = MARCH_2 + 27 * DAY
    assert parsed.seconds[0] == march_29 + 59 * 60 + 59  # 02:59:59 at +02:00
    assert parsed.seconds[3] == march_29 + HOUR  # 04:00 at +03:00


def test_a_timestamp_typed_column_is_exact_or_local() -> None:
    aware = pa.array([dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)], pa.timestamp("ms", "UTC"))
    naive = pa.array([dt.datetime(2026, 3, 2, 11)], pa.timestamp("us"))
    assert parse_times(aware, TimeRules("Europe/Riga")).seconds.tolist() == [MARCH_2 + 9 * HOUR]
    assert parse_times(naive, TimeRules("Europe/Riga")).seconds.tolist() == [MARCH_2 + 9 * HOUR]


@pytest.mark.parametrize("unit", ["ms", "us", "ns"])
def test_a_finer_timestamp_is_the_second_at_or_before_it(unit: str) -> None:
    # 09:00:00.999 is 09:00:00; 1969-12-31T23:59:59.5 is 23:59:59 (-1), not 1970 (0): the
    # floor, as the text parser reads "…59.5"; a null stays missing, whatever its slot holds
    times = [
        dt.datetime(2026, 3, 2, 9, 0, 0, 999000, tzinfo=dt.UTC),
        dt.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=dt.UTC),
    ]
    column = pa.array([*times, None], pa.timestamp(unit, "UTC"))
    parsed = parse_times(column, TimeRules("UTC"))
    assert parsed.seconds[:2].tolist() == [MARCH_2 + 9 * HOUR, -1]
    assert parsed.status.tolist() == [TimeStatus.OK, TimeStatus.OK, TimeStatus.MISSING]


@pytest.mark.parametrize(
    ("fmt", "text", "seconds"),
    [
        ("%d.%m.%Y %H:%M", "02.03.2026 09:00", MARCH_2 + 9 * HOUR),
        ("%d.%m.%Y %H:%M", "2.3.2026   9:00", MARCH_2 + 9 * HOUR),
        ("%m/%d/%y %I:%M %p", "03/02/26 09:00 PM", MARCH_2 + 21 * HOUR),
        ("%m/%d/%y %I:%M %p", "03/02/26 12:30 am", MARCH_2 + 1800),
        ("%a, %d %b %Y %H:%M:%S %z", "Mon, 02 Mar 2026 11:00:00 +0200", MARCH_2 + 9 * HOUR),
        ("%B %d, %Y %H:%M:%S.%f", "March 02, 2026 09:00:01.25", MARCH_2 + 9 * HOUR + 1),
        ("%Y-%m-%dT%H:%M:%S%z", "2026-03-02T09:00:00Z", MARCH_2 + 9 * HOUR),
    ],
)
def test_strptime_formats(fmt: str, text: str, seconds: int) -> None:
    parsed = parse_times(pa.array([text, "30.02.2026 09:00"]), TimeRules(formats=(fmt,)))
    assert parsed.seconds.tolist()[0] == seconds
    assert parsed.status.tolist() == [TimeStatus.OK, TimeStatus.UNREADABLE]  # no 30 February


def test_formats_are_tried_in_order() -> None:
    rules = TimeRules(formats=("%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"))
    parsed = parse_times(pa.array(["02.03.2026 09:00", "2026-03-02 09:00"]), rules)
    assert parsed.seconds.tolist() == [MARCH_2 + 9 * HOUR] * 2


@pytest.mark.parametrize(
    ("fmt", "problem"),
    [
        ("%d.%m.%Y", "needs an hour"),
        ("%H:%M", "needs a year, a month and a day"),
        ("%d.%m.%Y %I:%M", "%I needs %p"),
        ("%d.%m.%Y %H:%M %j", "%j is not a supported"),
        ("%d.%m.%Y %H:%M %d", "%d appears twice"),
    ],
)
def test_unusable_formats_say_why(fmt: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        format_pattern(fmt)


def test_first_reply_minutes() -> None:
    parsed = parse_minutes(pa.array(["30", " 1.5 ", "", None, "-5", "abc", "-", " N/A"]))
    ok, missing, bad = TimeStatus.OK, TimeStatus.MISSING, TimeStatus.UNREADABLE
    assert parsed.status.tolist() == [ok, ok, missing, missing, bad, bad, missing, missing]
    assert parsed.seconds.tolist()[:2] == [1800, 90]


def test_first_reply_minutes_that_end_after_the_years_counted(tmp_path: Path) -> None:
    # 300 years of minutes, or more than int64 seconds hold: the reply would come after 2199
    path = tmp_path / "zendesk.csv"
    path.write_text(
        "Id,Via,Created at,First reply time in minutes\n"
        "1,Mail,2026-03-02 09:00:00,30\n"
        "2,Mail,2026-03-02 09:00:00,157788000\n"
        "3,Mail,2026-03-02 09:00:00,1e400\n"
        "4,Mail,2199-12-31 23:00:00,90\n"
        "5,Mail,2026-03-02 09:00:00,99999999999999999999999\n"
    )
    stream = open_tickets([path], timezone="UTC")
    assert [len(batch.row) for batch in stream] == [1]
    outside = "put first_response_at outside the years the audit counts (1900–2199)"
    assert [(r.row, r.reason) for r in stream.rejections().rows] == [
        (2, f"first reply minutes '157788000' {outside}"),
        (3, "first reply minutes '1e400' is not a number"),
        (4, f"first reply minutes '90' {outside}"),
        (5, f"first reply minutes '99999999999999999999999' {outside}"),
    ]
    assert stream.rejections().by_reason == (
        ("first_response_at is outside the years the audit counts (1900–2199)", 3),
        ("first reply minutes is not a number", 1),
    )


# pyarrow's time zone data ends in 2037 (no daylight saving after it); zoneinfo follows the rules
local_times = st.integers(
    min_value=int(dt.datetime(1990, 1, 1, tzinfo=dt.UTC).timestamp()),
    max_value=int(dt.datetime(2037, 1, 1, tzinfo=dt.UTC).timestamp()),
)


@settings(max_examples=25, deadline=None)
@given(
    zone=st.sampled_from(
        ["Europe/Riga", "America/New_York", "Australia/Lord_Howe", "America/St_Johns"]
    ),
    starts=st.lists(local_times, min_size=1, max_size=20),
)
def test_zones_agree_with_pyarrow_assume_timezone(zone: str, starts: list[int]) -> None:
    # each start with every half hour of the following day: DST changes fall among them
    local = np.array([s // 1800 * 1800 + k * 1800 for s in starts for k in range(48)], np.int64)
    utc, status = to_utc(local, zone)
    naive = pa.array(local.astype("datetime64[s]"))
    early = pc.assume_timezone(naive, zone, ambiguous="earliest", nonexistent="earliest")
    late = pc.assume_timezone(naive, zone, ambiguous="latest", nonexistent="latest")
    early_s = early.cast(pa.int64()).to_numpy()
    late_s = late.cast(pa.int64()).to_numpy()
    placed = status == 0
    assert (placed == (early_s == late_s)).all()
    assert (utc[placed] == early_s[placed]).all()
    gaps = status == TimeStatus.NONEXISTENT
    for value in local[gaps][:5]:  # a gap's wall time comes back different through the zone
        moment = dt.datetime.fromtimestamp(int(value), dt.UTC).replace(tzinfo=ZoneInfo(zone))
        assert moment.astimezone(dt.UTC).astimezone(ZoneInfo(zone)).replace(
            tzinfo=None
        ) != moment.replace(tzinfo=None)


def test_short_ids_have_exact_keys() -> None:
    alphabet = [chr(c) for c in range(32, 127)]
    ids = [a + b for a in alphabet for b in alphabet] + ["T0000016", "12345678", "x"]
    key, check = fingerprints(pa.array(ids))
    assert check is None
    assert len(set(key.tolist())) == len(ids)


def test_long_ids_have_a_check_and_very_long_ones_are_hashed_alone() -> None:
    ids = ["T" * 9, "T" * 10, "a" * 300, "a" * 299 + "b", "short"]
    key, check = fingerprints(pa.array(ids))
    assert check is not None and check[-1] == 0
    assert len({(int(k), int(c)) for k, c in zip(key, check, strict=True)}) == 5


@settings(max_examples=40, deadline=None)
@given(
    batches=st.lists(
        st.lists(st.text(alphabet="ab7Z", min_size=1, max_size=11), max_size=12), max_size=40
    )
)
def test_seen_keys_agree_with_a_set(batches: list[list[str]]) -> None:
    seen = SeenKeys(run_cap=8)  # tiny runs: merging and frozen runs are exercised
    seen_ids: set[str] = set()
    for batch in batches:
        expected = []
        for ticket in batch:
            expected.append(ticket in seen_ids)
            seen_ids.add(ticket)
        key, check = fingerprints(pa.array(batch, pa.string()))
        assert seen.keep_first(order_keys(key, check)).tolist() == expected
    assert seen.count == len(seen_ids)


def test_pause_intervals() -> None:
    pauses = read_pauses(EXPORTS / "pauses.csv", timezone="Europe/Riga")
    assert pauses.statuses == ("on_hold", "pending")
    key_t0, key_t1 = (int(k) for k in fingerprints(pa.array(["T0", "T1"]))[0])
    # sorted by key, then paused_at; "On hold" at 15:00 Riga (13:00Z) is still open
    expected = {
        (key_t0, "pending", MARCH_2 - DAY + 10 * HOUR, MARCH_2 - DAY + 11 * HOUR),
        (key_t1, "pending", MARCH_2 + 10 * HOUR, MARCH_2 + 12 * HOUR),
        (key_t1, "on_hold", MARCH_2 + 13 * HOUR, MISSING),
    }
    found = zip(
        pauses.key.tolist(),
        pauses.status.tolist(),
        pauses.paused_at.tolist(),
        pauses.resumed_at.tolist(),
        strict=True,
    )
    assert {(k, pauses.statuses[s], p, r) for k, s, p, r in found} == expected
    assert pauses.key.tolist() == sorted(pauses.key.tolist())
    assert [(r.row, r.reason) for r in pauses.rejections.rows] == [
        (3, "ticket_id is missing"),
        (4, "paused_at does not exist in the export's time zone (a daylight-saving gap)"),
        (5, "status is missing"),
        (6, "resumed_at is before paused_at"),
    ]


def test_a_pause_whose_end_is_a_marker_of_no_value_is_still_open(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "ticket_id,status,paused_at,resumed_at\n"
        "T1,pending,2026-03-02T10:00:00Z,-\n"
        "T2,pending,2026-03-02T10:00:00Z,N/A\n"
        "T3,pending,—,2026-03-02T10:00:00Z\n"
        "T4,pending,2026-03-02T10:00:00Z,later\n"
    )
    pauses = read_pauses(path)
    assert pauses.resumed_at.tolist() == [MISSING, MISSING]
    assert [(r.row, r.reason) for r in pauses.rejections.rows] == [
        (3, "paused_at is missing"),
        (4, "resumed_at is not a timestamp"),
    ]


def test_a_pause_file_without_its_columns_is_named(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("ticket_id,paused_at\nT1,2026-03-02T10:00:00Z\n")
    with pytest.raises(ExportError, match=r"p\.csv: missing pause column status"):
        read_pauses(path)


def test_json_booleans_for_complaints(tmp_path: Path) -> None:
    row = {
        "ticket_id": "A",
        "channel": "chat",
        "created_at": "2026-03-02T09:00:00Z",
        "is_complaint": True,
    }
    path = tmp_path / "t.jsonl"
    path.write_text(
        json.dumps(row) + "\n" + json.dumps({**row, "ticket_id": "B", "is_complaint": None}) + "\n"
    )
    assert [t[-1] for t in tickets(open_tickets([path]))] == [True, False]


def test_the_reader_thread_keeps_order_and_hands_on_its_error() -> None:
    def items() -> Iterator[int]:
        yield from range(5)
        raise ExportError("t.csv:7: broken")

    found: list[int] = []
    with pytest.raises(ExportError, match=r"t\.csv:7: broken"):
        for item in prefetched(items()):
            found.append(item)
    assert found == [0, 1, 2, 3, 4]


def test_a_consumer_that_stops_early_stops_the_reader_thread() -> None:
    made: list[int] = []

    def items() -> Iterator[int]:
        for number in range(1000):
            made.append(number)
            yield number

    stream = prefetched(items(), depth=2)
    assert next(stream) == 0
    stream.close()
    assert len(made) < 10


def test_a_broken_csv_fails_the_stream_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    rows = "".join(f"T{i},email,2026-03-02T09:00:00Z\n" for i in range(50))
    path.write_text("ticket_id,channel,created_at\n" + rows + "T50,email\n")
    with pytest.raises(ExportError, match=r"t\.csv:52: a row has 2 fields where the header has 3"):
        list(open_tickets([path], batch_size=7))


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), st.integers(0, 10**9)), max_size=40),
    cut=st.integers(0, 20),
)
def test_nulls_and_truths_are_read_off_the_bitmaps_of_any_slice(
    values: list[int | None], cut: int
) -> None:
    array = pa.array(values, pa.timestamp("s", "UTC")).slice(min(cut, len(values)))
    assert (~valid(array)).tolist() == array.is_null().to_pylist()
    flags = pa.array([None if v is None else v % 2 == 0 for v in values], pa.bool_())
    flags = flags.slice(min(cut, len(values)))
    assert truth(flags).tolist() == [bool(v) for v in flags.to_pylist()]
