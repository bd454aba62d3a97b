"""Helpdesk exports → the canonical ticket columns: one Adapter for each helpdesk, and detection.

An Adapter is plain data: for each canonical column the export columns to look for, value maps
for channels and priorities, how times are written, and which cell marks a complaint. Binding it
to an export's header picks the columns actually read (or says which required one is missing);
adapting a batch renames, trims and maps values, and leaves every judgement about a value to
rows.py. What each adapter maps, and what it cannot know, is written down in docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from policy_lint.audit.arrays import Ints
from policy_lint.audit.tickets.batch import EMPTY_TEXT, NULL_TEXT, RawBatch, one_chunk, valid
from policy_lint.audit.tickets.categorical import Categorical, Vocabulary, categorical, empty
from policy_lint.audit.tickets.dates import DateOrder
from policy_lint.audit.tickets.dates import date_order as decide_date_order
from policy_lint.audit.tickets.export import Export, ExportFormat
from policy_lint.audit.tickets.kinds import readable
from policy_lint.audit.tickets.shown import LISTED, listed, quoted
from policy_lint.audit.tickets.times import MARKERS, TimeRules
from policy_lint.audit.tickets.zones import zone_problem
from policy_lint.errors import ExportError, UsageError
from policy_lint.quoting import cut

Column: TypeAlias = pa.Array | pa.ChunkedArray
CHANNELS = ("email", "phone", "chat", "social", "web_form", "in_person")
PRIORITIES = ("low", "normal", "high", "urgent")
TIME_FIELDS = ("created_at", "first_response_at", "resolved_at", "acknowledged_at")
# the channel of a value that is no customer contact (an agent's outbound message): such a row
# is counted and left out, neither measured nor taken for a ticket the audit could not read
OUTBOUND = "(not a customer contact)"
REQUIRED = ("ticket_id", "channel", "created_at")
ZONE_DEFAULT = "UTC (no zone given)"
# Where the zone of an export's times without an offset came from, the first given first
ZONE_SOURCES = ("--timezone", "the mapping file", "the policy's time zone", ZONE_DEFAULT)
# first_response_minutes: minutes from created_at to the first reply, where no time is given
FIELDS = (
    "ticket_id",
    "channel",
    "priority",
    *TIME_FIELDS,
    "first_response_minutes",
    "is_complaint",
)


class Source(StrEnum):
    """The helpdesks an export can come from; `mapping` is any other, by a mapping file."""

    CANONICAL = "canonical"
    ZENDESK = "zendesk"
    FRESHDESK = "freshdesk"
    MAPPING = "mapping"


@dataclass(frozen=True, slots=True)
class Complaint:
    """Which cell marks a complaint: a tag among the cell's tags, or the whole cell's value."""

    column: str
    values: frozenset[str]  # lower case
    tags: bool = True


@dataclass(frozen=True, slots=True)
class Adapter:
    """How one helpdesk's export columns and values become the canonical ones."""

    source: Source
    columns: Mapping[str, tuple[str, ...]]  # canonical field → export columns, first found wins
    channels: Mapping[str, str] = field(default_factory=dict)  # lower-case value → channel
    priorities: Mapping[str, str | None] = field(default_factory=dict)  # None: no priority
    formats: tuple[str, ...] = ()  # strptime formats of the times; none: ISO 8601
    timezone: str | None = None
    complaint: Complaint | None = None
    local_csv: bool = False  # its CSV export writes local times: the time zone is required
    nulls: tuple[str, ...] = ()  # markers of no value besides times.MARKERS (lower case)
    date_order: str | None = None  # dmy or mdy: day/month dates' order (none: from the data)
    default_priority: str | None = None  # the priority of a ticket the export gives none

    @property
    def priority_map(self) -> dict[str, str | None]:
        """Priority values and what each becomes: a marker of no value (`-`, `n/a`…) is no
        priority, in every export, unless the adapter's own map says otherwise."""
        markers = dict.fromkeys((m for m in (*MARKERS, *self.nulls) if m), None)
        return {**markers, **self.priorities}


def _identity(name: str) -> tuple[str, ...]:
    return (name,)


CANONICAL = Adapter(Source.CANONICAL, {name: _identity(name) for name in FIELDS})

ZENDESK = Adapter(
    Source.ZENDESK,
    {
        "ticket_id": ("Id", "ID", "id"),
        "channel": ("Via", "via.channel"),
        "priority": ("Priority", "priority"),
        "created_at": ("Created at", "created_at"),
        "first_response_minutes": (
            "First reply time in minutes",  # calendar minutes; the business-hours column is not
            "metric_set.reply_time_in_minutes.calendar",
        ),
        "resolved_at": ("Solved at", "metric_set.solved_at"),
    },
    channels={
        # the CSV export's `Via` and the API's via.channel, as Zendesk documents them
        **dict.fromkeys(("mail", "email", "e-mail", "closed ticket", "closed_ticket"), "email"),
        **dict.fromkeys(("web form", "web_form", "web", "web widget", "web_widget"), "web_form"),
        **dict.fromkeys(("api", "web service", "mobile", "mobile sdk", "mobile_sdk"), "web_form"),
        **dict.fromkeys(("chat", "messaging", "native_messaging"), "chat"),
        **dict.fromkeys(("voice", "phone", "phone call (incoming)", "voicemail"), "phone"),
        **dict.fromkeys(("twitter", "facebook", "facebook post", "sms"), "social"),
        **dict.fromkeys(("facebook private message", "instagram direct", "whatsapp"), "social"),
        **dict.fromkeys(("instagram_dm", "line", "wechat", "viber", "telegram"), "social"),
    },
    priorities={**{p: p for p in PRIORITIES}, "-": None},
    local_csv=True,
)

FRESHDESK = Adapter(
    Source.FRESHDESK,
    {
        "ticket_id": ("Ticket ID", "Ticket Id", "id"),
        "channel": ("Source", "source"),
        "priority": ("Priority", "priority"),
        "created_at": ("Created time", "created_at"),
        "first_response_at": (
            "Initial response time",
            "First responded time",
            "stats.first_responded_at",
        ),
        "resolved_at": ("Resolved time", "stats.resolved_at"),
    },
    channels={
        **dict.fromkeys(("email", "1"), "email"),
        **dict.fromkeys(("portal", "feedback widget", "mobihelp", "2", "8", "9"), "web_form"),
        **dict.fromkeys(("outbound email", "10"), OUTBOUND),  # an agent wrote first
        **dict.fromkeys(("phone", "3"), "phone"),
        **dict.fromkeys(("chat", "7"), "chat"),
        **dict.fromkeys(("twitter", "facebook", "whatsapp", "5", "6"), "social"),
    },
    priorities={
        **dict.fromkeys(("low", "1"), "low"),
        **dict.fromkeys(("medium", "2"), "normal"),
        **dict.fromkeys(("high", "3"), "high"),
        **dict.fromkeys(("urgent", "4"), "urgent"),
    },
    local_csv=True,
)

ADAPTERS = {Source.CANONICAL: CANONICAL, Source.ZENDESK: ZENDESK, Source.FRESHDESK: FRESHDESK}

# The header columns that tell each helpdesk apart, CSV and JSON shapes (compared in lower case).
_SIGNATURES = (
    (Source.CANONICAL, {"ticket_id", "channel", "created_at"}),
    (Source.ZENDESK, {"id", "via", "created at"}),
    (Source.ZENDESK, {"id", "via.channel", "created_at"}),
    (Source.FRESHDESK, {"ticket id", "source", "created time"}),
    (Source.FRESHDESK, {"id", "source", "created_at"}),
)


def detect_source(columns: Sequence[str]) -> Source | None:
    """The helpdesk whose columns the header has, or None."""
    names = {_norm(name) for name in columns}
    return next((source for source, needed in _SIGNATURES if needed <= names), None)


def adapter_named(name: str, export: Export) -> Adapter:
    """The adapter for `--source NAME`; `auto` recognises the helpdesk from the header."""
    if name == "auto":
        found = detect_source(export.columns)
        if found is None:
            raise ExportError(
                f"{export.shown}: cannot tell which helpdesk wrote it from its header "
                f"({listed(export.columns)}); pass --source canonical|zendesk|freshdesk, or "
                "--mapping FILE"
            )
        return ADAPTERS[found]
    if name not in ADAPTERS:
        known = ", ".join([*(str(s) for s in ADAPTERS), "auto"])
        raise ExportError(f"{export.shown}: unknown source {cut(name)!r} (known: {known})")
    return ADAPTERS[Source(name)]


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class Binding:
    """An adapter bound to one export: the export column read for each canonical field."""

    adapter: Adapter
    export: Export
    columns: Mapping[str, str]
    rules: TimeRules
    zone_source: str = ZONE_DEFAULT  # why `rules.zone`: one of ZONE_SOURCES
    date_order: str | None = None  # dmy or mdy when its times are day/month dates
    # the texts seen so far in each column of a few distinct values (channel, priority…)
    vocabularies: Mapping[str, Vocabulary] = field(default_factory=dict, compare=False)

    @property
    def marks_complaints(self) -> bool:
        """Whether the export says which tickets are complaints (a rule, or a column)."""
        return self.adapter.complaint is not None or "is_complaint" in self.columns

    @property
    def wanted(self) -> list[str]:
        """The export columns to read, each once."""
        extra = [self.adapter.complaint.column] if self.adapter.complaint else []
        return list(dict.fromkeys([*self.columns.values(), *extra]))

    @property
    def iso_times(self) -> list[str]:
        """The export columns of times written in ISO 8601 (no strptime formats are given)."""
        if self.rules.formats:
            return []
        return [self.columns[name] for name in TIME_FIELDS if name in self.columns]

    @property
    def categorical(self) -> list[str]:
        """The export columns of a few distinct values (read dictionary-encoded from Parquet,
        and looked up in their vocabulary)."""
        fields = ("channel", "priority", "is_complaint")
        return [self.columns[name] for name in fields if name in self.columns]


def bind(
    adapter: Adapter,
    export: Export,
    timezone: str | None = None,
    policy_timezone: str | None = None,
    date_order: str | None = None,
) -> Binding:
    """Pick the columns to read; ExportError names a required column the header lacks.

    Times without an offset are read in `timezone` (--timezone), else the mapping's, else
    `policy_timezone` (the policy's business hours), else UTC; see `_zone`. Without strptime
    formats from a mapping, times written day/month (a spreadsheet's) are read in `date_order`
    (--date-order), else the mapping's, else the order the file's first rows settle (dates.py).
    """
    found = {_norm(name): name for name in reversed(export.columns)}
    columns: dict[str, str] = {}
    for name, candidates in adapter.columns.items():
        hit = next((found[_norm(c)] for c in candidates if _norm(c) in found), None)
        if hit is not None:
            columns[name] = hit
        elif name in REQUIRED:
            looked = " or ".join(quoted(c) for c in candidates[:LISTED])
            raise ExportError(
                f"{export.shown}: missing column {name} (the {adapter.source} adapter looks "
                f"for {looked})"
            )
    if adapter.complaint is not None and _norm(adapter.complaint.column) not in found:
        missing = quoted(adapter.complaint.column)
        raise ExportError(f"{export.shown}: missing complaint column {missing}")
    zone, source = _zone(adapter, export, timezone, policy_timezone)
    dates = DateOrder(formats=adapter.formats)
    if not adapter.formats:
        head = [(c, export.first_values(c)) for n, c in columns.items() if n in TIME_FIELDS]
        given = date_order or adapter.date_order
        dates = decide_date_order(export.shown, head, export.head_rows, given)
    nulls = (*MARKERS, *adapter.nulls)
    rules = TimeRules(zone, dates.formats, nulls, decimal_comma=export.delimiter == ";")
    binding = Binding(adapter, export, columns, rules, source, dates.order)
    for name in binding.categorical:
        binding.vocabularies[name] = Vocabulary()  # type: ignore[index]
    _check_unique(binding)
    return binding


def _check_unique(binding: Binding) -> None:
    names = [_norm(name) for name in binding.export.columns]
    for column in binding.wanted:
        if names.count(_norm(column)) > 1:
            twice = quoted(column)
            raise ExportError(f"{binding.export.shown}: the header names column {twice} twice")


def _zone(
    adapter: Adapter, export: Export, timezone: str | None, policy_timezone: str | None
) -> tuple[str, str]:
    """The zone of the export's times without an offset, and why (one of ZONE_SOURCES).

    A helpdesk CSV that writes local times in its account's or agent's zone (Zendesk,
    Freshdesk) needs that zone said: the policy's own zone is only a guess at it, and a guess
    that is an hour off moves every deadline by an hour.
    """
    given = (timezone, adapter.timezone)
    if not any(given) and adapter.local_csv and export.format is ExportFormat.CSV:
        raise UsageError(
            f"{export.shown}: a {adapter.source} CSV export writes local times in its account's "
            "time zone, which the policy's zone only guesses: pass --timezone ZONE (or "
            "`timezone:` in a mapping file)"
        )
    candidates = (*given, policy_timezone, "UTC")
    zone, source = next((z, s) for z, s in zip(candidates, ZONE_SOURCES, strict=True) if z)
    problem = zone_problem(zone)
    if problem:
        raise UsageError(f"{source}: {problem}")
    return zone, source


@dataclass(frozen=True, slots=True)
class Canonical:
    """One batch in canonical columns, values trimmed and mapped but not yet judged."""

    row: Ints
    ticket_id: pa.Array  # text, null where empty
    channel: Categorical  # after the value map
    priority: Categorical  # after the value map; empty: no priority
    times: Mapping[str, Column]  # the four time fields as read (text or Arrow timestamps)
    first_response_minutes: Column | None  # when the export gives minutes, not a time
    is_complaint: (
        pa.Array | Categorical | None
    )  # bool (a rule, or typed cells), text; None: unknown


def adapt(binding: Binding, raw: RawBatch) -> Canonical:
    """Rename, trim and map one batch; no value is judged here."""
    adapter, columns = binding.adapter, binding.columns
    length = raw.data.num_rows
    tags = [adapter.complaint.column] if adapter.complaint and adapter.complaint.tags else []
    raw = RawBatch(readable(raw.data, raw.row, binding.export.shown, tags), raw.row)

    def column(name: str) -> Column | None:
        return raw.data.column(columns[name]) if name in columns else None

    def coded(name: str, mapping: Mapping[str, str | None]) -> Categorical:
        found = column(name)
        if found is None:
            return empty(length)
        return categorical(found, binding.vocabularies.get(columns[name])).mapped(mapping)

    ids = column("ticket_id")
    nulls = pa.nulls(length, pa.string())
    times = {name: _or(column(name), nulls) for name in TIME_FIELDS}
    minutes = column("first_response_minutes") if "first_response_at" not in columns else None
    return Canonical(
        row=raw.row,
        ticket_id=_text(one_chunk(ids)) if ids is not None else nulls,
        channel=coded("channel", adapter.channels),
        priority=_defaulted(coded("priority", adapter.priority_map), adapter.default_priority),
        times=times,
        first_response_minutes=minutes,
        is_complaint=_or(_complaints(adapter.complaint, raw.data), _flags(binding, raw.data)),
    )


def _defaulted(priority: Categorical, default: str | None) -> Categorical:
    """A ticket with no priority given the mapping's `default_priority`, where it has one."""
    return priority if default is None else priority.filled(default)


def _flags(binding: Binding, data: pa.Table) -> pa.Array | Categorical | None:
    """true/false cells: typed booleans as they are, anything else as text to be read."""
    name = binding.columns.get("is_complaint")
    if name is None:
        return None
    cells = data.column(name)
    if pa.types.is_boolean(cells.type):
        return one_chunk(cells)
    return categorical(cells, binding.vocabularies.get(name))


def _or(first: pa.Array | None, second: pa.Array | None) -> Any:
    return first if first is not None else second


def _text(values: pa.Array) -> pa.Array:
    """Cells as trimmed text; an empty cell is null."""
    if not pa.types.is_string(values.type):
        values = pc.cast(values, pa.string())
    padded, empty = _edges(values)
    if not padded and not empty:
        return values  # the common case (the CSV reader made empty cells null): no copy
    trimmed = pc.utf8_trim_whitespace(values) if padded else values
    return pc.if_else(pc.equal(trimmed, EMPTY_TEXT), NULL_TEXT, trimmed)


_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 32]] = True
_ASCII_SPACE[128:] = True  # a byte of a character beyond ASCII, which may be a space: look


def _edges(values: pa.Array) -> tuple[bool, bool]:
    """Whether any value may start or end with white space (its first or last byte tells; for
    text beyond ASCII, trimming decides), and whether any value is empty, from the offsets
    and those bytes alone: most batches of ids need no trimming copy."""
    if not len(values) or values.null_count == len(values):
        return False, False
    bounds = np.frombuffer(values.buffers()[1], dtype=np.int32)
    bounds = bounds[values.offset : values.offset + len(values) + 1]
    data = values.buffers()[2]
    if data is None:
        return False, True  # every value that is not null is empty
    raw = np.frombuffer(data, dtype=np.uint8)
    starts, ends = bounds[:-1], bounds[1:]
    lengths = ends - starts
    shortest, longest = int(lengths.min()), int(lengths.max())
    if longest == 0:
        return False, not values.null_count or bool(valid(values).any())
    if shortest == longest and not values.null_count:  # ids of one length: strided views
        first, last = raw[bounds[0] : bounds[-1] : longest], raw[bounds[0] + longest - 1 :: longest]
        return bool(_ASCII_SPACE[first].any() or _ASCII_SPACE[last[: len(values)]].any()), False
    filled = lengths > 0
    padded = _ASCII_SPACE[raw[starts[filled]]].any() or _ASCII_SPACE[raw[ends[filled] - 1]].any()
    empty = shortest == 0 and bool((~filled & valid(values)).any())
    return bool(padded), empty


def _complaints(rule: Complaint | None, data: pa.Table) -> pa.Array | None:
    """Whether each row is a complaint under the adapter's rule (never null), or None."""
    if rule is None:
        return None
    cells = one_chunk(data.column(rule.column))
    if pa.types.is_dictionary(cells.type):
        cells = cells.dictionary_decode()
    wanted = pa.array(sorted(rule.values), pa.string())
    if not rule.tags:
        return pc.fill_null(pc.is_in(pc.utf8_lower(_text(cells)), value_set=wanted), False)
    if not pa.types.is_list(cells.type):
        cells = pc.split_pattern_regex(pc.utf8_lower(_text(cells)), r"[\s,;]+")
    tags = pc.utf8_lower(pc.cast(pc.list_flatten(cells), pa.string()))
    rows = pc.list_parent_indices(cells).to_numpy(zero_copy_only=False)
    hit = pc.fill_null(pc.is_in(tags, value_set=wanted), False).to_numpy(zero_copy_only=False)
    marked = np.zeros(len(cells), dtype=bool)
    marked[rows[hit]] = True
    return pa.array(marked)
