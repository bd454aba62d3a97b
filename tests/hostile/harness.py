"""Run the real command on hostile input, as CI would: in a child whose address space is capped.

Every case of tests/hostile/ goes through `run` and is judged by `contained`: the process ends by
itself (no signal), within the time cap, with exit 1 (findings, a failing audit) or 2 (the tool
could not do its job), and when it cannot do its job it says why in one line of stderr, under
`LINE` characters, never a traceback. A case that hangs, floods or crashes fails here, not in a
pipeline that holds a token.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MEMORY = 1 << 30  # 1 GiB of address space for the whole child
SECONDS = 10.0  # wall time a case may take, start-up included
LINE = 300  # characters one stderr line may hold


@dataclass(frozen=True)
class Ran:
    """What one child did."""

    argv: tuple[str, ...]
    code: int  # negative: the signal that ended it
    out: str
    err: str
    seconds: float

    @property
    def signal(self) -> str | None:
        """The name of the signal that ended the child, if one did."""
        return signal.Signals(-self.code).name if self.code < 0 else None


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = SECONDS,
    stdin: bytes | None = None,
    command: tuple[str, ...] | None = None,
) -> Ran:
    """`python -m policy_lint ARGS…` (or `command ARGS…`) in a capped child; a hang past
    `timeout` fails the test. The Python is looked up at each call, so a test may run it as
    another user."""
    command = command or (sys.executable, "-m", "policy_lint")
    argv = (*command, *map(str, args))
    environment = {**os.environ, **(env or {})}
    environment.pop("POLICY_LINT_DEBUG", None)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            argv,
            cwd=cwd,
            env=environment,
            input=stdin if stdin is not None else b"",
            capture_output=True,
            timeout=timeout,
            preexec_fn=_cap,
            check=False,
        )
    except subprocess.TimeoutExpired:
        shown = " ".join(argv[len(command) :])
        raise AssertionError(f"no answer within {timeout:.0f} s: {shown}") from None
    seconds = time.perf_counter() - start
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    return Ran(argv[len(command) :], done.returncode, out, err, seconds)


def contained(ran: Ran, codes: Sequence[int] = (1, 2), says: str | None = None) -> Ran:
    """Assert that the child ended by itself, in time, with one of `codes`, and that an exit 2
    is one line on stderr that says why (`says`, when given, is in it or in stdout)."""
    shown = f"{' '.join(ran.argv)}\nexit {ran.code}\nstdout: {ran.out[:2000]}\nstderr: {ran.err}"
    assert ran.signal is None, f"ended by {ran.signal}\n{shown}"
    assert ran.seconds <= SECONDS, f"took {ran.seconds:.1f} s\n{shown}"
    assert ran.code in codes, shown
    assert "Traceback" not in ran.out + ran.err, shown
    assert "internal error" not in ran.err, shown
    if ran.code == 2:
        lines = ran.err.splitlines()
        assert len(lines) == 1, f"{len(lines)} lines on stderr\n{shown}"
        assert len(lines[0]) <= LINE, f"a stderr line of {len(lines[0])} characters\n{shown}"
    if says is not None:
        assert says in ran.err + ran.out, f"{says!r} not said\n{shown}"
    return ran
