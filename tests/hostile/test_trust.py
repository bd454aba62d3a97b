"""The trust boundary around a pull request's files, through the real command.

A pull request controls every file of the checked repository: policies, `.policy-lint.yaml`, rule
packs, mapping files, exports. It must not get a token or a file from outside the tree printed
into the CI log (a value quoted in a message is cut to 80 characters), nor run code, nor read
outside its repository, nor hang the job. Each case builds its hostile files in `tmp_path`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.hostile.harness import Ran, contained, run

TODAY = ("--today", "2026-11-23")
POLICY = ROOT / "policies" / "acme-en.yaml"
EXPORT = ROOT / "bench" / "samples" / "acme-tickets.csv"
RULE = (ROOT / "tests" / "data" / "pack" / "ACME002-goal-floor.yaml").read_text(encoding="utf-8")


def token(n: int = 300, digits: bool = False) -> str:
    """A value no message may quote whole: `n` characters in which every 81 are unique."""
    alphabet = "123456789" if digits else "abcdefghijklmnopqrstuvwxyz0123456789"
    start = "" if digits else "ghp_"
    return start + "".join(alphabet[i * 7 % len(alphabet)] for i in range(n))


def shows(text: str, value: str) -> bool:
    """Whether `text` quotes more than 80 characters of `value` in one piece."""
    return any(value[i : i + 81] in text for i in range(len(value) - 80))


def test_a_rule_file_that_is_a_token_is_refused_without_showing_it(tmp_path: Path) -> None:
    secret = token()
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "stolen.yaml").write_text(secret + "\n")
    ran = contained(run("check", *TODAY, "--rules", pack, POLICY), codes=(2,), says="found text")
    assert secret[:20] not in ran.err


def test_a_configuration_quotes_at_most_80_characters(tmp_path: Path) -> None:
    secret = token()
    config = tmp_path / ".policy-lint.yaml"
    for text in (f"fail_level: {secret}\n", f"{secret}: 1\n", f"plugins: [{secret}]\n"):
        config.write_text(text)
        ran = contained(run("check", *TODAY, "--config", config, POLICY), codes=(2,))
        assert not shows(ran.err, secret) and secret[:40] in ran.err, text[:20]


def test_a_policy_quotes_at_most_80_characters_of_any_value(tmp_path: Path) -> None:
    secret, number = token(), token(digits=True)
    text = POLICY.read_text(encoding="utf-8")
    for old, new in (
        ("mission:", f"{secret}:"),  # an unknown key (PL102)
        ("channel: email", f"channel: {secret}"),  # a channel not declared (PL106)
        ("timezone: Europe/Riga", f"timezone: {secret}"),  # not a zone (PL104)
        ("within: 8h", f"within: {secret}"),  # not a duration (PL103)
        ("goal: 95%", f"goal: {number}"),  # out of range (PL204, a rule of data)
    ):
        assert old in text
        text = text.replace(old, new, 1)
    policy = tmp_path / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    ran = contained(run("check", *TODAY, policy), codes=(1,))
    assert ran.out.count(secret[:40]) >= 4 and number[:40] in ran.out
    assert not shows(ran.out, secret) and not shows(ran.out, number)


def test_a_policy_that_is_one_value_is_not_shown(tmp_path: Path) -> None:
    secret = token()
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"GITHUB_TOKEN={secret}\n")  # what a symlink to an .env file reads
    ran = contained(run("check", *TODAY, policy), codes=(1,), says="found text")
    assert secret[:20] not in ran.out


def test_an_export_cell_and_header_are_quoted_cut(tmp_path: Path) -> None:
    secret = token()
    lines = EXPORT.read_text().splitlines()[:30]
    cells = lines[3].split(",")
    cells[1] = f'"{secret}"'  # the channel of the third ticket
    lines[3] = ",".join(cells)
    export = tmp_path / "tickets.csv"
    export.write_text("\n".join(lines) + "\n")
    for fmt in ("text", "json"):
        ran = contained(run("audit", *TODAY, "--format", fmt, POLICY, export), codes=(1,))
        assert secret[:40] in ran.out and not shows(ran.out, secret), fmt
    lines[0] = lines[0].replace('"channel"', f'"{secret}"')
    export.write_text("\n".join(lines) + "\n")
    ran = run("audit", *TODAY, POLICY, export.name, cwd=tmp_path)
    contained(ran, codes=(2,), says="cannot tell which helpdesk wrote it from its header")
    assert secret[:19] + "…" in ran.err and not shows(ran.err, secret)  # a header's names: 20
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(f"columns: {{channel: '{secret}x'}}\n")
    ran = run("audit", *TODAY, "--mapping", mapping.name, POLICY, export.name, cwd=tmp_path)
    contained(ran, codes=(2,), says="missing column channel")
    assert secret[:39] + "…" in ran.err and not shows(ran.err, secret)  # an export's name: 40


def test_a_mapping_zone_too_long_for_a_file_name_is_one_line(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(f"timezone: {token()}\n")
    contained(
        run("audit", *TODAY, "--mapping", mapping, POLICY, EXPORT),
        codes=(2,),
        says="is not an IANA time zone name",
    )


@pytest.mark.parametrize(
    ("option", "target", "says"),
    [
        ("--config", "fifo", "is a FIFO (a named pipe), not a regular file"),
        ("--config", "/dev/zero", "is a character device, not a regular file"),
        ("--config", "big", "is larger than 1 MB"),
        ("--mapping", "/dev/urandom", "is a character device, not a regular file"),
        ("--mapping", "fifo", "is a FIFO (a named pipe), not a regular file"),
    ],
)
def test_a_settings_file_that_is_no_regular_file_is_one_line(
    tmp_path: Path, option: str, target: str, says: str
) -> None:
    path = Path(target) if target.startswith("/dev/") else tmp_path / "settings.yaml"
    if target == "fifo":
        os.mkfifo(path)
    elif target == "big":
        path.write_text("# " + "x" * 1_000_000 + "\n")
    command = ("check", POLICY) if option == "--config" else ("audit", POLICY, EXPORT)
    ran = run(command[0], *TODAY, option, path, *command[1:])
    contained(ran, codes=(2,), says=f"{path}: {says}")


def test_a_found_configuration_that_is_a_fifo_is_refused_not_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / ".policy-lint.yaml")
    ran = run("check", *TODAY, POLICY, cwd=tmp_path)
    contained(ran, codes=(2,), says=".policy-lint.yaml: is a FIFO (a named pipe)")


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ({"fifo.yaml": None}, "fifo.yaml: is a FIFO (a named pipe), not a regular file"),
        ({"big.yaml": 1_000_001}, "big.yaml: is larger than 1 MB"),
        ({f"r{n}.yaml": 1 for n in range(1_001)}, "holds at most 1,000 rule files"),
        ({f"r{n}.yaml": 900_000 for n in range(6)}, "hold at most 5 MB together"),
    ],
)
def test_a_rule_pack_is_read_with_caps(
    tmp_path: Path, files: dict[str, int | None], says: str
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    for name, size in files.items():
        if size is None:
            os.mkfifo(pack / name)
        else:  # a valid rule (a code of its own), padded to its size by a comment
            rule = RULE.replace("ACME002", f"ACME{len(list(pack.iterdir())):03}")
            rule = rule.replace("goal-floor", f"goal-floor-{name[:-5]}")
            (pack / name).write_text(rule + "#" * max(size - len(rule) - 1, 0) + "\n")
    contained(run("check", *TODAY, "--rules", pack, POLICY), codes=(2,), says=says)


def repository(tmp_path: Path, secret: str) -> Path:
    """A checked repository beside a folder outside it that holds a token in a rule file."""
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    (repo / ".git").mkdir(parents=True)
    outside.mkdir()
    (outside / "token.yaml").write_text(f"{secret}\n")
    (repo / "policy.yaml").write_text(POLICY.read_text(encoding="utf-8"), encoding="utf-8")
    return repo


@pytest.mark.parametrize("entry", ["ABSOLUTE", "../outside", "pack/../../outside", "link"])
def test_a_configuration_names_no_rule_pack_outside_its_repository(
    tmp_path: Path, entry: str
) -> None:
    secret = token()
    repo = repository(tmp_path, secret)
    (repo / "link").symlink_to(tmp_path / "outside")
    entry = entry.replace("ABSOLUTE", str(tmp_path / "outside"))
    (repo / ".policy-lint.yaml").write_text(f"rules: ['{entry}']\n")
    ran = run("check", *TODAY, "policy.yaml", cwd=repo)
    contained(ran, codes=(2,), says=f"rule pack '{entry}' leads outside {repo}")
    assert ".policy-lint.yaml:1:9:" in ran.err and secret[:20] not in ran.err


def test_a_symlink_in_a_rule_pack_may_not_leave_the_repository(tmp_path: Path) -> None:
    secret = token()
    repo = repository(tmp_path, secret)
    (repo / "pack").mkdir()
    (repo / "pack" / "ACME002.yaml").write_text(RULE)
    (repo / ".policy-lint.yaml").write_text("rules: [pack]\n")
    (repo / "shared.yaml").write_text(RULE.replace("ACME002", "ACME003").replace("floor", "fl"))
    (repo / "pack" / "ACME003.yaml").symlink_to(repo / "shared.yaml")  # inside: read
    (repo / "low.yaml").write_text("service_levels:\n  - id: email\n    goal: 75%\n")
    ran = contained(run("check", *TODAY, "--select", "ACME", "low.yaml", cwd=repo), codes=(0,))
    assert "ACME002" in ran.out and "ACME003" in ran.out
    (repo / "pack" / "stolen.yaml").symlink_to(tmp_path / "outside" / "token.yaml")
    ran = run("check", *TODAY, "policy.yaml", cwd=repo)
    contained(ran, codes=(2,), says="stolen.yaml: is a symlink leading outside its repository")
    assert secret[:20] not in ran.err


def test_a_found_configuration_may_not_be_a_symlink_out_of_the_repository(tmp_path: Path) -> None:
    secret = token()
    repo = repository(tmp_path, secret)
    (repo / ".policy-lint.yaml").symlink_to(tmp_path / "outside" / "token.yaml")
    ran = run("check", *TODAY, "policy.yaml", cwd=repo)
    contained(
        ran, codes=(2,), says=".policy-lint.yaml: is a symlink leading outside its repository"
    )
    assert secret[:20] not in ran.err


PLUGIN_RULES = ROOT / "tests" / "data" / "plugin"
PLUGIN_MODULE = """\
from pathlib import Path

from policy_lint.lint.findings import Problem

Path({marker!r}).write_text("ran")  # the evidence that this file's code ran
RULES = Path({rules!r})


def no_weekend_promises(doc, ctx):
    for pointer, clock in doc.glob("/service_levels/*/clock"):
        if clock == "calendar":
            yield Problem(pointer, "a calendar clock counts the weekend")


CHECKS = {{"no-weekend-promises": no_weekend_promises}}
"""


def fake_plugin(site: Path, module: str, marker: Path, *, dist: Path | None = None) -> None:
    """A distribution declaring the rule plugin `acme` (in `dist`, by default `site`) and its
    module `module` in `site`, which writes `marker` when it is imported."""
    info = (dist or site) / f"{module}-1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    site.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[policy_lint.rules]\nacme = {module}\n")
    text = PLUGIN_MODULE.format(marker=str(marker), rules=str(PLUGIN_RULES))
    (site / f"{module}.py").write_text(text)


def plugin_repository(tmp_path: Path) -> Path:
    """A checked repository whose configuration names the plugin `acme`."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".policy-lint.yaml").write_text("plugins: [acme]\n")
    (repo / "policy.yaml").write_text(
        "service_levels:\n  - {id: email, channel: email, clock: calendar}\n"
    )
    return repo


def script(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> Ran:
    """The installed `policy-lint` command, as a pre-commit hook or a pipeline runs it."""
    return run(*args, cwd=cwd, env=env, command=(str(Path(sys.executable).parent / "policy-lint"),))


FINDING = "2:40: ACME101 [warning] a calendar clock counts the weekend"


@pytest.mark.parametrize("start", [run, script])
def test_a_plugin_installed_outside_the_repository_loads(tmp_path: Path, start: Any) -> None:
    repo, site, marker = plugin_repository(tmp_path), tmp_path / "site", tmp_path / "ran"
    fake_plugin(site, "acme_rules", marker)
    ran = start("check", *TODAY, "--select", "ACME", "policy.yaml", cwd=repo,
                env={"PYTHONPATH": str(site)})  # fmt: skip
    assert FINDING in contained(ran, codes=(0,)).out and marker.exists()


@pytest.mark.parametrize("start", [run, script])
def test_a_plugin_committed_in_the_repository_never_runs(tmp_path: Path, start: Any) -> None:
    repo, marker = plugin_repository(tmp_path), tmp_path / "PWNED"
    fake_plugin(repo, "acme_rules", marker)  # a *.dist-info folder and a module beside it
    ran = start("check", *TODAY, "policy.yaml", cwd=repo)
    contained(ran, codes=(2,), says="no rule plugin is called 'acme' (none installed)")
    # a pipeline that puts the checkout on the path (PYTHONPATH=.) is told why
    ran = start("check", *TODAY, "policy.yaml", cwd=repo, env={"PYTHONPATH": "."})
    contained(ran, codes=(2,), says=f"rule plugin 'acme' is declared inside {repo}: a repository")
    assert not marker.exists()


@pytest.mark.parametrize("start", [run, script])
def test_a_module_committed_under_a_plugins_name_is_not_imported(
    tmp_path: Path, start: Any
) -> None:
    repo, site = plugin_repository(tmp_path), tmp_path / "site"
    fake_plugin(site, "acme_rules", tmp_path / "ran")
    (repo / "acme_rules.py").write_text(f"open({str(tmp_path / 'PWNED')!r}, 'w')\n")
    ran = start("check", *TODAY, "--select", "ACME", "policy.yaml", cwd=repo,
                env={"PYTHONPATH": str(site)})  # fmt: skip
    assert FINDING in contained(ran, codes=(0,)).out
    assert (tmp_path / "ran").exists() and not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("start", [run, script])
def test_an_installed_plugin_whose_module_lies_in_the_repository_is_refused(
    tmp_path: Path, start: Any
) -> None:
    """An editable install of a plugin kept in the policy repository: metadata outside, code
    inside the tree a pull request edits."""
    repo, site, marker = plugin_repository(tmp_path), tmp_path / "site", tmp_path / "PWNED"
    fake_plugin(repo / "src", "acme_rules", marker, dist=site)
    env = {"PYTHONPATH": os.pathsep.join([str(site), str(repo / "src")])}
    ran = start("check", *TODAY, "policy.yaml", cwd=repo, env=env)
    contained(ran, codes=(2,), says=f"rule plugin 'acme' would run code in {repo}")
    assert not marker.exists()


def gate(tmp_path: Path) -> Path:
    """A checked repository with a defect (PL107) whose pull request edits the configuration
    to turn the gate green, and its rule pack to pass what the base branch's pack fails."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    defect = ROOT / "policies" / "defects" / "duplicate-id.yaml"
    (repo / "policy.yaml").write_text(defect.read_text(encoding="utf-8"), encoding="utf-8")
    (repo / ".policy-lint.yaml").write_text("ignore: [PL, ACME]\nrules: [policy-rules]\n")
    (repo / "policy-rules").mkdir()
    (repo / "policy-rules" / "ACME002.yaml").write_text(RULE.replace("min: 0.8", "min: 0.1"))
    return repo


def test_isolated_reads_no_configuration_so_a_pull_request_cannot_turn_the_gate_green(
    tmp_path: Path,
) -> None:
    repo = gate(tmp_path)
    green = contained(run("check", *TODAY, "policy.yaml", cwd=repo), codes=(0,))
    assert "no findings" in green.out  # what the pull request's configuration asks for
    ran = contained(run("check", *TODAY, "--isolated", "policy.yaml", cwd=repo), codes=(1,))
    assert "PL107" in ran.out
    os.remove(repo / ".policy-lint.yaml")
    os.mkfifo(repo / ".policy-lint.yaml")  # not even opened
    contained(run("check", *TODAY, "--isolated", "policy.yaml", cwd=repo), codes=(1,))
    ran = run("check", *TODAY, "--isolated", "--config", "x.yaml", "policy.yaml", cwd=repo)
    contained(ran, codes=(2,), says="--isolated reads no configuration file")


def test_a_pinned_configuration_brings_its_own_rule_packs(tmp_path: Path) -> None:
    """The base branch's configuration and packs, exported outside the checkout: its `rules:`
    resolve against its own folder, and the pull request's edits to either change nothing."""
    repo, base = gate(tmp_path), tmp_path / "base"
    (base / "policy-rules").mkdir(parents=True)
    (base / ".policy-lint.yaml").write_text("rules: [policy-rules]\n")
    (base / "policy-rules" / "ACME002.yaml").write_text(RULE)
    (repo / "low.yaml").write_text("service_levels:\n  - id: email\n    goal: 75%\n")
    ran = run("check", *TODAY, "--config", base / ".policy-lint.yaml", "policy.yaml", "low.yaml",
              cwd=repo)  # fmt: skip
    assert "PL107" in contained(ran, codes=(1,)).out
    assert "low.yaml:3:11: ACME002 [warning] goal 75% is below our floor of 80 %" in ran.out
    (repo / "policy-rules" / "stolen.yaml").symlink_to(base / ".policy-lint.yaml")
    ran = run("check", *TODAY, "--isolated", "--rules", "policy-rules", "policy.yaml", cwd=repo)
    contained(ran, codes=(2,), says="stolen.yaml: is a symlink leading outside its repository")


def test_a_file_named_in_the_repository_may_not_lead_out_of_it(tmp_path: Path) -> None:
    """The pipeline names files of the checkout (`--mapping`, `--config`); the pull request
    makes them symlinks to the runner's files. Outside any repository a symlink is followed."""
    secret = token()
    repo = repository(tmp_path, secret)
    (repo / "mapping.yaml").symlink_to(tmp_path / "outside" / "token.yaml")
    (repo / "config.yaml").symlink_to(tmp_path / "outside" / "token.yaml")
    for args in (("audit", "--mapping", "mapping.yaml", POLICY, EXPORT),
                 ("check", "--config", "config.yaml", POLICY)):  # fmt: skip
        ran = run(args[0], *TODAY, *args[1:], cwd=repo)
        contained(ran, codes=(2,), says=f"{args[2]}: is a symlink leading outside its repository")
        assert secret[:20] not in ran.err
    (tmp_path / "outside" / "real.yaml").write_text("fail_level: warning\n")
    (tmp_path / "pinned.yaml").symlink_to(tmp_path / "outside" / "real.yaml")
    contained(run("check", *TODAY, "--config", tmp_path / "pinned.yaml", POLICY), codes=(0,))


@pytest.mark.parametrize("role", ["export", "pauses"])
def test_an_export_in_the_repository_linked_to_the_runners_credentials_is_refused(
    tmp_path: Path, role: str
) -> None:
    # the export's header was echoed in "cannot tell which helpdesk wrote it": the token with it
    secret = token()
    repo = repository(tmp_path, secret)
    credentials = tmp_path / "outside" / ".git-credentials"
    credentials.write_text(f"https://bot:{secret}@github.com\n")
    (repo / "exports").mkdir()
    (repo / "exports" / "tickets.csv").symlink_to(credentials)
    args = ("exports/tickets.csv",) if role == "export" else ("--pauses", "exports/tickets.csv")
    ran = run("audit", *TODAY, "policy.yaml", *args, *(() if role == "export" else (EXPORT,)),
              cwd=repo)  # fmt: skip
    contained(ran, codes=(2,), says="tickets.csv: is a symlink leading outside its repository")
    assert secret[:8] not in ran.out + ran.err


def test_a_diff_quotes_at_most_80_characters_of_any_value(tmp_path: Path) -> None:
    secret = token()
    text = POLICY.read_text(encoding="utf-8")
    new = tmp_path / "new.yaml"
    for old, changed in (
        ("id: email-first-response", f"id: {secret}"),
        ("within: 8h", f"within: 8h{secret}"),
        ("timezone: Europe/Riga", f"timezone: {secret}"),
        ("channel: email", f"channel: {secret}"),
    ):
        assert old in text
        new.write_text(text.replace(old, changed, 1), encoding="utf-8")
        for fmt in ("text", "json", "markdown"):
            ran = contained(run("diff", "--format", fmt, POLICY, new), codes=(0, 1))
            assert secret[:40] in ran.out and not shows(ran.out, secret), (old, fmt)
