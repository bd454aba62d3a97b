"""Fuzzing the policy side: random bytes and mangled real policies, through the loader, the linter,
`render` and a whole `check` in-process. Whatever the bytes, the only outcomes are findings (or a
page) and a PolicyLintError: never another exception, which the CLI would call an internal error.

A few dozen examples a run in `make test`; `make soak` (HYPOTHESIS_PROFILE=soak) runs 2,000 of
each kind.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_lint.cli import main
from policy_lint.errors import PolicyLintError
from policy_lint.lint.catalogue import builtin_rules
from policy_lint.lint.config import Settings
from policy_lint.lint.linter import make_linter
from policy_lint.lint.load import load_path
from policy_lint.publish.render_html import render_html
from policy_lint.publish.render_markdown import render_markdown
from policy_lint.report import LINT_FORMATS
from tests.conftest import ROOT, TODAY

settings.register_profile("soak", max_examples=4_000, deadline=None)  # as test_business_time
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

LINTER = make_linter(builtin_rules(), Settings(today=TODAY))
POLICIES = sorted((ROOT / "policies").rglob("*.yaml"))
SOURCES = {path.name: path.read_bytes() for path in POLICIES}
FUZZED = settings(
    max_examples=max(40, settings().max_examples // 2),  # 50 a run; 2,000 under `soak`
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """One folder for the module's files (hypothesis runs many examples in one test call)."""
    with tempfile.TemporaryDirectory(prefix="policy-lint-fuzz-") as name:
        yield Path(name)


def _flip(data: bytes, at: int, byte: int) -> bytes:
    at %= max(len(data), 1)
    return data[:at] + bytes([byte]) + data[at + 1 :]


def _lines(change: Callable[[list[bytes], int], list[bytes]]) -> Callable[[bytes, int], bytes]:
    def mutate(data: bytes, at: int) -> bytes:
        lines = data.split(b"\n")
        return b"\n".join(change(lines, at % len(lines)))

    return mutate


MUTATIONS: dict[str, Callable[[bytes, int], bytes]] = {
    "truncate": lambda data, at: data[: at % (len(data) + 1)],
    "duplicate a line": _lines(lambda lines, i: [*lines[: i + 1], *lines[i:]]),
    "drop a line": _lines(lambda lines, i: lines[:i] + lines[i + 1 :]),
    "indent a line": _lines(lambda lines, i: [*lines[:i], b"  " + lines[i], *lines[i + 1 :]]),
    "dedent a line": _lines(lambda lines, i: [*lines[:i], lines[i][2:], *lines[i + 1 :]]),
    "tab a line": _lines(lambda lines, i: [*lines[:i], b"\t" + lines[i], *lines[i + 1 :]]),
    "swap two lines": _lines(
        lambda lines, i: [*lines[:i], *lines[i : i + 2][::-1], *lines[i + 2 :]]
    ),
    "repeat the file": lambda data, at: data * (2 + at % 3),
}
TOKENS = [  # what hostile policies were made of: values no field expects, YAML's odd corners
    b".nan", b"-.inf", b"9" * 400, b"0x" + b"f" * 300, b"2026-02-30", b"0000-01-01", b"1e999",
    b"&a ", b"*a", b"!!int ", b"!!python/object ", b"? ", b"<<: ", b"[", b"{", b"- ", b": ",
    b"\x01", b"\x1b[31m", b"\xef\xbb\xbf", b"\\u0000", b"'", b'"', b"|", b">-", b"#",
    b"# policy-lint: disable=PL202 reason=x until=2026-02-30", b"{word:>99}", b"~", b"%YAML 1.1\n",
    b"---\n", b"...\n", "ātri ıİ 😀".encode(), b"\r\n", b"\t",
    b"[1, [2]]", b"{a: {b: 1}}", b"[]", b"{}", b"true", b"-1", b"0", b'""', b"null", b"0.0",
]  # fmt: skip


def _value(data: bytes, at: int, token: bytes) -> bytes:
    """The value of the `key: value` line nearest after `at` (or first) replaced by `token`."""
    lines = data.split(b"\n")
    keyed = [i for i, line in enumerate(lines) if b": " in line]
    if not keyed:
        return data
    i = next((i for i in keyed if i >= at % len(lines)), keyed[0])
    key, _, _ = lines[i].partition(b": ")
    lines[i] = key + b": " + token
    return b"\n".join(lines)


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """A real policy with a few of its bytes flipped, hostile tokens spliced in, lines
    duplicated, dropped, re-indented or swapped, or the file cut short."""
    data = SOURCES[draw(st.sampled_from(sorted(SOURCES)))]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "splice", "value", "mutate"]))
        at = draw(st.integers(0, 1 << 20)) % (len(data) + 1)
        if kind == "flip":
            data = _flip(data, at, draw(st.integers(0, 255)))
        elif kind == "splice":
            data = data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]
        elif kind == "value":
            data = _value(data, at, draw(st.sampled_from(TOKENS)))
        else:
            mutate = MUTATIONS[draw(st.sampled_from(sorted(MUTATIONS)))]
            data = mutate(data, draw(st.integers(0, 1 << 20)))
    return data


def survives(data: bytes, folder: Path, fmt: str) -> None:
    """Load, lint and render the bytes as a policy, then `check` them in-process."""
    path = folder / "policy.yaml"
    path.write_bytes(data)
    try:
        loaded = load_path(path)
        LINTER.lint_loaded(loaded, "policy.yaml")
        if loaded.document is not None and isinstance(loaded.document.data, dict):
            render_markdown(loaded.document.data)  # what `render --force` publishes
            render_html(loaded.document.data)
    except PolicyLintError:
        pass
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(SystemExit) as exited,
    ):
        main(["check", "--today", TODAY.isoformat(), "--format", fmt, str(path)])
    code = exited.value.code
    assert code in (0, 1, 2), code
    assert "internal error" not in err.getvalue(), err.getvalue()
    if code == 2:
        assert len(err.getvalue().splitlines()) == 1, err.getvalue()


@FUZZED
@given(data=st.binary(max_size=4_096), fmt=st.sampled_from(sorted(LINT_FORMATS)))
def test_random_bytes_are_findings_or_one_line(data: bytes, fmt: str, folder: Path) -> None:
    survives(data, folder, fmt)


@FUZZED
@given(data=mangled(), fmt=st.sampled_from(sorted(LINT_FORMATS)))
def test_mangled_policies_are_findings_or_one_line(data: bytes, fmt: str, folder: Path) -> None:
    survives(data, folder, fmt)
