"""Hostile ticket exports and pause files, through the real command (the readers' part of #17).

Every file is made here, in tmp_path, at test time: FIFOs, devices behind symlinks, files that
change while the audit reads them, records that never end, JSON nested past any parser's stack.
Each case is judged by the harness: no signal, in time, exit 1 or 2, and an exit 2 is one line.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import ROOT
from tests.hostile.harness import Ran, contained, run

POLICY = ROOT / "tests" / "data" / "audit" / "calendar-policy.yaml"
HEADER = b"ticket_id,channel,priority,created_at,first_response_at,resolved_at,is_complaint\n"
ROW = b"T%d,email,normal,2026-05-01T09:00:00Z,2026-05-01T09:30:00Z,2026-05-01T12:00:00Z,false\n"
LINUX = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")


def audit(*args: str | Path, **options: object) -> Ran:
    """`policy-lint audit` of the calendar policy, on a fixed day, as CI would run it."""
    return run("audit", "--today", "2026-11-23", POLICY, *args, **options)  # type: ignore[arg-type]


def rows(count: int, first: int = 1) -> bytes:
    return b"".join(ROW % n for n in range(first, first + count))


def export(tmp_path: Path, body: bytes, name: str = "tickets.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(body)
    return path


# --- exports and pause files that are not regular files ------------------------------------


def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.csv"
    os.mkfifo(path)
    return path


def link_to(target: str) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        if not Path(target).exists():
            pytest.skip(f"{target} is not on this system")
        path = tmp_path / "tickets.csv"
        path.symlink_to(target)
        return path

    return make


def fifo_behind_a_link(tmp_path: Path) -> Path:
    target = tmp_path / "pipe"
    os.mkfifo(target)
    path = tmp_path / "tickets.csv"
    path.symlink_to(target)
    return path


NOT_REGULAR: dict[str, tuple[Callable[[Path], Path], str]] = {
    "a FIFO": (fifo, "is a FIFO (a named pipe), not a regular file"),
    "a FIFO behind a symlink": (fifo_behind_a_link, "is a FIFO (a named pipe)"),
    "/dev/zero behind a symlink": (link_to("/dev/zero"), "is a character device"),
    "/dev/urandom behind a symlink": (link_to("/dev/urandom"), "is a character device"),
}


@pytest.mark.parametrize("where", ["export", "pauses"])
@pytest.mark.parametrize("case", NOT_REGULAR)
def test_an_export_or_pause_file_that_is_no_regular_file_is_refused_at_once(
    tmp_path: Path, case: str, where: str
) -> None:
    make, says = NOT_REGULAR[case]
    path = make(tmp_path)
    if where == "export":
        ran = audit(path)
    else:
        ran = audit("--pauses", path, export(tmp_path, HEADER + rows(3), "ok.csv"))
    contained(ran, codes=(2,), says=says)
    assert "empty" not in ran.err


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_named_directly_is_refused_not_read(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} is not on this system")
    contained(audit(device), codes=(2,), says=f"{device}: is a character device")


# --- a file that changes while it is read ----------------------------------------------------

BIG = 600_000  # rows: some 60 MB, long enough a read for a change to land in the middle of it


def _children() -> Iterator[int]:
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == me:
                yield int(entry.name)


def _reading(pid: int, path: Path) -> bool:
    """Whether the process has `path` mapped, or open and read past its first megabyte."""
    try:
        if str(path) in (Path(f"/proc/{pid}/maps")).read_text():
            return True
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            if os.readlink(fd) == str(path):
                info = Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text()
                if int(info.split()[1]) > 1 << 20:
                    return True
    except OSError:
        pass
    return False


def when_read(path: Path, change: Callable[[Path], None]) -> threading.Thread:
    """A thread that makes `change` to `path` once a child of this process is reading it."""

    def watch() -> None:
        for _ in range(20_000):
            if any(_reading(pid, path) for pid in _children()):
                change(path)
                return
            threading.Event().wait(0.0005)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def shrink(path: Path) -> None:
    os.truncate(path, len(HEADER) + 10_000)


def grow(path: Path) -> None:
    with path.open("ab") as file:
        file.write(rows(1_000, first=BIG + 1))


@LINUX
@pytest.mark.parametrize("change", [shrink, grow], ids=["shrinks", "grows"])
def test_a_csv_that_changes_while_it_is_read_is_one_error_and_no_signal(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    path = export(tmp_path, HEADER + rows(BIG))
    report = tmp_path / "report.json"
    watcher = when_read(path, change)
    ran = audit("--format", "json", "--output", report, path.resolve())
    watcher.join(timeout=1)
    contained(ran, codes=(2,), says="changed while it was read")
    assert not report.exists()  # nothing measured from half a file is reported


def test_the_report_states_the_bytes_it_read(tmp_path: Path) -> None:
    path = export(tmp_path, HEADER + rows(3))
    ran = contained(audit("--format", "text", path), codes=(0, 1))
    assert f"{len(HEADER + rows(3)):,} bytes read" in ran.out


# --- a record that never ends ----------------------------------------------------------------

SIXTEEN_MIB = 16 << 20


def endless_gzip(path: Path, head: bytes, tail: bytes, size: int) -> Path:
    """`head`, then `tail` repeated to `size` bytes, gzip-compressed as it is made (a few
    hundred kilobytes on disk for hundreds of megabytes decompressed)."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    block = tail * ((1 << 20) // len(tail))
    with path.open("wb") as file:
        file.write(packer.compress(head))
        for _ in range(size // len(block)):
            file.write(packer.compress(block))
        file.write(packer.flush())
    return path


ENDLESS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "an unclosed quote": (
        lambda tmp: export(tmp, HEADER + rows(4) + b'T5,"email\n' + rows(250_000, 6)),
        "data row 5 runs on past 16 MiB",
    ),
    "NUL bytes after the first rows": (
        lambda tmp: export(tmp, HEADER + rows(2_000) + b"\0" * (20 << 20)),
        "data row 2001 runs on past 16 MiB",
    ),
    "one line of a gzip file decompressing to 512 MB": (
        lambda tmp: endless_gzip(tmp / "tickets.csv.gz", HEADER + rows(3), b"x", 512 << 20),
        "data row 4 runs on past 16 MiB",
    ),
    "one JSON line of a gzip file decompressing to 512 MB": (
        lambda tmp: endless_gzip(
            tmp / "tickets.jsonl.gz",
            b'{"ticket_id": "T1", "channel": "email", "created_at": "2026-05-01T09:00:00Z"}\n'
            b'{"ticket_id": "T2", "note": "',
            b"x",
            512 << 20,
        ),
        "tickets.jsonl.gz:2: the line runs on past 16 MiB",
    ),
}


@pytest.mark.parametrize("case", ENDLESS)
def test_a_record_that_never_ends_is_refused_at_the_cap_naming_its_row(
    tmp_path: Path, case: str
) -> None:
    make, says = ENDLESS[case]
    contained(audit(make(tmp_path)), codes=(2,), says=says)


def test_broken_quoting_after_a_cell_longer_than_pythons_csv_limit_is_one_line(
    tmp_path: Path,
) -> None:
    header = HEADER.replace(b"\n", b",note\n")
    long = rows(1).replace(b"\n", b',"' + b"x" * 200_000 + b'"\n')
    ran = audit(export(tmp_path, header + long + b"T2,email,normal\n"))
    contained(ran, codes=(2,), says="the file's quoting is broken")


# --- headers and first lines longer than the first bytes read ------------------------------


def custom_fields(count: int, width: int = 40) -> list[str]:
    return [f"custom field {n:05} ".ljust(width, "x") for n in range(count)]


def test_a_csv_header_of_4000_custom_fields_is_read(tmp_path: Path) -> None:
    fields = custom_fields(4_000)  # 160 KB, the canonical columns after them
    header = (",".join(fields) + ",").encode() + HEADER
    body = b"".join(b"," * len(fields) + line + b"\n" for line in rows(3).splitlines())
    ran = contained(audit("--format", "json", export(tmp_path, header + body)), codes=(0, 1))
    assert json.loads(ran.out)["tickets"] == {"read": 3, "measured": 3, "rejected": 0}


def test_a_json_line_of_4000_custom_fields_is_read(tmp_path: Path) -> None:
    ticket = dict.fromkeys(custom_fields(4_000), "")
    known = {"channel": "email", "created_at": "2026-05-01T09:00:00Z"}
    lines = [json.dumps({**ticket, "ticket_id": f"T{n}", **known}) for n in range(3)]
    path = export(tmp_path, ("\n".join(lines) + "\n").encode(), "tickets.jsonl")
    ran = contained(audit("--format", "json", path), codes=(0, 1))
    assert json.loads(ran.out)["tickets"]["read"] == 3


def test_a_csv_header_past_1_mib_is_refused_saying_so(tmp_path: Path) -> None:
    header = (",".join(custom_fields(30_000)) + ",").encode() + HEADER
    ran = audit(export(tmp_path, header + rows(3)))
    contained(ran, codes=(2,), says="tickets.csv:1: the header runs on past 1 MiB")


# --- JSON nested past any parser's stack ----------------------------------------------------

TICKET = b'{"ticket_id": "T%d", "channel": "email", "created_at": "2026-05-01T09:00:00Z"'
PAUSE = b'{"ticket_id": "T1", "status": "pending", "paused_at": "2026-05-01T09:10:00Z"'


def deep_line(start: bytes, depth: int = 30_000) -> bytes:
    """A line of some 60 KB whose `x` nests `depth` arrays: SIGSEGV in pyarrow's parser."""
    return start + b', "x": ' + b"[" * depth + b"]" * depth + b"}\n"


def deep_export(tmp_path: Path, first: int = 2) -> Path:
    body = b"".join(TICKET % n + b"}\n" for n in range(1, first)) + deep_line(TICKET % first)
    return export(tmp_path, body, "tickets.jsonl")


@pytest.mark.parametrize("where", ["audit", "a second line", "--pauses", "check --history"])
def test_json_nested_past_the_cap_is_one_line_not_a_segfault(tmp_path: Path, where: str) -> None:
    if where == "audit":
        ran = audit(deep_export(tmp_path, first=1))
    elif where == "a second line":
        ran = audit(deep_export(tmp_path, first=2))
    elif where == "--pauses":
        pauses = export(tmp_path, PAUSE + b"}\n" + deep_line(PAUSE), "pauses.jsonl")
        ran = audit("--pauses", pauses, export(tmp_path, HEADER + rows(3)))
    else:
        ran = run("check", "--today", "2026-11-23", "--history", deep_export(tmp_path), POLICY)
    line = 1 if where == "audit" else 2
    contained(ran, codes=(2,), says=f".jsonl:{line}: nests arrays and objects more than 64")


def test_json_nested_past_the_cap_stops_the_pytest_plugin_with_its_reason(tmp_path: Path) -> None:
    tickets = deep_export(tmp_path)
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", POLICY, "--tickets", tickets]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's plugin, not another's
    done = subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env
    )
    assert done.returncode > 0, done.stdout[-2000:]  # not a signal
    assert "nests arrays and objects more than 64 levels deep" in done.stdout


# --- Parquet columns of odd types -------------------------------------------------------------

CANONICAL = {
    "ticket_id": pa.array(["T1", "T2", "T3"]),
    "channel": pa.array(["email", "email", "phone"]),
    "priority": pa.array(["normal", "high", "low"]),
    "created_at": pa.array(["2026-05-01T09:00:00Z"] * 3),
    "first_response_at": pa.array(["2026-05-01T09:30:00Z"] * 3),
    "resolved_at": pa.array(["2026-05-01T12:00:00Z"] * 3),
    "is_complaint": pa.array([False, True, False]),
}
NOT_UTF8 = [b"T1", b"T\xff", b"T3"]


def text_unchecked(values: list[bytes]) -> pa.Array:
    """A text column holding what bytes it is given, as a Parquet writer may store them."""
    offsets = pa.array([0, *itertools.accumulate(map(len, values))], pa.int32()).buffers()[1]
    return pa.Array.from_buffers(
        pa.string(), len(values), [None, offsets, pa.py_buffer(b"".join(values))]
    )


ODD: dict[str, tuple[str, pa.Array, str]] = {
    "text, not UTF-8": (
        "channel",
        text_unchecked([b"email", b"ph\xffne", b"chat"]),
        "row 2, column 'channel' holds bytes that are not UTF-8 text (byte 0xff)",
    ),
    "binary, not UTF-8": (
        "ticket_id",
        pa.array(NOT_UTF8, pa.binary()),
        "row 2, column 'ticket_id' holds bytes that are not UTF-8 text (byte 0xff)",
    ),
    "large binary": (
        "channel",
        pa.array([b"email", b"\xfe", b"x"], pa.large_binary()),
        "row 2, column 'channel' holds bytes that are not UTF-8",
    ),
    "fixed-size binary": (
        "priority",
        pa.array([b"lo", b"\xff\xff", b"hi"], pa.binary(2)),
        "row 2, column 'priority' holds bytes that are not UTF-8",
    ),
    "a dictionary of binary": (
        "created_at",
        pa.array([b"2026", b"\xff", b"2026"], pa.binary()).dictionary_encode(),
        "row 2, column 'created_at' holds bytes that are not UTF-8",
    ),
    "a list": (
        "ticket_id",
        pa.array([["T1"], ["T2", "T3"], []]),
        "column 'ticket_id' holds list<element: string> values",
    ),
    "a list of lists": (
        "resolved_at",
        pa.array([[["x"]], [], None], pa.list_(pa.list_(pa.string()))),
        "column 'resolved_at' holds list<element: list<element: string>> values",
    ),
    "a map": (
        "first_response_at",
        pa.array([[("k", "v")], [], None], pa.map_(pa.string(), pa.string())),
        "column 'first_response_at' holds map<string, string",
    ),
    "a list of structs": (
        "channel",
        pa.array([[{"a": "email"}], [], None], pa.list_(pa.struct([("a", pa.string())]))),
        "column 'channel' holds list<element: struct<a: string>> values",
    ),
    "a large list": (
        "is_complaint",
        pa.array([["x"], [], None], pa.large_list(pa.string())),
        "column 'is_complaint' holds large_list<element: string> values",
    ),
}


@pytest.mark.parametrize("case", ODD)
def test_a_parquet_column_of_an_odd_type_is_one_line_naming_it(tmp_path: Path, case: str) -> None:
    column, values, says = ODD[case]
    path = tmp_path / "tickets.parquet"
    pq.write_table(pa.table({**CANONICAL, column: values}), path)
    contained(audit(path), codes=(2,), says=says)


def test_a_json_id_that_is_a_list_is_one_line_naming_it(tmp_path: Path) -> None:
    body = b'{"ticket_id": ["T1"], "channel": "email", "created_at": "2026-05-01T09:00:00Z"}\n'
    ran = audit(export(tmp_path, body, "tickets.jsonl"))
    contained(ran, codes=(2,), says="column 'ticket_id' holds list<item: string> values")


def test_parquet_text_written_as_utf8_bytes_and_tags_as_bytes_are_read(tmp_path: Path) -> None:
    path = tmp_path / "tickets.parquet"
    table = {
        **CANONICAL,
        "ticket_id": pa.array([b"T1", b"T2", b"T3"], pa.binary()),
        "tags": pa.array([[b"complaint"], [], None], pa.large_list(pa.binary())),
    }
    pq.write_table(pa.table(table), path)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("format: 1\ncomplaint: {column: tags, tags: [complaint]}\n")
    ran = contained(audit("--format", "json", "--mapping", mapping, path), codes=(0, 1))
    assert json.loads(ran.out)["tickets"] == {"read": 3, "measured": 3, "rejected": 0}


def test_parquet_times_in_years_1_and_9999_are_rejected_rows(tmp_path: Path) -> None:
    # held on main already; kept here so that it stays held
    path = tmp_path / "tickets.parquet"
    times = [dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59), dt.datetime(2026, 5, 1)]
    pq.write_table(pa.table({**CANONICAL, "created_at": pa.array(times, pa.timestamp("us"))}), path)
    ran = contained(audit("--format", "json", path), codes=(1,))
    document = json.loads(ran.out)
    assert document["tickets"]["rejected"] == 2
    assert all("outside the years the audit counts" in r["reason"] for r in document["rejected"])


# --- audit's own messages: one line when it fails, and short ---------------------------------


def test_an_audit_whose_report_cannot_be_written_says_one_line(tmp_path: Path) -> None:
    report = tmp_path / "no such folder" / "report.json"
    ran = audit("--output", report, export(tmp_path, HEADER + rows(3)))
    contained(ran, codes=(2,), says="report.json: cannot be written")


def test_a_header_no_helpdesk_wrote_is_quoted_short(tmp_path: Path) -> None:
    header = ",".join(custom_fields(4_000, width=200)).encode() + b"\n"
    export(tmp_path, header + b"," * 3_999 + b"\n")
    ran = audit("tickets.csv", cwd=tmp_path)  # a name as CI gives it, relative
    contained(ran, codes=(2,), says="cannot tell which helpdesk wrote it from its header")
    assert "custom field 00006" not in ran.err and "…" in ran.err


def test_a_missing_column_a_mapping_names_at_length_is_quoted_short(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(f"format: 1\ncolumns:\n  ticket_id: {'Ticket number ' * 40}\n")
    export(tmp_path, HEADER + rows(3))
    ran = audit("--mapping", "mapping.yaml", "tickets.csv", cwd=tmp_path)
    contained(ran, codes=(2,), says="missing column ticket_id")
    assert "…" in ran.err


def test_a_long_column_name_in_a_question_about_dates_is_quoted_short(tmp_path: Path) -> None:
    name = "Created " * 40
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(f"format: 1\ncolumns:\n  created_at: {name}\n")
    header = HEADER.replace(b"created_at", name.encode())
    export(tmp_path, header + rows(3).replace(b"2026-05-01T09:00:00Z", b"03/02/2026 09:00", 1))
    ran = audit("--mapping", "mapping.yaml", "tickets.csv", cwd=tmp_path)
    contained(ran, codes=(2,), says="writes the day or the month first")
    assert "…" in ran.err
