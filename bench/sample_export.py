"""A deterministic generator of realistic tickets for the bundled English policy (acme-en).

Tickets arrive around the clock and the calendar — nights, weekends, Latvian holidays, the
2026-03-29 spring-forward in Riga — and are answered the way a team working Monday to Friday,
09:00-17:00 Riga time, answers them: at once in hours, at the next opening otherwise. Chat is
staffed around the clock. Some calls are abandoned, some tickets are still open at the end,
some are complaints, and a few rows are broken on purpose (no channel, resolved before created,
a duplicate id, an unknown channel, an unreadable time), so every audit shows its rejections.

    python bench/sample_export.py ROWS OUT.csv [--shape canonical|zendesk|freshdesk]
                                  [--pauses PAUSES.csv] [--seed N] [--format csv|parquet|jsonl]

The same arguments give the same bytes. `make demo` audits the committed samples in bench/samples.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from policy_lint.audit.arrays import Ints
from policy_lint.audit.instants import MISSING
from policy_lint.audit.tickets.zones import to_local, to_utc

ZONE = "Europe/Riga"
START = int(dt.datetime(2026, 1, 5, tzinfo=dt.UTC).timestamp())
DAYS = 150  # January to early June 2026: the spring-forward, Easter, May holidays
CHANNELS = np.array(["email", "phone", "chat", "social"])
CHANNEL_SHARE = [0.45, 0.25, 0.2, 0.1]
PRIORITIES = np.array(["low", "normal", "high", "urgent"])
PRIORITY_SHARE = [0.2, 0.6, 0.15, 0.05]


def next_opening(created: Ints) -> Ints:
    """The ticket's time if the office is open, else the next 09:00 Monday to Friday (Riga).

    Holidays are left open on purpose: a team that forgets them breaks promises there.
    """
    local = to_local(created, ZONE)
    day = local // 86400
    second = local % 86400
    weekday = (day + 3) % 7  # 0 is Monday
    open_now = (weekday < 5) & (second >= 9 * 3600) & (second < 17 * 3600)
    today_later = (weekday < 5) & (second < 9 * 3600)
    ahead = np.where(weekday == 4, 3, np.where(weekday == 5, 2, 1))  # Friday → Monday
    target_day = np.where(today_later, day, day + ahead)
    opening_local = target_day * 86400 + 9 * 3600
    opening, _ = to_utc(opening_local, ZONE)
    result: Ints = np.where(open_now, created, opening)
    return result


def generate(rows: int, seed: int) -> dict[str, Any]:
    """The canonical columns of `rows` tickets, as arrays (times in epoch seconds, MISSING)."""
    rng = np.random.default_rng(seed)
    created = np.sort(START + rng.integers(0, DAYS * 86400, rows)).astype(np.int64)
    channel = rng.choice(len(CHANNELS), rows, p=CHANNEL_SHARE)
    priority = rng.choice(len(PRIORITIES), rows, p=PRIORITY_SHARE)
    staffed = np.where(CHANNELS[channel] == "chat", created, next_opening(created))
    mean_reply = np.array([3 * 3600, 25, 50, 2 * 3600])[channel]
    mean_reply = np.where(PRIORITIES[priority] == "urgent", mean_reply // 3, mean_reply)
    first = staffed + rng.exponential(mean_reply).astype(np.int64)
    resolved = first + rng.exponential(np.array([1.2 * 86400, 240, 600, 86400])[channel])
    resolved = resolved.astype(np.int64)
    abandoned = (CHANNELS[channel] == "phone") & (rng.random(rows) < 0.04)
    first = np.where(abandoned, MISSING, first)
    resolved = np.where(abandoned, created + rng.integers(5, 120, rows), resolved)
    end = START + DAYS * 86400
    first = np.where(first > end, MISSING, first)  # still waiting at the end of the export
    resolved = np.where(resolved > end, MISSING, resolved)
    complaint = (CHANNELS[channel] != "chat") & (rng.random(rows) < 0.02)
    acknowledged = np.where(complaint, next_opening(created) + rng.integers(600, 3 * 86400, rows),
                            MISSING)  # fmt: skip
    acknowledged = np.where(acknowledged > end, MISSING, acknowledged)
    ids = np.char.add("T", np.char.zfill(np.arange(1, rows + 1).astype(str), 7))
    return {
        "ticket_id": ids, "channel": CHANNELS[channel], "priority": PRIORITIES[priority],
        "created_at": created, "first_response_at": first, "resolved_at": resolved,
        "acknowledged_at": acknowledged, "is_complaint": complaint,
    }  # fmt: skip


def iso(seconds: Ints) -> np.ndarray[Any, Any]:
    """ISO 8601 with Z, empty where MISSING."""
    text = np.datetime_as_string(np.where(seconds == MISSING, 0, seconds).astype("datetime64[s]"))
    return np.where(seconds == MISSING, "", np.char.add(text, "Z"))


def local_text(seconds: Ints, fmt: str = "%Y-%m-%d %H:%M:%S") -> np.ndarray[Any, Any]:
    """Riga wall-clock time without an offset, as helpdesk CSV exports write it."""
    local = to_local(np.where(seconds == MISSING, 0, seconds), ZONE)
    text = np.char.replace(np.datetime_as_string(local.astype("datetime64[s]")), "T", " ")
    return np.where(seconds == MISSING, "", text)


def break_rows(table: dict[str, Any]) -> None:
    """A few rows every audit must reject, at fixed places."""
    n = len(table["ticket_id"])
    if n < 50:
        return
    table["channel"][7] = ""  # no channel
    table["resolved_at"][11] = table["created_at"][11] - 3600  # resolved before created
    table["ticket_id"][23] = table["ticket_id"][22]  # a duplicate id
    table["channel"][31] = "fax"  # neither canonical nor the policy's
    table["created_at_text"][41] = "31/02/2026 25:61"  # unreadable
    # a reply time keyed in by hand, on a day that does not exist: the row is rejected, and the
    # social promise, kept by a whisker, can no longer be shown kept (inconclusive)
    social = np.flatnonzero(table["channel"] == "social")
    table["first_response_text"] = iso(table["first_response_at"])
    table["first_response_text"][social[social > 50][0]] = "2026-02-30T10:00:00Z"


def canonical(table: dict[str, Any]) -> pa.Table:
    """The canonical export."""
    columns = {
        "ticket_id": table["ticket_id"], "channel": table["channel"],
        "priority": table["priority"], "created_at": table["created_at_text"],
        "first_response_at": table.get("first_response_text", iso(table["first_response_at"])),
        "resolved_at": iso(table["resolved_at"]),
        "acknowledged_at": iso(table["acknowledged_at"]),
        "is_complaint": np.where(table["is_complaint"], "true", "false"),
    }  # fmt: skip
    return pa.table(
        {name: pa.array(values.tolist(), pa.string()) for name, values in columns.items()}
    )


def zendesk(table: dict[str, Any]) -> pa.Table:
    """Zendesk's ticket CSV: local times, first reply in calendar minutes, complaints as a tag."""
    via = {"email": "Mail", "phone": "Voice", "chat": "Chat", "social": "Twitter", "fax": "Fax"}
    first = table["first_response_at"]
    minutes = np.where(first == MISSING, -1, (first - table["created_at"]) // 60)
    columns = {
        "Id": np.char.lstrip(table["ticket_id"], "T"),
        "Via": np.array([via.get(c, c) for c in table["channel"]]),
        "Priority": np.char.capitalize(table["priority"].astype(str)),
        "Created at": local_text(table["created_at"]),
        "Solved at": local_text(table["resolved_at"]),
        "First reply time in minutes": np.where(minutes < 0, "", minutes.astype(str)),
        "Tags": np.where(table["is_complaint"], "complaint", ""),
    }
    return pa.table(
        {name: pa.array(values.tolist(), pa.string()) for name, values in columns.items()}
    )


def freshdesk(table: dict[str, Any]) -> pa.Table:
    """Freshdesk's ticket CSV: local times, Medium for normal priority."""
    names = {"normal": "Medium"}
    columns = {
        "Ticket ID": np.char.lstrip(table["ticket_id"], "T"),
        "Source": np.char.capitalize(table["channel"].astype(str)),
        "Priority": np.array([names.get(p, p.capitalize()) for p in table["priority"]]),
        "Created time": local_text(table["created_at"]),
        "Initial response time": local_text(table["first_response_at"]),
        "Resolved time": local_text(table["resolved_at"]),
        "Tags": np.where(table["is_complaint"], "complaint", ""),
    }
    return pa.table(
        {name: pa.array(values.tolist(), pa.string()) for name, values in columns.items()}
    )


def pauses(table: dict[str, Any], seed: int) -> pa.Table:
    """On-hold and pending intervals for a fifth of the resolved email tickets."""
    rng = np.random.default_rng(seed + 1)
    email = np.flatnonzero((table["channel"] == "email") & (table["resolved_at"] != MISSING))
    chosen = email[rng.random(len(email)) < 0.2]
    first = table["first_response_at"][chosen]
    start = np.where(first == MISSING, table["created_at"][chosen], first) + 600
    stop = np.minimum(
        start + rng.integers(1800, 2 * 86400, len(chosen)), table["resolved_at"][chosen]
    )
    status = np.where(rng.random(len(chosen)) < 0.5, "pending", "on_hold")
    columns = {"ticket_id": table["ticket_id"][chosen], "status": status,
               "paused_at": iso(start), "resumed_at": iso(np.maximum(stop, start))}  # fmt: skip
    return pa.table(
        {name: pa.array(values.tolist(), pa.string()) for name, values in columns.items()}
    )


SHAPES = {"canonical": canonical, "zendesk": zendesk, "freshdesk": freshdesk}


def write(table: pa.Table, out: Path, fmt: str) -> None:
    """CSV, Parquet or JSON Lines."""
    if fmt == "parquet":
        pq.write_table(table, out, row_group_size=1 << 20)
    elif fmt == "jsonl":
        import json

        with out.open("w", encoding="utf-8") as handle:
            for row in table.to_pylist():
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        pacsv.write_csv(table, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="canonical")
    parser.add_argument("--format", choices=["csv", "parquet", "jsonl"], default="csv")
    parser.add_argument("--pauses", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    table = generate(args.rows, args.seed)
    table["created_at_text"] = iso(table["created_at"])
    break_rows(table)
    write(SHAPES[args.shape](table), args.out, args.format)
    if args.pauses:
        write(pauses(table, args.seed), args.pauses, "csv")


if __name__ == "__main__":
    main()
