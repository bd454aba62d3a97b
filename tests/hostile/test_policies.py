"""The policy side's hostile inputs, each through the real command (tests/hostile/harness.py).

Huge policies full of findings, policy paths that are not regular files, numbers and dates that
cannot be, odd documents given to `render --force`, folders that cannot be read or that link out
of the checked tree, rule packs whose messages would allocate without end.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hostile.harness import contained, run

TODAY = "2026-11-23"
HEAD = "format: 1\nid: hostile\ntitle: Hostile\n"
FORMATS = ("json", "sarif", "github", "junit", "gitlab")
MORE = "more vague-commitment findings in this file are not listed"


def test_a_policy_full_of_findings_is_checked_in_linear_time_and_listed_up_to_a_cap(
    tmp_path: Path,
) -> None:
    # 300 KB of vague words, 20,000 findings: placing each one by a walk from its scalar's start
    # took minutes; every format lists a thousand, and one more finding says how many were left
    policy = tmp_path / "vague.yaml"
    policy.write_text(HEAD + "purpose: " + "we answer asap " * 20_000 + "\n", encoding="utf-8")
    reports = [f"--report={name}={tmp_path / ('out.' + name)}" for name in FORMATS]
    ran = contained(run("check", "--today", TODAY, *reports, policy), codes=(1,), says=MORE)
    outputs = {name: (tmp_path / f"out.{name}").read_text(encoding="utf-8") for name in FORMATS}
    outputs["text"] = ran.out
    for name, output in outputs.items():
        assert output.count(MORE) == 1, name
        assert "19,000 more vague-commitment" in output, name
        assert output.count("promises speed without a number") <= 1_003, name  # SARIF's rules too
    vague = [f for f in json.loads(outputs["json"])["findings"] if f["code"] == "PL202"]
    assert len(vague) == 1_001


POLICY = ROOT / "policies" / "acme-en.yaml"
EXPORT = ROOT / "bench" / "samples" / "acme-tickets.csv"
NOT_REGULAR = {
    "a FIFO": "fifo",
    "/dev/zero": "/dev/zero",
    "/dev/urandom": "/dev/urandom",
    "a symlink to /dev/zero": "link:/dev/zero",
    "a symlink to a FIFO": "link:fifo",
}
COMMANDS: dict[str, Callable[[Path], tuple[str | Path, ...]]] = {
    "check": lambda p: ("check", "--today", TODAY, p),
    "render": lambda p: ("render", p),
    "render --force": lambda p: ("render", "--force", p),
    "audit": lambda p: ("audit", p, EXPORT),
    "diff, new": lambda p: ("diff", POLICY, p),
    "diff, old": lambda p: ("diff", p, POLICY),
}


def not_regular(kind: str, folder: Path) -> Path:
    """A policy path that is no regular file: a FIFO no one writes to, a device, a link to one."""
    fifo = folder / "fifo.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    target = kind.removeprefix("link:")
    path = fifo if target == "fifo" else Path(target)
    if kind.startswith("link:"):
        link = folder / "link.yaml"
        link.symlink_to(path)
        return link
    return path


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", NOT_REGULAR)
def test_a_policy_that_is_not_a_regular_file_is_refused_unread(
    kind: str, command: str, tmp_path: Path
) -> None:
    # a FIFO blocked until a writer came; /dev/zero was read until memory ran out
    path = not_regular(NOT_REGULAR[kind], tmp_path)
    if kind == "a symlink to /dev/zero":  # a link out of the checked tree is refused first
        says = f"{path}: a symbolic link leading out of {tmp_path}: refused"
    elif "fifo" in NOT_REGULAR[kind]:
        says = "is a FIFO (a named pipe), not a regular file"
    else:
        says = "is a character device, not a regular file"
    contained(run(*COMMANDS[command](path)), codes=(2,), says=says)


def acme(tmp_path: Path, old: str, new: str, name: str = "policy.yaml") -> Path:
    """The example policy with one edit, written to the test's folder."""
    text = POLICY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


NOT_A_NUMBER = {
    "goal .nan": ("goal: 95%", "goal: .nan", "92:11 PL204 `nan`"),
    "goal .NaN": ("goal: 95%", "goal: .NaN", "92:11 PL204 `nan`"),
    "goal .inf": ("goal: 95%", "goal: .inf", "92:11 PL204 `inf`"),
    "goal -.inf": ("goal: 95%", "goal: -.Inf", "92:11 PL204 `-inf`"),
    "max .nan": ("max: 5%", "max: .nan", "111:10 PL204 `nan`"),
}


@pytest.mark.parametrize("case", NOT_A_NUMBER)
def test_a_goal_that_is_not_a_number_is_a_finding_and_no_command_crashes_on_it(
    case: str, tmp_path: Path
) -> None:
    # `.nan` compared false with both bounds of PL204 and passed; render and audit then crashed
    old, new, finding = NOT_A_NUMBER[case]
    policy = acme(tmp_path, old, new)
    place, code, value = finding.split(" ")
    said = f"{place}: {code} [error] {value} is outside (0 %, 100 %]"
    contained(run("check", "--today", TODAY, policy), codes=(1,), says=said)
    contained(run("check", "--today", TODAY, "--history", EXPORT, policy), codes=(1,), says=said)
    contained(run("render", "--today", TODAY, policy), codes=(2,), says=finding)
    contained(run("audit", "--today", TODAY, policy, EXPORT), codes=(2,), says=finding)
    forced = contained(run("render", "--force", policy), codes=(0,))
    assert f"{value.strip('`')} %" in forced.out  # rendered as written, not as a number


DIGITS = "9" * 5_000  # past Python's 4,300 digits for reading or printing an int
TOO_LARGE = {
    "decimal": DIGITS,
    "negative": "-" + DIGITS,
    "hexadecimal": "0x" + "f" * 5_000,  # read in linear time, then no message could print it
    "tagged !!int": f"!!int '{DIGITS}'",
    "!!float of an int no float holds": "!!float 1" + "0" * 400,
    "no float holds it": "1" + "0" * 400,
}


@pytest.mark.parametrize("case", TOO_LARGE)
def test_a_number_too_large_for_a_policy_is_a_finding_where_it_stands(
    case: str, tmp_path: Path
) -> None:
    # int() refused 4,300 digits and float() 10^309: check, render, diff and audit crashed
    policy = acme(tmp_path, "goal: 95%", f"goal: {TOO_LARGE[case]}")
    said = "is a number too large for a policy (more than 300 digits)"
    ran = contained(run("check", "--today", TODAY, policy), codes=(1,), says="92:11: PL100")
    assert said in ran.out
    assert "PL102" not in ran.out  # the one problem is said once
    contained(run("check", "--format", "json", "--today", TODAY, policy), codes=(1,), says=said)
    contained(run("render", "--force", policy), codes=(0,))
    contained(run("render", policy), codes=(2,), says=said)
    contained(run("audit", "--today", TODAY, policy, EXPORT), codes=(2,), says=said)
    contained(run("diff", POLICY, policy), codes=(2,), says=said)


LONG_DURATIONS = {
    "hours no float holds": ("within: 8h", "within: " + "9" * 400 + "h", "90:13"),
    "ISO days past any date": ("within: 8h", "within: P99999999999999999999D", "90:13"),
    "years past any date": ("interval: 12 months", "interval: " + "9" * 400 + " years", "16:13"),
}


@pytest.mark.parametrize("case", LONG_DURATIONS)
def test_a_duration_longer_than_any_promise_is_a_finding(case: str, tmp_path: Path) -> None:
    # 400 digits of hours read as an infinite float, and int() of it crashed; 10^20 days
    # overflowed the audit's integers
    old, new, place = LONG_DURATIONS[case]
    policy = acme(tmp_path, old, new)
    said = f"{place}: PL103 [error]"
    contained(run("check", "--today", TODAY, policy), codes=(1,), says=said)
    contained(run("check", "--today", TODAY, "--history", EXPORT, policy), codes=(1,), says=said)
    contained(run("render", "--force", policy), codes=(0,))
    assert "1,000 years at most" in run("check", "--today", TODAY, policy).out


def test_a_ring_count_of_thousands_of_digits_is_no_crash(tmp_path: Path) -> None:
    policy = acme(tmp_path, "within: 8h", f"within: {DIGITS} rings")
    contained(run("check", "--today", TODAY, policy), codes=(1,), says="90:13: PL102")


NOBODY = 65534


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder that the user `nobody` may enter, for the cases that need permissions to hold:
    root reads every folder whatever its mode, so those cases run the command as `nobody`."""
    folder = Path(tempfile.mkdtemp(prefix="policy-lint-hostile-"))
    folder.chmod(0o755)
    yield folder
    for path in (folder, *folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.fixture
def unprivileged(monkeypatch: pytest.MonkeyPatch, shared_folder: Path) -> None:
    """Run the command as `nobody` when the tests run as root, through setpriv (the harness's
    caps kept): root reads every folder whatever its mode."""
    if os.geteuid() != 0:
        return  # another user already meets the folders' permissions
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root reads every folder, and setpriv is not here to run as nobody")
    wrapper = shared_folder / "as-nobody"
    ids = f"--reuid={NOBODY} --regid={NOBODY} --clear-groups"
    python = shlex.quote(sys.executable)
    wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(setpriv)} {ids} {python} "$@"\n')
    wrapper.chmod(0o755)
    probe = subprocess.run(
        [wrapper, "-c", "import policy_lint.cli"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip(f"the user nobody cannot run this Python: {probe.stderr[-200:]!r}")
    monkeypatch.setattr(sys, "executable", str(wrapper))


@pytest.mark.usefixtures("unprivileged")
@pytest.mark.parametrize("command", ["check", "render", "audit"])
def test_a_policy_under_a_folder_that_cannot_be_entered_is_one_line(
    command: str, shared_folder: Path
) -> None:
    # Path.is_dir() raised PermissionError: `internal error` (render --force, which reads the
    # file without looking for it first, said `cannot be read` already)
    closed = shared_folder / "closed"
    closed.mkdir()
    policy = closed / "policy.yaml"
    policy.write_text(POLICY.read_text(encoding="utf-8"), encoding="utf-8")
    closed.chmod(0o666)  # its names can be listed, but it cannot be entered
    args = {
        "check": ("check", "--today", TODAY, policy),
        "render": ("render", policy),
        "audit": ("audit", policy, EXPORT),
    }[command]
    says = f"{policy}: cannot be reached: a folder on its path cannot be entered"
    contained(run(*args), codes=(2,), says=says)


@pytest.mark.usefixtures("unprivileged")
def test_a_folder_that_cannot_be_read_is_named_not_skipped(shared_folder: Path) -> None:
    # check DIR skipped it and said "no findings"
    (shared_folder / "open.yaml").write_text(POLICY.read_text(encoding="utf-8"), encoding="utf-8")
    locked = shared_folder / "locked"
    locked.mkdir()
    (locked / "hidden.yaml").write_text("format: 1\n", encoding="utf-8")
    locked.chmod(0o300)
    says = f"{locked}: a folder that cannot be read (Permission denied)"
    contained(run("check", "--today", TODAY, shared_folder), codes=(2,), says=says)


@pytest.mark.usefixtures("unprivileged")
def test_init_into_a_folder_that_cannot_be_entered_is_one_line(shared_folder: Path) -> None:
    closed = shared_folder / "closed"
    closed.mkdir()
    closed.chmod(0o666)
    target = closed / "new.yaml"
    ran = run("init", "--company", "Acme", "-o", target)
    contained(ran, codes=(2,), says=f"{target}: cannot be written (Permission denied)")
    contained(run("init", "--company", "Acme", "-o", shared_folder), codes=(2,))


SECRET = "ghp_0123456789abcdefSECRET"


def policy_tree(root: Path) -> tuple[Path, Path]:
    """A repository (`.git`) with a folder of policies, and a credentials file outside it."""
    repo, outside = root / "repo", root / "outside"
    (repo / ".git").mkdir(parents=True)
    (repo / "policies").mkdir()
    outside.mkdir()
    (outside / "hosts.yml").write_text(f"github.com:\n  oauth_token: {SECRET}\n", encoding="utf-8")
    return repo, outside


def test_a_symlinked_folder_inside_the_tree_is_checked_once_and_loops_end(tmp_path: Path) -> None:
    # rglob did not follow the link: the only policy, behind it, went unchecked ("no findings")
    policies = tmp_path / "policies"
    (policies / ".v2").mkdir(parents=True)
    (policies / ".v2" / "acme.yaml").write_text(
        POLICY.read_text(encoding="utf-8").replace("goal: 95%", "goal: 120%", 1), encoding="utf-8"
    )
    (policies / "current").symlink_to(".v2")
    (policies / "loop").symlink_to(".")
    (policies / ".v2" / "up").symlink_to("..")
    ran = contained(run("check", "--today", TODAY, "--format", "json", policies), codes=(1,))
    report = json.loads(ran.out)
    assert report["summary"]["files"] == 1
    assert {f["path"] for f in report["findings"]} == {f"{policies.as_posix()}/current/acme.yaml"}


OUTBOUND = {
    "a policy linked to a file outside": ("policies/team.yaml", "../../outside/hosts.yml"),
    "a folder linked outside": ("policies/shared", "../../outside"),
    "the checked folder itself linked outside": ("policies", None),
}


@pytest.mark.parametrize("case", OUTBOUND)
def test_a_symlink_leaving_the_checked_tree_is_refused_by_name_and_never_read(
    case: str, tmp_path: Path
) -> None:
    # the target was read and its keys and values quoted into findings
    repo, outside = policy_tree(tmp_path)
    name, target = OUTBOUND[case]
    link = repo / name
    if target is None:
        (repo / "policies").rmdir()
        link.symlink_to(outside)
    else:
        link.symlink_to(target)
    ran = contained(
        run("check", "--today", TODAY, "policies", cwd=repo), codes=(2,), says=f"{name}: "
    )
    assert "symbolic link leading out of" in ran.err
    assert SECRET not in ran.out + ran.err
    assert "outside" not in ran.err and "hosts" not in ran.err  # its target is not named either


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--today", TODAY, "policies/team.yaml"),
        ("render", "--force", "policies/team.yaml"),
        ("audit", "policies/team.yaml", EXPORT),
        ("diff", POLICY, "policies/team.yaml"),
    ],
)
def test_a_policy_named_directly_that_links_out_of_its_repository_is_refused(
    args: tuple[str | Path, ...], tmp_path: Path
) -> None:
    # as pre-commit names changed files: the link's target was read as a policy
    repo, _ = policy_tree(tmp_path)
    (repo / "policies" / "team.yaml").symlink_to("../../outside/hosts.yml")
    says = f"policies/team.yaml: a symbolic link leading out of {repo}: refused"
    ran = contained(run(*args, cwd=repo), codes=(2,), says=says)
    assert SECRET not in ran.out + ran.err


NOTHING_TO_RENDER = {
    "an empty file": ("", "found nothing"),
    "only a comment": ("# a policy, one day\n", "found nothing"),
    "null": ("~\n", "found nothing"),
    "a list": ("- format: 1\n- id: x\n", "found a list"),
    "a scalar": ("just words\n", "found `just words`"),
    "broken YAML": ("a: [\n", ":2:1: cannot be read: YAML syntax"),
}


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize("case", NOTHING_TO_RENDER)
def test_render_force_on_a_document_that_is_no_mapping_says_so_in_one_line(
    case: str, fmt: str, tmp_path: Path
) -> None:
    # build_page called .get on None, a list or a string: `internal error`
    text, says = NOTHING_TO_RENDER[case]
    policy = tmp_path / "odd.yaml"
    policy.write_text(text, encoding="utf-8")
    ran = run("render", "--force", "--format", fmt, policy)
    contained(ran, codes=(2,), says=says)
    if "YAML" not in says:
        assert f"{policy}: nothing to render: a policy is a mapping" in ran.err


@pytest.mark.parametrize(
    "odd",
    [
        "feedback: {owner: Kim, review: [weekly], methods: [{type: survey, when: [1]}]}",
        "complaints: {escalation_level: 1, review: {every: week}}",
        "service_levels: [{id: a, metric: first_response, channel: email, within: 8h,"
        " priority: [[low], {a: 1}]}]",
    ],
)
def test_render_force_reads_a_list_where_a_name_belongs_as_no_name(
    odd: str, tmp_path: Path
) -> None:
    # a cadence or priority looked up with a list or a mapping: `unhashable type`
    policy = tmp_path / "odd.yaml"
    policy.write_text(f"title: Odd\n{odd}\n", encoding="utf-8")
    for fmt in ("markdown", "html"):
        ran = contained(run("render", "--force", "--format", fmt, policy), codes=(0,))
        assert "Odd" in ran.out


IMPOSSIBLE_DATES = {
    "last_reviewed, 30 February": (
        "last_reviewed: 2026-09-15",
        "last_reviewed: 2026-02-30",
        "15:18: PL102 [error] `last_reviewed`: `2026-02-30` is no date: February 2026 has 28 days",
    ),
    "last_reviewed, year 0": (
        "last_reviewed: 2026-09-15",
        "last_reviewed: 0000-01-01",
        "15:18: PL102 [error] `last_reviewed`: `0000-01-01` is no date: the calendar starts",
    ),
    "effective": ("effective: 2026-10-01", "effective: 2026-04-31", "12:12: PL102"),
    "a changelog date": ("  - date: 2025-09-01", "  - date: 2025-02-29", "23:11: PL102"),
    "a holiday": ("    - 2026-04-03", "    - 2026-02-30", "48:7: PL102"),
    "a holiday range": ("    - 2027-06-23..2027-06-24", "    - 2027-06-23..2027-06-31", "61:7"),
    "a holiday range backwards": (
        "    - 2027-06-23..2027-06-24",
        "    - 2027-06-24..2027-06-23",
        "61:7: PL102 [error] item 16 of `holidays`: the range `2027-06-24..2027-06-23` ends",
    ),
    "a named holiday": (
        "{date: 2026-06-22, name: Day off moved from Saturday 27 June}",
        "{date: 2026-06-31, name: Midsummer eve}",
        "52:14: PL102 [error] `date`: `2026-06-31` is no date: June 2026 has 30 days",
    ),
}


@pytest.mark.parametrize("case", IMPOSSIBLE_DATES)
def test_a_date_no_calendar_has_is_a_finding_where_it_stands(case: str, tmp_path: Path) -> None:
    # the schema's pattern let 2026-02-30 by, and reading it as no date switched PL401/PL402
    # off; a holiday of 30 February crashed `audit` and `check --history`
    old, new, finding = IMPOSSIBLE_DATES[case]
    policy = acme(tmp_path, old, new)
    contained(run("check", "--today", TODAY, policy), codes=(1,), says=f"{policy}:{finding}")
    contained(run("check", "--today", TODAY, "--history", EXPORT, policy), codes=(1,), says="PL102")
    contained(run("audit", "--today", TODAY, policy, EXPORT), codes=(2,), says="PL102")
    contained(run("render", "--force", policy), codes=(0,))


@pytest.mark.parametrize("command", ["check", "render", "init"])
def test_a_today_past_year_9999s_arithmetic_is_one_line(command: str) -> None:
    # a horizon twelve months after 9999-12-31 raised `year 10000 is out of range`
    args = {"check": (POLICY,), "render": (POLICY,), "init": ("--company", "Acme")}[command]
    says = "--today '9999-12-31' is outside the years"
    contained(run(command, "--today", "9999-12-31", *args), codes=(2,), says=says)


@pytest.mark.parametrize(
    ("text", "place", "code"),
    [
        ('format: 1\nid: x\ntitle: "T\x01t"\n', "3:10", "U+0001"),
        ("format: 1\ntitle: Ātri un ļoti\nowner:\n  name: K\x07m\n", "4:10", "U+0007"),
        ("title: \x1b[31mred\n", "1:8", "U+001B"),  # a terminal escape
        ("title: 😀 x\x7f\n", "1:11", "U+007F"),
        ("title: x\ufffe\n", "1:9", "U+FFFE"),
    ],
)
def test_a_control_character_is_placed_at_its_own_line_and_column(
    text: str, place: str, code: str, tmp_path: Path
) -> None:
    # it was PL100 at 1:1, libyaml's `position 25` (in bytes) on a second line of the message
    policy = tmp_path / "control.yaml"
    policy.write_text(text, encoding="utf-8")
    ran = contained(run("check", "--today", TODAY, policy), codes=(1,))
    finding = f"{policy}:{place}: PL100 [error] character {code} is not allowed in YAML"
    assert ran.out.splitlines()[0].startswith(finding), ran.out
    assert len(ran.out.splitlines()) == 2  # the finding and the summary: one line each


TEMPLATES = {
    "a width of 1.5 billion": ("{word:>1500000000}", "`{word:>1500000000}` formats it"),
    "a conversion": ("{word!r} is banned", "`{word!r}` formats it"),
    "an attribute": ("{word.__class__.__mro__}", "is not one"),
    "an index": ("{word[0]}", "`{word[0]}` is not one"),
    "a position": ("{0} is banned", "`{0}` is not one"),
    "a nested spec": ("{word:{word}}", "`{word:{word}}` formats it"),
    "a lone brace": ("banned {word", "a brace that does not pair"),
}


@pytest.mark.parametrize("command", ["check", "rules", "explain", "test-rules"])
@pytest.mark.parametrize("case", TEMPLATES)
def test_a_rule_pack_message_that_is_more_than_plain_fields_is_refused_when_it_loads(
    case: str, command: str, tmp_path: Path
) -> None:
    # str.format_map ran the pack's template: `{word:>1500000000}` allocated 1.4 GB a finding
    template, says = TEMPLATES[case]
    pack = tmp_path / "pack"
    pack.mkdir()
    rule = pack / "ACME009-banned.yaml"
    rule.write_text(
        "code: ACME009\nname: banned-word\nseverity: error\nsummary: No banned words.\n"
        "reason: Banned.\ncheck: forbidden_words\nparams: {words: [asap]}\n"
        f"message: {json.dumps(template)}\n"
        "examples:\n  - {title: a banned word, policy: 'purpose: asap', expect: ['1:10']}\n"
        "  - {title: none, policy: 'purpose: soon', expect: []}\n",
        encoding="utf-8",
    )
    policy = acme(tmp_path, "purpose: ", "purpose: We answer asap. ")
    args = {
        "check": ("check", "--today", TODAY, "--rules", pack, policy),
        "rules": ("rules", "--rules", pack),
        "explain": ("explain", "--rules", pack, "ACME009"),
        "test-rules": ("test-rules", pack),
    }[command]
    ran = contained(run(*args), codes=(2,), says=f"{rule}:8:10: `message` ")
    assert says in ran.err
