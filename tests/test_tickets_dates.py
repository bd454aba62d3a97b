"""Dates as spreadsheets write them: the order told from the data, the forms read, the asking.

2026-03-02T08:12:00Z is 1772439120 (1772409600, that day's midnight, + 8 h 12 min).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from policy_lint.audit.tickets import open_tickets
from policy_lint.audit.tickets.dates import date_order
from policy_lint.audit.tickets.time_status import TimeStatus
from policy_lint.audit.tickets.times import ISO_8601, TimeRules, parse_minutes, parse_times
from policy_lint.errors import UsageError

MARCH_2_0812 = 1772439120


@pytest.mark.parametrize(
    ("written", "order", "settler"),
    [
        ("02-03-2026 08:12", "dmy", "13-03-2026 08:12"),  # Excel, LibreOffice: nl, some de
        ("02.03.2026 08:12", "dmy", "13.03.2026 08:12"),  # de, lv, ru
        ("02/03/2026 08:12:00", "dmy", "13/03/2026 08:12:00"),  # en-GB, fr
        ("2.3.2026 8:12", "dmy", "13.3.2026 8:12"),  # cs, fi: no leading zeros
        ("02.03.26 08:12", "dmy", "13.03.26 08:12"),  # two-digit years
        ("3/2/2026 8:12 AM", "mdy", "3/13/2026 8:12 AM"),  # Excel en-US
        ("3/2/2026 8:12:00", "mdy", "3/13/2026 8:12:00"),  # Google Sheets en-US
        ("03/02/26 08:12 am", "mdy", "03/13/26 08:12 am"),
    ],
)
def test_the_order_is_told_by_a_value_after_the_12th_and_every_form_is_read(
    written: str, order: str, settler: str
) -> None:
    head = [("Created at", (written, written, settler)), ("Solved at", ())]
    found = date_order("x.csv", head, 3)
    assert found.order == order
    assert ISO_8601 in found.formats
    parsed = parse_times(pa.array([written, "-", None]), TimeRules(formats=found.formats))
    assert parsed.seconds[0] == MARCH_2_0812
    assert parsed.status.tolist() == [TimeStatus.OK, TimeStatus.MISSING, TimeStatus.MISSING]


def test_the_forms_met_first_come_first_and_iso_stays_readable() -> None:
    head = [("created", ("13.03.2026 08:12", "14.03.2026 08:12", "2026-03-02T08:12:00Z"))]
    formats = date_order("x.csv", head, 3).formats
    assert formats[:2] == ("%d.%m.%Y %H:%M", ISO_8601)
    assert len(formats) == 25  # three separators by two years by four clocks, and ISO 8601
    values = pa.array(["2.3.2026 8:12", "2026-03-02 10:12:00+02:00", "02/03/2026 8:12 PM"])
    parsed = parse_times(values, TimeRules(formats=formats))
    assert parsed.seconds.tolist() == [MARCH_2_0812, MARCH_2_0812, MARCH_2_0812 + 12 * 3600]


def test_iso_times_need_no_order_and_keep_their_road() -> None:
    head = [("created", ("2026-03-02T08:12:00Z", "2026-03-02 08:12:00"))]
    assert date_order("x.csv", head, 2).formats == ()


def test_an_order_given_is_used_even_where_the_data_says_otherwise() -> None:
    head = [("created", ("13.03.2026 08:12",))]
    assert date_order("x.csv", head, 1, given="mdy").order == "mdy"  # 13 is then no month


@pytest.mark.parametrize(
    ("values", "says"),
    [
        (("02/03/2026 08:12", "12/11/2026 08:12"), "no date in the first 2 rows has a day after"),
        (("13/03/2026 08:12", "03/14/2026 08:12"), "'13/03/2026 08:12', the day first, and"),
    ],
)
def test_data_that_cannot_tell_asks(values: tuple[str, ...], says: str) -> None:
    with pytest.raises(UsageError, match=r"pass --date-order dmy\|mdy") as raised:
        date_order("x.csv", [("created", values)], 2)
    assert says in str(raised.value) and str(raised.value).startswith("x.csv: ")


def test_a_mapping_may_say_the_order_and_the_option_overrides_it(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("ticket_id,channel,created_at\n1,email,02/03/2026 08:12\n")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("date_order: mdy\n")
    by_mapping = open_tickets([path], mapping=mapping)
    assert [int(b.created_at[0]) for b in by_mapping] == [MARCH_2_0812 - 27 * 86400]  # 3 Feb
    assert by_mapping.files[0].date_order == "mdy"
    by_option = open_tickets([path], mapping=mapping, date_order="dmy")
    assert [int(b.created_at[0]) for b in by_option] == [MARCH_2_0812]
    with pytest.raises(UsageError, match="--date-order 'ymd': write dmy or mdy"):
        open_tickets([path], date_order="ymd")


def test_json_lines_dates_are_told_from_the_first_lines_too(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    lines = [
        {"ticket_id": "1", "channel": "email", "created_at": "02.03.2026 08:12"},
        {"ticket_id": "2", "channel": "email", "created_at": "13.03.2026 08:12"},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    stream = open_tickets([path])
    assert [int(b.created_at[0]) for b in stream] == [MARCH_2_0812]
    assert stream.files[0].date_order == "dmy"


def test_minutes_with_a_decimal_comma_where_the_file_is_semicolon_separated() -> None:
    values = pa.array(["12,5", "12.5", "3", "1.234,5"])
    comma = parse_minutes(values, TimeRules(decimal_comma=True))
    assert comma.seconds.tolist()[:3] == [750, 750, 180]
    assert comma.status.tolist()[3] == TimeStatus.UNREADABLE  # no thousands separators
    point = parse_minutes(values, TimeRules())
    assert point.status.tolist() == [
        TimeStatus.UNREADABLE,
        TimeStatus.OK,
        TimeStatus.OK,
        TimeStatus.UNREADABLE,
    ]
