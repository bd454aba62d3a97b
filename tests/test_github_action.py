"""The GitHub Action cannot run here; the script it runs can, with the inputs it passes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from policy_lint.load import load_text
from tests.conftest import ROOT

ACTION = ROOT / "docs" / "github-action"


def run_action(tmp_path: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GITHUB_OUTPUT=str(tmp_path / "output"),
               GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"))  # fmt: skip
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env.update({f"INPUT_{key.upper()}": value for key, value in inputs.items()})
    script = str(ACTION / "run.sh")
    return subprocess.run(["bash", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)  # fmt: skip


def test_action_metadata_is_a_composite_action_calling_the_script() -> None:
    doc = load_text((ACTION / "action.yml").read_text(), "action.yml").document
    assert doc is not None
    assert doc.get("/runs/using") == "composite"
    steps = doc.get("/runs/steps")
    assert any("run.sh" in str(step.get("run", "")) for step in steps)
    assert set(doc.get("/inputs")) >= {"paths", "fail-level", "sarif", "audit-policy"}


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
