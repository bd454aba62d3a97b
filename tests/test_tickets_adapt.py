"""Adapters: Zendesk, Freshdesk and mapping-file exports onto the canonical columns, and `auto`.

Times in the fixtures are local: Europe/Riga is UTC+2 and Europe/Berlin UTC+1 in early March
2026 (daylight saving starts on 29 March). Epoch seconds worked by hand: 2026-03-02T00:00:00Z is
1772409600 (20514 days since 1970-01-01), so 07:00Z that day is 1772409600 + 7 * 3600 =
1772434800, 08:00Z 1772438400, 09:00Z 1772442000, 10:00Z 1772445600.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_lint.audit.tickets import MISSING, Source, TicketStream, detect_source, open_tickets
from policy_lint.audit.tickets.adapt import ZENDESK, _text, bind
from policy_lint.audit.tickets.mapping import load_mapping
from policy_lint.audit.tickets.opening import open_export
from policy_lint.errors import ConfigError, ExportError, UsageError

EXPORTS = Path(__file__).parent / "data" / "exports"
MARCH_2 = 1772409600  # 2026-03-02T00:00:00Z
HOUR = 3600


def accepted(stream: TicketStream) -> list[tuple[Any, ...]]:
    """(row, id, channel, priority, created, first response, resolved, complaint) per ticket."""
    found = []
    for batch in stream:
        for i in range(len(batch.row)):
            found.append(
                (
                    int(batch.row[i]),
                    batch.ticket_id[i].as_py(),
                    stream.channels[batch.channel[i]],
                    int(batch.priority[i]),
                    int(batch.created_at[i]),
                    int(batch.first_response_at[i]),
                    int(batch.resolved_at[i]),
                    bool(batch.is_complaint[i]),
                )
            )
    return found


def rejected(stream: TicketStream) -> list[tuple[int, str | None, str]]:
    return [(r.row, r.ticket_id, r.reason) for r in stream.rejections().rows]


@pytest.mark.parametrize(
    ("header", "source"),
    [
        (["ticket_id", "channel", "created_at", "priority"], Source.CANONICAL),
        (["Id", "Subject", "Via", "Created at", "Solved at"], Source.ZENDESK),
        (["id", "via.channel", "via.source.rel", "created_at"], Source.ZENDESK),
        (["Ticket ID", "Subject", "Source", "Created time"], Source.FRESHDESK),
        (["id", "source", "priority", "created_at"], Source.FRESHDESK),
        (["ID ", " via", "CREATED  AT"], Source.ZENDESK),  # case and spacing do not matter
        (["a", "b"], None),
    ],
)
def test_the_header_tells_the_helpdesk(header: list[str], source: Source | None) -> None:
    assert detect_source(header) == source


def test_zendesk_csv_from_auto_with_first_reply_minutes() -> None:
    stream = open_tickets([EXPORTS / "zendesk.csv"], timezone="Europe/Riga")
    assert stream.files[0].source is Source.ZENDESK
    assert dict(stream.files[0].columns)["first_response_minutes"] == "First reply time in minutes"
    assert accepted(stream) == [
        # 09:00 Riga = 07:00Z; first reply 30 minutes later; solved 15:00 Riga = 13:00Z
        (
            1,
            "101",
            "email",
            2,
            MARCH_2 + 7 * HOUR,
            MARCH_2 + 7 * HOUR + 1800,
            MARCH_2 + 13 * HOUR,
            False,
        ),
        # no reply yet, not solved: both MISSING
        (2, "102", "web_form", 1, MARCH_2 + 8 * HOUR, MISSING, MISSING, False),
        # Voice is a phone call, answered after 1 minute, ended at 11:05 Riga
        (
            3,
            "103",
            "phone",
            3,
            MARCH_2 + 9 * HOUR,
            MARCH_2 + 9 * HOUR + 60,
            MARCH_2 + 9 * HOUR + 300,
            False,
        ),
        # API, a ticket a program opened (a site's own form, most often); `-`: no priority
        (4, "104", "web_form", -1, MARCH_2 + 10 * HOUR, MISSING, MISSING, False),
    ]
    assert rejected(stream) == [
        (5, "105", "first reply minutes 'abc' is not a number"),
        (
            6,
            "106",
            "created_at '2026-03-29 03:30:00' does not exist in Europe/Riga "
            "(skipped by a daylight-saving change)",
        ),
    ]


def test_a_zendesk_csv_needs_the_time_zone_of_its_account() -> None:
    with pytest.raises(UsageError, match=r"zendesk\.csv: a zendesk CSV export writes local times"):
        open_tickets([EXPORTS / "zendesk.csv"])


def test_zendesk_json_is_utc_and_needs_no_time_zone() -> None:
    stream = open_tickets([EXPORTS / "zendesk.json"])
    assert stream.files[0].source is Source.ZENDESK
    assert accepted(stream) == [
        # first reply: created + 45 calendar minutes; solved the next day at 09:00Z
        (
            1,
            "201",
            "email",
            1,
            MARCH_2 + 9 * HOUR,
            MARCH_2 + 9 * HOUR + 2700,
            MARCH_2 + 33 * HOUR,
            False,
        ),
        (2, "202", "web_form", -1, MARCH_2 + 10 * HOUR, MISSING, MISSING, False),
        # line 3 is blank; 11:00+02:00 is 09:00Z
        (
            4,
            "203",
            "phone",
            3,
            MARCH_2 + 9 * HOUR,
            MARCH_2 + 9 * HOUR + 120,
            MARCH_2 + 9 * HOUR + 600,
            False,
        ),
    ]
    assert rejected(stream) == [(5, "201", "ticket_id repeats an earlier row")]


def test_freshdesk_csv_from_auto() -> None:
    stream = open_tickets([EXPORTS / "freshdesk.csv"], timezone="Europe/Riga")
    assert stream.files[0].source is Source.FRESHDESK
    assert accepted(stream) == [
        # Medium is normal; first response 09:20 Riga; resolved 12:00 Riga = 10:00Z
        (
            1,
            "1",
            "email",
            1,
            MARCH_2 + 7 * HOUR,
            MARCH_2 + 7 * HOUR + 1200,
            MARCH_2 + 10 * HOUR,
            False,
        ),
        (
            2,
            "2",
            "phone",
            3,
            MARCH_2 + 8 * HOUR,
            MARCH_2 + 8 * HOUR + 60,
            MARCH_2 + 8 * HOUR + 1800,
            False,
        ),
        (3, "3", "web_form", 0, MARCH_2 + 9 * HOUR, MISSING, MISSING, False),
    ]
    # an agent wrote first: no customer contact to answer, counted and left out
    assert rejected(stream) == [(4, "4", "channel is not a customer contact (an outbound message)")]


def test_a_mapping_file_with_value_maps_a_strptime_format_and_complaints() -> None:
    mapping = EXPORTS / "freshdesk-de.mapping.yaml"
    stream = open_tickets([EXPORTS / "freshdesk-de.csv"], mapping=mapping, source="auto")
    assert stream.files[0].source is Source.MAPPING
    assert stream.files[0].timezone == "Europe/Berlin"
    assert stream.files[0].complaints
    assert accepted(stream) == [
        # 02.03.2026 09:00 Berlin = 08:00Z; first answer 09:45; solved 03.03. 10:00 = 09:00Z
        (
            1,
            "9001",
            "email",
            1,
            MARCH_2 + 8 * HOUR,
            MARCH_2 + 8 * HOUR + 2700,
            MARCH_2 + 33 * HOUR,
            True,
        ),
        (
            2,
            "9002",
            "phone",
            3,
            MARCH_2 + 9 * HOUR,
            MARCH_2 + 9 * HOUR + 300,
            MARCH_2 + 10 * HOUR,
            False,
        ),
    ]
    assert rejected(stream) == [
        (
            3,
            "9003",
            "created_at '29.03.2026 02:30' does not exist in Europe/Berlin "
            "(skipped by a daylight-saving change)",
        ),
        (4, "9004", "channel 'Brief' is neither a canonical channel nor one of the policy's"),
    ]


def test_the_time_zone_option_overrides_the_mapping_file() -> None:
    mapping = EXPORTS / "freshdesk-de.mapping.yaml"
    stream = open_tickets([EXPORTS / "freshdesk-de.csv"], mapping=mapping, timezone="UTC")
    assert stream.files[0].timezone == "UTC"
    assert accepted(stream)[0][4] == MARCH_2 + 9 * HOUR


def test_zendesk_complaints_from_a_tag_column(tmp_path: Path) -> None:
    mapping = tmp_path / "zendesk.yaml"
    mapping.write_text("source: zendesk\ncomplaint: {column: Tags, tags: [Complaint]}\n")
    stream = open_tickets([EXPORTS / "zendesk.csv"], mapping=mapping, timezone="Europe/Riga")
    # ticket 101 is tagged "vip complaint"; 105 is tagged too but is rejected (minutes "abc")
    assert [(t[1], t[7]) for t in accepted(stream)] == [
        ("101", True),
        ("102", False),
        ("103", False),
        ("104", False),
    ]


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("ticket_id,channel\nT1,email\n")
    with pytest.raises(ExportError, match=r"t\.csv: missing column created_at \(the canonical"):
        open_tickets([path], source="canonical")
    with pytest.raises(ExportError, match=r"t\.csv: cannot tell which helpdesk wrote it"):
        open_tickets([path])


def test_an_unknown_source_is_an_export_error() -> None:
    with pytest.raises(ExportError, match=r"canonical\.csv: unknown source 'helpscout'"):
        open_tickets([EXPORTS / "canonical.csv"], source="helpscout")


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("ticket_id,channel,created_at,channel\nT1,email,2026-03-02T09:00:00Z,x\n")
    with pytest.raises(ExportError, match="names column 'channel' twice"):
        open_tickets([path])


def test_an_unknown_time_zone_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="'Mars/Olympus' is not an IANA time zone"):
        bind(ZENDESK, open_export(EXPORTS / "zendesk.csv"), "Mars/Olympus")


MAPPING_ERRORS = [
    ("columns: [\n", "m.yaml:2:1: YAML syntax"),
    ("colums: {}\n", "m.yaml:1:1: Additional properties are not allowed ('colums' was unexpected)"),
    ("source: zendesk\npriorities:\n  P1: critical\n", "m.yaml:3:7: 'critical' is not one of"),
    ("timezone: Mars/Olympus\n", "m.yaml:1:11: 'Mars/Olympus' is not an IANA time zone"),
    ("timestamp_formats: ['%d.%m.%Y %H:%M', '%Q']\n", "m.yaml:1:39: '%Q': %Q is not a supported"),
    ("timestamp_formats: ['%d.%m.%Y']\n", "m.yaml:1:21: '%d.%m.%Y': a format needs an hour"),
    ("complaint: {column: Tags}\n", "m.yaml:1:12: `complaint` needs 'tags' or 'values'"),
]


@pytest.mark.parametrize(("text", "message"), MAPPING_ERRORS)
def test_a_bad_mapping_file_is_placed_by_line_and_column(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_mapping(path)
    assert str(raised.value).startswith(str(tmp_path / message.split(":")[0]) + ":")
    assert message in str(raised.value)


def test_a_mapping_changes_only_what_it_names() -> None:
    adapter = load_mapping(EXPORTS / "freshdesk-de.mapping.yaml")
    assert adapter.columns["ticket_id"] == ("Ticket-ID",)
    assert adapter.channels["chat"] == "chat"  # Freshdesk's own map stays
    assert adapter.channels["e-mail"] == "email"  # keys are compared in lower case
    assert adapter.formats == ("%d.%m.%Y %H:%M",)


def test_zendesk_json_complaints_from_its_tag_list(tmp_path: Path) -> None:
    mapping = tmp_path / "zendesk.yaml"
    mapping.write_text("source: zendesk\ncomplaint: {column: tags, tags: [complaint]}\n")
    stream = open_tickets([EXPORTS / "zendesk.json"], mapping=mapping)
    # 201 is tagged ["complaint", "billing"]; 202 has no tags; 203 only "phone"
    assert [(t[1], t[7]) for t in accepted(stream)] == [
        ("201", True),
        ("202", False),
        ("203", False),
    ]


cells = st.one_of(st.none(), st.text(alphabet="ab \t\u00a0é", max_size=4))


@settings(max_examples=300, deadline=None)
@given(values=st.lists(cells, max_size=12), cut=st.integers(0, 3), equal=st.booleans())
def test_cells_are_trimmed_and_empty_ones_made_null(
    values: list[str | None], cut: int, equal: bool
) -> None:
    # _text skips the trimming copy when no value may need it (told from the offsets and the
    # first and last bytes): it must give what trimming every value always gave
    if equal:  # ids of one length take another road
        values = [None if v is None else (v + "xxxx")[:4] for v in values]
    array = pa.array(["pad", *values], pa.string()).slice(min(cut, len(values) + 1))
    trimmed = pc.utf8_trim_whitespace(array)
    expected = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
    assert _text(array).to_pylist() == expected.to_pylist()


def test_a_mapping_adds_its_own_markers_of_no_value(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "ticket_id,channel,created_at,first_response_at,resolved_at\n"
        "1,email,2026-03-02T09:00:00Z,never,(LEER)\n"
        "2,email,2026-03-02T09:00:00Z,-,soon\n"
    )
    mapping = tmp_path / "m.yaml"
    mapping.write_text("null_values: [Never, ' (leer) ']\n")
    stream = open_tickets([path], mapping=mapping)
    assert [t[:2] + t[5:7] for t in accepted(stream)] == [(1, "1", MISSING, MISSING)]
    assert rejected(stream) == [(2, "2", "resolved_at 'soon' is not a timestamp")]
    plain = open_tickets([path])  # without the mapping, `never` is no time
    assert accepted(plain) == []
    assert rejected(plain)[0] == (1, "1", "first_response_at 'never' is not a timestamp")


def files_after(stream: TicketStream) -> list[tuple[str, str, int]]:
    accepted(stream)  # the count of times read without an offset is complete after the rows
    return [(f.timezone, f.timezone_source, f.local_times) for f in stream.files]


def test_times_without_an_offset_are_read_in_the_first_zone_given_and_the_file_says_why(
    tmp_path: Path,
) -> None:
    # 7 times without an offset: T2's three, T9, T10, T16's two
    canonical = EXPORTS / "canonical.csv"
    mapping = tmp_path / "m.yaml"
    mapping.write_text("timezone: Europe/Berlin\n")
    cases: list[tuple[dict[str, Any], tuple[str, str, int]]] = [
        ({"timezone": "Asia/Tokyo", "mapping": mapping, "policy_timezone": "Europe/Riga"},
         ("Asia/Tokyo", "--timezone", 7)),
        ({"mapping": mapping, "policy_timezone": "Europe/Riga"},
         ("Europe/Berlin", "the mapping file", 7)),
        ({"policy_timezone": "Europe/Riga"}, ("Europe/Riga", "the policy's time zone", 7)),
        ({}, ("UTC", "UTC (no zone given)", 7)),
    ]  # fmt: skip
    for options, expected in cases:
        assert files_after(open_tickets([canonical], **options)) == [expected], options
    # T2 opened at 11:00 wall-clock time: 09:00Z in Riga
    riga = open_tickets([canonical], policy_timezone="Europe/Riga", policy_channels={"vip"})
    assert accepted(riga)[1][4] == MARCH_2 + 9 * HOUR
    # exact times only: nothing read in a zone
    assert files_after(open_tickets([EXPORTS / "zendesk.json"], policy_timezone="Europe/Riga")) == [
        ("Europe/Riga", "the policy's time zone", 0)
    ]


@pytest.mark.parametrize(("threads", "batch_size"), [(0, 1), (2, 1), (2, 3), (3, 1000)])
def test_the_count_of_times_read_in_a_zone_is_the_same_however_read(
    threads: int, batch_size: int
) -> None:
    from policy_lint.audit.pipeline import Workers

    paths = [EXPORTS / "canonical.csv", EXPORTS / "zendesk.csv"]
    with Workers(threads) as workers:
        stream = open_tickets(paths, timezone="Europe/Riga", batch_size=batch_size, workers=workers)
        # zendesk.csv: six created times, two solved ones (101, 103)
        assert [local for _, _, local in files_after(stream)] == [7, 8]


def test_a_helpdesk_csv_of_local_times_still_needs_its_zone_said() -> None:
    # the policy's zone only guesses the Zendesk account's or the Freshdesk agent's
    for name in ("zendesk.csv", "freshdesk.csv"):
        with pytest.raises(
            UsageError, match="which the policy's zone only guesses: pass --timezone"
        ):
            open_tickets([EXPORTS / name], policy_timezone="Europe/Riga")
