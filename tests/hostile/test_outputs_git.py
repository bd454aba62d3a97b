"""`diff --git` on what a pull request can put in a repository and on its command line: file names
git quotes, a revision that reads as one of git's options, a rename that hides a loosening, and
blobs at the revision that are not a policy's text.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hostile.harness import Ran, contained, run

POLICY = (ROOT / "policies" / "acme-en.yaml").read_text(encoding="utf-8")
TARGET = "within: 8h\n    clock: business\n    goal: 95%"  # email-first-response's
LOOSER = "within: 8h\n    clock: business\n    goal: 50%"


def git(repository: Path, *args: str | bytes) -> None:
    subprocess.run(["git", *args], cwd=repository, check=True, capture_output=True)


def commit(repository: Path) -> None:
    git(repository, "add", "-A")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("a policy repository\n")
    commit(tmp_path)
    return tmp_path


def diff(repository: Path, *args: str, codes: tuple[int, ...] = (0, 1)) -> Ran:
    return contained(run("diff", *args, cwd=repository), codes=codes)


@pytest.mark.parametrize(
    "name",
    ["uzņēmums.yaml", 'a "quoted" name.yaml', "a\nnewline.yaml", "tab\tand\\backslash.yaml"],
)
def test_a_file_whose_name_git_quotes_is_compared(repository: Path, name: str) -> None:
    policy = repository / "policies" / name
    policy.parent.mkdir()
    policy.write_text(POLICY, encoding="utf-8")
    commit(repository)
    policy.write_text(POLICY.replace(TARGET, LOOSER), encoding="utf-8")
    done = diff(repository, "--git", "HEAD", "--format", "json", "--fail-on", "loosened")
    assert done.code == 1, done.out
    [change] = json.loads(done.out)["changes"]
    assert (change["path"], change["kind"]) == (f"policies/{name}", "loosened")


def test_a_file_name_that_is_not_utf_8_is_compared(repository: Path) -> None:
    folder = repository / "policies"
    folder.mkdir()
    name = os.fsencode(folder) + b"/\xff.yaml"
    with open(name, "w", encoding="utf-8") as file:
        file.write(POLICY)
    commit(repository)
    with open(name, "w", encoding="utf-8") as file:
        file.write(POLICY.replace(TARGET, LOOSER))
    done = diff(repository, "--git", "HEAD", "--fail-on", "loosened")
    assert done.code == 1
    assert done.out.startswith("policies/\\xff.yaml: ▼ loosened service level email-first-resp")


def test_a_renamed_policy_is_compared_with_what_it_was(repository: Path) -> None:
    (repository / "acme.yaml").write_text(POLICY, encoding="utf-8")
    commit(repository)
    git(repository, "mv", "acme.yaml", "renamed.yaml")
    (repository / "renamed.yaml").write_text(POLICY.replace(TARGET, LOOSER), encoding="utf-8")
    done = diff(repository, "--git", "HEAD", "--fail-on", "loosened")
    assert done.code == 1
    assert done.out.splitlines() == [
        "renamed.yaml: ▼ loosened service level email-first-response: goal 95% → 50%",
        "1 loosened",
    ]


@pytest.mark.parametrize(
    ("revision", "says"),
    [
        ("--output=written", "'--output=written' is not a commit"),  # git would write the file
        ("-Sneedle", "'-Sneedle' is not a commit"),  # a pickaxe: every change but one hidden
        ("HEAD^{tree}", "is not a commit"),
        ("HEAD:README.md", "is not a commit"),
        ("no-such-branch", "is not a commit"),
    ],
)
def test_a_revision_that_names_no_commit_is_one_line_and_exit_2(
    repository: Path, revision: str, says: str
) -> None:
    (repository / "acme.yaml").write_text(POLICY, encoding="utf-8")
    commit(repository)
    (repository / "acme.yaml").write_text(POLICY.replace(TARGET, LOOSER), encoding="utf-8")
    diff(repository, f"--git={revision}", "--fail-on", "any", codes=(2,))
    done = contained(run("diff", "--git", revision, cwd=repository), codes=(2,), says=says)
    assert done.out == ""
    assert not (repository / "written").exists()


def test_a_symbolic_link_at_the_revision_is_not_read_as_a_policy(repository: Path) -> None:
    (repository / "acme.yaml").symlink_to("/etc/passwd")
    commit(repository)
    (repository / "acme.yaml").unlink()
    (repository / "acme.yaml").write_text(POLICY, encoding="utf-8")
    contained(run("diff", "--git", "HEAD", cwd=repository), codes=(2,), says="is a symbolic link")


def test_a_policy_that_was_not_utf_8_is_one_line_naming_its_line(repository: Path) -> None:
    (repository / "acme.yaml").write_bytes(b"format: 1\nid: caf\xe9\n")
    commit(repository)
    (repository / "acme.yaml").write_text(POLICY, encoding="utf-8")
    contained(
        run("diff", "--git", "HEAD", cwd=repository),
        codes=(2,),
        says="HEAD:acme.yaml:2:8: the file is not valid UTF-8: byte 0xe9 on line 2",
    )


def test_a_policy_too_large_at_the_revision_is_refused_unread(repository: Path) -> None:
    (repository / "acme.yaml").write_text("a: " + "x" * (6 << 20) + "\n", encoding="utf-8")
    commit(repository)
    (repository / "acme.yaml").write_text(POLICY, encoding="utf-8")
    contained(
        run("diff", "--git", "HEAD", cwd=repository),
        codes=(2,),
        says="HEAD:acme.yaml: is larger than a policy can be (5 MiB)",
    )


def test_a_git_without_end_of_options_is_named(repository: Path, tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text(
        '#!/bin/sh\n[ "$1" = version ] && { echo "git version 2.20.1"; exit 0; }\n'
        'echo "fatal: Needed a single revision" >&2; exit 128\n'
    )
    (fake / "git").chmod(0o755)
    path = f"{fake}{os.pathsep}{os.environ['PATH']}"
    contained(
        run("diff", "--git", "HEAD", cwd=repository, env={"PATH": path}),
        codes=(2,),
        says="diff --git needs git 2.24 or newer; this is git version 2.20.1",
    )
