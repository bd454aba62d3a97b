"""One hostile corpus through the text output of every command, and its stderr, each read by the
rules of what reads it in CI: a terminal's (no control character reaches it) and the Actions
runner's (no line it would run as a workflow command).

The values come from where a pull request puts them: a policy's promise ids, revision, channels
and escalation owners, a policy file's name (one not even UTF-8), an export's name, ticket ids
and channel values. Every hostile file is made here, in `tmp_path`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hostile.harness import LINE, Ran, contained, run

PIECES = (
    "\x1b]0;pwned\x07",  # OSC: retitles the terminal
    "\x1b[2J",  # CSI: clears it
    "\x9b31m\x85\x7f",  # the C1 CSI, the C1 next line, DEL
    "\n::error file=x::pwned",  # a line of its own that the runner would run
    "\r\n::add-mask::x",
    "##[error]legacy",  # the runner's older form, obeyed anywhere in a line
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
    "``` `<img src=y onerror=alert(2)>` ``",  # HTML behind backticks that would close a span
    "%0A::warning::encoded",
    "\u202eevil\u2028",  # a bidirectional override, a Unicode line separator
    "\x00nul |pipe|",
)
TODAY = ("--today", "2026-11-23")

# what no line of a report may hold: C0 but tab, DEL, C1, bidirectional controls, the Unicode
# line separators, surrogates, and U+FFFD, which stands for output that was not UTF-8
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffd]"
)
COMMAND = re.compile(
    r"::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+,title=[^,:]*::[^\n]*"
)  # one annotation: no raw `,` or `:` in a property, which would end it early


def terminal_safe(text: str, *, commands: bool = False) -> None:
    """No line holds a control character or the runner's older command; none starts, after its
    blanks, with `::`, unless `commands` says the lines are annotations, each well formed."""
    for number, line in enumerate(text.split("\n"), 1):
        shown = f"line {number}: {line!r}"
        assert not CONTROL.search(line), shown
        assert "##[" not in line, shown
        if commands and line:
            assert COMMAND.fullmatch(line), shown
        else:
            assert not line.lstrip().startswith("::"), shown


def ran(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> Ran:
    """The command, contained; what it says on stderr terminal-safe as well."""
    done = contained(run(*args, cwd=cwd, env=env), codes=(1,))
    terminal_safe(done.err)
    return done


# --- check: promise ids and file names -----------------------------------------------------


def hostile_policy(ids: tuple[str, ...]) -> str:
    """A policy whose promise ids are the pieces (JSON strings are YAML double-quoted scalars)."""
    levels = "".join(
        f"  - id: {json.dumps(level)}\n    channel: email\n    metric: first_response\n"
        "    within: 8h\n    clock: calendar\n    goal: 95%\n"
        for level in ids
    )
    return (
        "format: 1\nid: hostile\ntitle: Hostile\n"
        f"channels:\n  email: {{address: a@b.example, hours: 24/7}}\nservice_levels:\n{levels}"
    )


FILE_NAMES = (
    "\x1b]0;t\x07\n::error file=x::pwned ##[error]n %0A\u202e\x9b.yaml".encode(),
    b"<img src=x onerror=alert(1)> ``` `<img src=y onerror=alert(2)>` `` |p| [l](javascript:).yaml",
    b"\xff\xfe not utf-8.yaml",
)  # fmt: skip


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    folder = tmp_path / "policies"
    folder.mkdir()
    for name in FILE_NAMES:
        with open(os.fsencode(folder) + b"/" + name, "w", encoding="utf-8") as file:
            file.write(hostile_policy(PIECES))
    return folder


def test_check_text_shows_each_value_escaped_on_its_own_line(policies: Path) -> None:
    done = ran("check", *TODAY, "--select", "PL102", policies, cwd=policies)
    terminal_safe(done.out)
    lines = done.out.splitlines()
    assert len(lines) == len(PIECES) * len(FILE_NAMES) + 1  # a finding a line, then the summary
    assert "\\x1b]0;t\\x07\\n::error file=x::pwned ##\\x5berror]n" in done.out
    assert "\\xff\\xfe not utf-8.yaml:" in done.out


# --- audit: the revision, the export's name, ticket ids and channel values ----------------------

REVISION = "4.1\x1b]0;r\x07\n::error::rev\x9b2J\u202e `r` | %0A"  # no `[…]`: that is PL201's
TICKETS = (
    "\x1b]0;pwned\x07\x1b[2J\x9b31m\x85\x7f\u202e\u2028\x00 |pipe|",
    "a\n::error file=x::pwned\r\n::add-mask::x ##[error]legacy %0A::warning::enc",
    "<script>alert(1)</script><img src=x onerror=alert(1)>[link](javascript:alert(1))",
    "``` `<img src=y onerror=alert(2)>` ``",
)
EXPORT_NAME = "\x1b]0;e\x07\n::error::e ##[error]e <img src=x onerror=alert(1)> `e`.jsonl"


def _row(ticket: str, channel: str, answered: str | None) -> str:
    return json.dumps({
        "ticket_id": ticket, "channel": channel, "priority": "normal",
        "created_at": "2026-03-02T09:00:00Z", "first_response_at": answered,
        "resolved_at": None, "acknowledged_at": None, "is_complaint": False,
    })  # fmt: skip


@pytest.fixture
def audited(tmp_path: Path) -> tuple[Path, Path]:
    """acme-en with a hostile revision; an export whose breached tickets and unknown channels are
    hostile, under a hostile name."""
    policy = tmp_path / "policy.yaml"
    text = (ROOT / "policies" / "acme-en.yaml").read_text(encoding="utf-8")
    policy.write_text(text.replace('revision: "4.1"', f"revision: {json.dumps(REVISION)}"))
    rows = [_row(ticket, "email", "2026-03-06T09:00:00Z") for ticket in TICKETS]
    rows += [_row(f"U{number}", piece, None) for number, piece in enumerate(PIECES)]
    export = tmp_path / EXPORT_NAME
    export.write_text("".join(row + "\n" for row in rows), encoding="utf-8")
    return policy, export


def audit(fmt: str, audited: tuple[Path, Path], tmp_path: Path) -> Ran:
    policy, export = audited
    done = ran("audit", *TODAY, "--format", fmt, policy, export, cwd=tmp_path)
    assert "read as a canonical export" in done.err  # its one line names the export, escaped
    return done


def test_audit_text(audited: tuple[Path, Path], tmp_path: Path) -> None:
    done = audit("text", audited, tmp_path)
    terminal_safe(done.out)
    assert "\\x1b]0;pwned\\x07" in done.out and "a\\n::error file=x::pwned" in done.out


# --- diff: promise ids, channels, targets and owners no schema has vetted ----------------------


def diff_sides(folder: Path) -> tuple[Path, Path]:
    """Two sides of a change whose every subject and detail quotes the pieces."""
    ids = [json.dumps(piece) for piece in PIECES]
    old = (
        "channels:\n" + "".join(f"  {key}: {{}}\n" for key in ids)
        + "service_levels:\n" + "".join(
            f"  - {{id: {key}, channel: {key}, metric: first_response, within: {key}, "
            f"clock: calendar, goal: {key}}}\n" for key in ids
        )
        + "escalation:\n  matrix:\n" + "".join(
            f"    - {{level: {number}, owner: {key}}}\n" for number, key in enumerate(ids)
        )
    )  # fmt: skip
    new = "service_levels:\n" + "".join(
        f"  - {{id: {key}, channel: any, metric: first_response, within: 8h, goal: 90%}}\n"
        for key in ids
    )
    (folder / "old.yaml").write_text(old, encoding="utf-8")
    (folder / "new.yaml").write_text(new, encoding="utf-8")
    return folder / "old.yaml", folder / "new.yaml"


def diff(fmt: str, tmp_path: Path) -> Ran:
    old, new = diff_sides(tmp_path)
    return ran("diff", "--format", fmt, "--fail-on", "any", old, new, cwd=tmp_path)


def test_diff_text(tmp_path: Path) -> None:
    done = diff("text", tmp_path)
    terminal_safe(done.out)
    assert done.out.count("\n") == 3 * len(PIECES) + 1  # a change a line, then the counts


# --- stderr: one line, whatever the message quotes ------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("check", "none\n::error file=x::pwned\x1b]0;t\x07/" + "y/" * 1000 + "x.yaml"),
        ("diff", "old\u202e\n::error::pwned.yaml", "new.yaml"),
        ("audit", str(ROOT / "policies" / "acme-en.yaml"), "\x9b2J\n::error::pwned.csv"),
    ],
)
def test_every_error_is_one_visible_line_under_the_cap(
    args: tuple[str, ...], tmp_path: Path
) -> None:
    done = contained(run(*args, cwd=tmp_path), codes=(2,))
    terminal_safe(done.err)
    assert len(done.err.rstrip("\n")) <= LINE
    assert "\\n::error" in done.err
