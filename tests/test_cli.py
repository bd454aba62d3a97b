"""`policy-lint check` and `schema` from the outside: output contracts and exit codes 0/1/2."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

CLEAN = ROOT / "policies" / "acme-en.yaml"
LINE = re.compile(
    r"^(?P<path>[^:]+):(\d+):(\d+): (PL\d{3}) \[(error|warning|info)\] .+ \([a-z-]+\)$"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clean_policy_passes(cli: Callable[..., Run]) -> None:
    run = cli("check", "--today", "2026-11-23", str(CLEAN))
    assert run.code == 0, run.out
    assert run.out == "1 file checked: no findings\n"


def test_a_defect_is_reported_as_path_line_col_code(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    text = CLEAN.read_text().replace("timezone: Europe/Riga", "timezone: Europe/Rigga", 1)
    path = write(tmp_path, "p.yaml", text)
    run = cli("check", "--today", "2026-11-23", str(path))
    assert run.code == 1
    *findings, summary = run.out.splitlines()
    assert [LINE.match(line) is not None for line in findings] == [True]
    assert "PL104 [error] `Europe/Rigga` is not an IANA time-zone name" in findings[0]
    assert "did you mean `Europe/Riga`" in findings[0]
    assert summary == "1 file checked: 1 error, 0 warnings, 0 info"


def test_json_output_follows_the_contract(cli: Callable[..., Run], tmp_path: Path) -> None:
    text = CLEAN.read_text().replace("timezone: Europe/Riga", "timezone: Mars/Olympus", 1)
    path = write(tmp_path, "p.yaml", text)
    run = cli("check", "--format", "json", "--today", "2026-11-23", str(path))
    assert run.code == 1
    report = json.loads(run.out)
    assert list(report) == ["version", "findings", "summary"]
    finding = report["findings"][0]
    assert list(finding) == [
        "path", "line", "column", "code", "name", "severity", "message", "pointer",
    ]  # fmt: skip
    assert finding["pointer"] == "/business_hours/timezone"
    assert report["summary"] == {"files": 1, "error": 1, "warning": 0, "info": 0}


def test_json_is_byte_identical_across_runs(cli: Callable[..., Run]) -> None:
    args = ("check", "--format", "json", "--today", "2026-11-23", str(ROOT / "policies"))
    assert cli(*args).out == cli(*args).out


def test_folders_are_searched_recursively_and_excludes_apply(cli: Callable[..., Run]) -> None:
    run = cli("check", "--format", "json", "--today", "2026-11-23", str(ROOT / "policies"))
    report = json.loads(run.out)
    paths = {finding["path"] for finding in report["findings"]}
    assert paths and all("/defects/" in path for path in paths)
    excluded = cli("check", "--today", "2026-11-23", "--exclude", "defects", str(ROOT / "policies"))
    assert excluded.code == 0
    assert excluded.out.endswith("no findings\n")


def test_select_and_ignore(cli: Callable[..., Run], tmp_path: Path) -> None:
    text = "format: 1\nid: x\nid: y\n"
    path = write(tmp_path, "p.yaml", text)
    assert "PL101" in cli("check", "--select", "PL101", str(path)).out
    only = cli("check", "--select", "PL1", "--ignore", "PL102", str(path))
    assert [line.split()[1] for line in only.out.splitlines()[:-1]] == ["PL101"]
    assert cli("check", "--select", "PL1", "--ignore", "duplicate-key,schema", str(path)).code == 0


def test_a_missing_file_is_one_line_and_exit_2(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", str(tmp_path / "absent.yaml"))
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert "absent.yaml: no such file" in run.err


def test_a_bad_option_is_one_line_and_exit_2(cli: Callable[..., Run]) -> None:
    run = cli("check", "--bogus", str(CLEAN))
    assert (run.code, run.err.count("\n")) == (2, 1)
    assert "--bogus" in run.err


def test_a_bad_date_is_one_line_and_exit_2(cli: Callable[..., Run]) -> None:
    run = cli("check", "--today", "yesterday", str(CLEAN))
    assert (run.code, run.err.count("\n")) == (2, 1)
    assert "not a date" in run.err


def test_a_folder_given_as_a_file_name_is_searched(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", str(tmp_path))
    assert (run.code, run.out) == (0, "0 files checked: no findings\n")


def test_schema_prints_the_policy_schema(cli: Callable[..., Run]) -> None:
    run = cli("schema")
    assert run.code == 0
    schema = json.loads(run.out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_version(cli: Callable[..., Run]) -> None:
    run = cli("--version")
    assert run.code == 0
    assert run.out.startswith("policy-lint, version ")


def test_schema_output_and_vscode_association(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text('{"editor.tabSize": 2}')
    run = cli("schema", "--output", "schemas/policy.schema.json", "--vscode", "policies/*.yaml")
    assert run.code == 2  # the folder for the schema does not exist yet
    (tmp_path / "schemas").mkdir()
    run = cli("schema", "--output", "schemas/policy.schema.json", "--vscode", "policies/*.yaml")
    assert run.code == 0
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text())
    assert settings == {
        "editor.tabSize": 2,
        "yaml.schemas": {"./schemas/policy.schema.json": ["policies/*.yaml"]},
    }
    assert json.loads((tmp_path / "schemas" / "policy.schema.json").read_text())["$id"]


def test_a_ring_count_is_one_finding_that_says_what_to_write(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = write(tmp_path, "p.yaml", CLEAN.read_text().replace("within: 45s", "within: 3 rings"))
    run = cli("check", "--today", "2026-11-23", str(path))
    [finding] = run.out.splitlines()[:-1]
    assert "PL102" in finding and "write seconds, e.g. `15s`" in finding


def test_init_writes_a_policy_only_the_authors_decisions_keep_from_passing(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    out = tmp_path / "policy.yaml"
    run = cli("init", "--company", "Baltic Ferries", "--language", "lt", "--channels",
              "email,phone", "--today", "2026-11-23", "-o", str(out))  # fmt: skip
    assert run.code == 0
    checked = cli("check", "--today", "2026-11-23", "--format", "json", str(out))
    codes = {finding["code"] for finding in json.loads(checked.out)["findings"]}
    assert codes == {"PL201"}
    again = cli("init", "--company", "Baltic Ferries", "-o", str(out))
    assert again.code == 2 and "--force" in again.err


def test_init_interactively() -> None:
    from click.testing import CliRunner  # noqa: TID251  (click's own runner feeds the prompts)

    from policy_lint.cli import cli as group

    answers = "Baltic Ferries\nen\nEurope/Riga\nemail,chat\n" + "\n" * 20
    result = CliRunner().invoke(group, ["init", "-i", "--today", "2026-11-23"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Baltic Ferries" in result.output


def test_render_refuses_a_policy_with_errors_and_renders_a_clean_one(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    html = tmp_path / "policy.html"
    run = cli("render", "--today", "2026-11-23", "-o", str(html), str(CLEAN))
    assert run.code == 0 and html.read_text().startswith("<!DOCTYPE html>")
    defect = ROOT / "policies" / "defects" / "duplicate-id.yaml"
    refused = cli("render", "--today", "2026-11-23", str(defect))
    assert refused.code == 2 and "fix them before publishing" in refused.err


def test_check_history_takes_the_date_order_of_an_export(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    # --date-order is an export option of `check --history` as of `audit`
    history = tmp_path / "history.csv"
    history.write_text(
        "ticket_id,channel,priority,created_at,first_response_at\n"
        "A,email,normal,05.01.2026 09:00,09.01.2026 17:30\n"
        "B,email,normal,06.01.2026 10:00,12.01.2026 11:00\n"
    )
    args = ("check", "--today", "2026-11-23", "--history", str(history))
    asked = cli(*args, str(CLEAN))
    assert asked.code == 2 and "pass --date-order dmy|mdy" in asked.err
    told = cli(*args, "--date-order", "dmy", "--format", "json", str(CLEAN))
    assert told.code in (0, 1), told.err
    found = [(f["code"], f["pointer"]) for f in json.loads(told.out)["findings"]]
    # neither email was answered within days, let alone 8 business hours
    assert ("PL901", "/service_levels/1/within") in found
