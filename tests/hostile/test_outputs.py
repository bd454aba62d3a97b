"""One hostile corpus through every output format of every command, each output read by the rules
of what reads it in CI: a terminal's (no control character reaches it), the Actions runner's (no
line it would run as a workflow command), an XML parser's, a CommonMark renderer's (no raw HTML,
no link, no table cell split by a value), an HTML parser's, a JSON parser's (the value itself,
exactly).

The values come from where a pull request puts them: a policy's promise ids, revision, channels
and escalation owners, a policy file's name (one not even UTF-8), an export's name, ticket ids
and channel values. Every hostile file is made here, in `tmp_path`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from policy_lint.quoting import cut
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


class _EveryLink(MarkdownIt):
    """A renderer that makes every link a link, `javascript:` too, so that a test counts them."""

    def validateLink(self, url: str) -> bool:
        return True


def markdown_inert(text: str) -> None:
    """Read as CommonMark with GFM tables: no raw HTML, no link or image of any scheme, each
    table row as many cells as its header; as the Action tees it into the log, terminal-safe."""
    terminal_safe(text)
    reader = _EveryLink("commonmark").enable(["table", "strikethrough"])
    kinds = {token.type for token in _walk(reader.parse(text))}
    assert not kinds & {"html_inline", "html_block", "link_open", "image"}, kinds
    header: int | None = None
    for line in text.split("\n"):
        if not line.startswith("|"):
            header = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))  # a pipe after a backslash splits nothing
        header = cells if header is None else header
        assert cells == header, line


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


def xml_clean(text: str) -> ET.Element:
    """Parsed by expat, which refuses what XML 1.0 forbids; every text and attribute printable."""
    root = ET.fromstring(text.encode("utf-8"))
    for element in root.iter():
        for value in (element.text, element.tail, *element.attrib.values()):
            assert not CONTROL.search(value or ""), repr(value)
    terminal_safe(text)
    return root


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += attrs


HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "span",
             "p", "table", "tr", "th", "td", "a", "code", "section", "svg", "rect", "line",
             "text"}  # fmt: skip


def html_inert(text: str) -> None:
    """Only the report's own tags, no event handler, no link out of the page; terminal-safe."""
    parser = _Tags()
    parser.feed(text)
    assert parser.tags <= HTML_TAGS, parser.tags - HTML_TAGS
    assert not [name for name, _ in parser.attributes if name.startswith("on")]
    assert all(
        value.startswith("#") for name, value in parser.attributes if name == "href" and value
    )
    terminal_safe(text)


def json_clean(text: str) -> Any:
    """Printable, no runner command, and JSON."""
    assert not CONTROL.search(text), repr(CONTROL.search(text))
    assert "##[" not in text
    return json.loads(text)


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


def test_check_json_sarif_and_gitlab_carry_each_value_exactly(
    policies: Path, tmp_path: Path
) -> None:
    sarif, gitlab = tmp_path / "out.sarif", tmp_path / "out.gitlab"
    done = ran("check", *TODAY, "--format", "json", f"--report=sarif={sarif}",
               f"--report=gitlab={gitlab}", policies, cwd=tmp_path)  # fmt: skip
    names = {os.fsdecode(os.fsencode(policies) + b"/" + name) for name in FILE_NAMES}
    findings = json_clean(done.out)["findings"]
    assert {finding["path"] for finding in findings} == names  # exact, the lone surrogate too
    quoted = [finding["message"] for finding in findings if finding["code"] == "PL102"]
    # a message quotes a value as every message does: on one line, escaped, cut (quoting.cut)
    assert all(any(cut(piece)[:20] in message for message in quoted) for piece in PIECES)
    results = json_clean(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    where = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in results
    }
    assert where == {f"file://{name}" for name in names}
    issues = json_clean(gitlab.read_text(encoding="utf-8"))
    assert {issue["location"]["path"] for issue in issues} == names


def test_check_junit_is_xml_a_parser_reads(policies: Path, tmp_path: Path) -> None:
    done = ran("check", *TODAY, "--format", "junit", policies, cwd=tmp_path)
    suites = xml_clean(done.out).findall("testsuite")
    assert len(suites) == len(FILE_NAMES)


def test_check_github_annotations_and_summary(policies: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    done = ran("check", *TODAY, "--format", "github", policies, cwd=tmp_path,
               env={"GITHUB_STEP_SUMMARY": str(summary)})  # fmt: skip
    terminal_safe(done.out, commands=True)
    assert "found `\\n::error file=x::pwned`" in done.out  # the line break written, not made
    markdown_inert(summary.read_text(encoding="utf-8"))


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


def test_audit_json_carries_each_value_exactly(audited: tuple[Path, Path], tmp_path: Path) -> None:
    document = json_clean(audit("json", audited, tmp_path).out)
    assert document["revision"] == REVISION
    worst = next(r for r in document["results"] if r["id"] == "email-first-response")["worst"]
    assert {ticket["ticket_id"] for ticket in worst} == set(TICKETS)
    assert {ticket["file"] for ticket in worst} == {str(audited[1])}


def test_audit_junit_is_xml_a_parser_reads(audited: tuple[Path, Path], tmp_path: Path) -> None:
    root = xml_clean(audit("junit", audited, tmp_path).out)
    failure = root.find(".//testcase[@name='email-first-response']/failure")
    assert failure is not None and "\\x1b]0;pwned\\x07" in failure.get("message", "")


def test_audit_html_holds_only_its_own_tags(audited: tuple[Path, Path], tmp_path: Path) -> None:
    html_inert(audit("html", audited, tmp_path).out)


def test_audit_markdown_renders_no_value_as_markdown(
    audited: tuple[Path, Path], tmp_path: Path
) -> None:
    markdown_inert(audit("markdown", audited, tmp_path).out)


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


def test_diff_json_carries_each_value_exactly(tmp_path: Path) -> None:
    changes = json_clean(diff("json", tmp_path).out)["changes"]
    assert {f"channel {cut(piece)}" for piece in PIECES} <= {c["subject"] for c in changes}


def test_diff_markdown_renders_no_value_as_markdown(tmp_path: Path) -> None:
    markdown_inert(diff("markdown", tmp_path).out)


# --- stderr: one line, whatever the message quotes ------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("check", "none\n::error file=x::pwned\x1b]0;t\x07/" + "y/" * 1000 + "x.yaml"),
        ("diff", "--git", "\n::error::pwned\x1b]0;t\x07" + "r" * 2000),
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
