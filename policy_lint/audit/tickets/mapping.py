"""A mapping file (YAML) → an Adapter for any helpdesk's export; every error placed file:line:col.

The file is read by the policy loader (YAML 1.2 scalars, repeated keys, positions), checked
against schemas/mapping.schema.json, then for what a schema cannot say: that the time zone exists
and that each strptime format can be read. It may start from a built-in adapter (`source`) and
change only what differs, such as a Freshdesk export with translated headers.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from policy_lint.audit.tickets.adapt import ADAPTERS, OUTBOUND, Adapter, Complaint, Source
from policy_lint.audit.tickets.times import format_pattern
from policy_lint.audit.tickets.zones import zone_problem
from policy_lint.errors import ConfigError
from policy_lint.lint.config import read_validated
from policy_lint.lint.document import Document
from policy_lint.quoting import cut


def load_mapping(path: Path) -> Adapter:
    """The adapter a mapping file describes; ConfigError names file:line:col and the problem."""
    data, doc = _read(path)
    base = ADAPTERS[Source(data.get("source", Source.CANONICAL))]
    columns = dict(base.columns)
    for name, value in (data.get("columns") or {}).items():
        columns[name] = (value,) if isinstance(value, str) else tuple(value)
    zone = data.get("timezone", base.timezone)
    if zone is not None and (problem := zone_problem(zone)):
        raise _error(doc, "/timezone", problem)
    formats = tuple(data.get("timestamp_formats", base.formats))
    for index, fmt in enumerate(formats):
        try:
            format_pattern(fmt)
        except ValueError as error:
            raise _error(doc, f"/timestamp_formats/{index}", f"{cut(fmt)!r}: {error}") from None
    return replace(
        base,
        source=Source.MAPPING,
        columns=columns,
        channels={**base.channels, **_contacts(_lowered(data.get("channels")))},
        priorities={**base.priorities, **_lowered(data.get("priorities"))},
        formats=formats,
        timezone=zone,
        complaint=_complaint(data.get("complaint")) or base.complaint,
        nulls=tuple(str(value).strip().lower() for value in data.get("null_values", ())),
        date_order=data.get("date_order", base.date_order),
        default_priority=data.get("default_priority", base.default_priority),
    )


def _read(path: Path) -> tuple[dict[str, Any], Document]:
    return read_validated(path, "mapping.schema.json")


def _error(doc: Document, pointer: str, message: str) -> ConfigError:
    span = doc.position(pointer)
    return ConfigError(f"{doc.path}:{span.line}:{span.column}: {message}")


def _lowered(values: dict[str, Any] | None) -> dict[str, Any]:
    return {str(key).lower(): value for key, value in (values or {}).items()}


def _contacts(channels: dict[str, Any]) -> dict[str, str]:
    """A channel map's values; null says the value is no customer contact (left out)."""
    return {value: OUTBOUND if channel is None else channel for value, channel in channels.items()}


def _complaint(rule: dict[str, Any] | None) -> Complaint | None:
    if rule is None:
        return None
    words = rule.get("tags") or rule.get("values") or []
    return Complaint(rule["column"], frozenset(w.lower() for w in words), tags="tags" in rule)
