"""The GitHub Action cannot run here; the script it runs can, with the inputs it passes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policy_lint.lint.load import load_text
from tests.conftest import ROOT

ACTION = ROOT / "docs" / "github-action"


def run_action(
    tmp_path: Path, cwd: Path = ROOT, base: str | None = None, **inputs: str
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GITHUB_OUTPUT=str(tmp_path / "output"),
               GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
               RUNNER_TEMP=str(tmp_path / "runner"))  # fmt: skip
    env.pop("GITHUB_BASE_REF", None)
    if base is not None:  # a pull_request event
        env["GITHUB_BASE_REF"] = base
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env.update({f"INPUT_{key.upper()}": value for key, value in inputs.items()})
    script = str(ACTION / "run.sh")
    return subprocess.run(["bash", script], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)  # fmt: skip


def test_action_metadata_is_a_composite_action_calling_the_script() -> None:
    doc = load_text((ACTION / "action.yml").read_text(), "action.yml").document
    assert doc is not None
    assert doc.get("/runs/using") == "composite"
    steps = doc.get("/runs/steps")
    assert any("run.sh" in str(step.get("run", "")) for step in steps)
    assert set(doc.get("/inputs")) >= {"paths", "fail-level", "config", "sarif", "audit-policy"}
    assert doc.get("/inputs/config/default") == "base"


def test_clean_policies_pass_and_write_sarif(tmp_path: Path) -> None:
    sarif = tmp_path / "out.sarif"
    result = run_action(tmp_path, paths="policies/acme-en.yaml policies/uznemums-lv.yaml",
                        sarif=str(sarif))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(sarif.read_text())["runs"][0]["results"] == []
    assert f"sarif={sarif}" in (tmp_path / "output").read_text()


def test_a_defect_fails_with_an_annotation(tmp_path: Path) -> None:
    result = run_action(tmp_path, paths="policies/defects/duplicate-id.yaml", sarif="")
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=policies/defects/duplicate-id.yaml,line=42,col=9")
    assert "## policy-lint" in (tmp_path / "summary.md").read_text()


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd,
                   check=True, capture_output=True)  # fmt: skip


def pull_request(tmp_path: Path) -> Path:
    """A clone of a repository whose main branch fails the gate (PL107), checked out at a pull
    request that edits .policy-lint.yaml and its rule pack to turn it green."""
    origin, clone = tmp_path / "origin", tmp_path / "clone"
    (origin / "policies").mkdir(parents=True)
    defect = ROOT / "policies" / "defects" / "duplicate-id.yaml"
    (origin / "policies" / "p.yaml").write_text(defect.read_text(encoding="utf-8"))
    (origin / ".policy-lint.yaml").write_text("rules: [policy-rules]\n")
    (origin / "policy-rules").mkdir()
    pack = ROOT / "tests" / "data" / "pack" / "ACME001-data-protection-section.yaml"
    (origin / "policy-rules" / "ACME001.yaml").write_text(pack.read_text(encoding="utf-8"))
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "base")
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{origin}", str(clone))
    git(clone, "checkout", "-qb", "pr")
    (clone / ".policy-lint.yaml").write_text("ignore: [PL]\nrules: [policy-rules]\n")
    (clone / "policy-rules" / "ACME001.yaml").unlink()
    git(clone, "commit", "-qam", "green, please")
    git(clone, "fetch", "-q", "--depth=1", "origin", "main")  # no origin/main: the action fetches
    git(clone, "update-ref", "-d", "refs/remotes/origin/main")
    return clone


@pytest.mark.parametrize(
    ("config", "base", "code"),
    [
        ("base", "main", 1),  # the default: main's configuration and pack, fetched
        ("none", "main", 1),  # --isolated
        ("repository", "main", 0),  # the pull request's own: green, as it asked
        ("base", None, 0),  # not a pull request (a push): the configuration checked out
    ],
)
def test_a_pull_request_cannot_turn_the_gate_green_by_editing_the_configuration(
    tmp_path: Path, config: str, base: str | None, code: int
) -> None:
    clone = pull_request(tmp_path)
    result = run_action(tmp_path, cwd=clone, base=base, config=config, paths="policies", sarif="")
    assert result.returncode == code, result.stdout + result.stderr
    assert ("PL107" in result.stdout) == (code == 1)
    assert ("ACME001" in result.stdout) == (config == "base" and base is not None)
