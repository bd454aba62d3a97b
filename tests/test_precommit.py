"""The pre-commit hook, run the way pre-commit runs it: `pre-commit try-repo` on this repository.

pre-commit builds the hook's own environment from this repository (uncommitted changes included),
then lints only the files it is given: green on the example policies, red on a defect.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def run(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="module")
def policy_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("policy-repo")
    (repo / "policies").mkdir()
    shutil.copy(ROOT / "policies" / "acme-en.yaml", repo / "policies" / "acme.yaml")
    shutil.copy(ROOT / "policies" / "defects" / "duplicate-id.yaml", repo / "policies" / "bad.yaml")
    run(repo, "git", "init", "-q")
    run(repo, "git", "add", ".")
    return repo


def try_repo(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"))
    return run(repo, str(PRE_COMMIT), "try-repo", str(ROOT), "policy-lint", "--files", *files,
               env=env)  # fmt: skip


def test_the_hook_passes_the_example_policy(policy_repo: Path) -> None:
    result = try_repo(policy_repo, "policies/acme.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_hook_fails_a_defect_at_its_position(policy_repo: Path) -> None:
    result = try_repo(policy_repo, "policies/acme.yaml", "policies/bad.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "policies/bad.yaml:42:9: PL107 [error]" in result.stdout
    assert "policies/acme.yaml" not in result.stdout.split("Failed", 1)[1]
