"""The process settings an audit runs best with: set once, by the command, before its threads.

An audit streams millions of rows through short-lived buffers on a few threads. Two defaults
of a Linux process with glibc cost it memory for nothing (measured with bench/audit.py on ten
million rows: together 30 to 85 MB of peak RSS, no measurable time):
- transparent huge pages: a fresh fault in a huge-page region zeroes and keeps 2 MB, so
  buffers freed and made again leave partly used 2 MB pages resident;
- an arena of malloc a thread: each worker keeps its own freed memory for itself.
Elsewhere (another libc, another system) there is nothing to set, and nothing is.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_PR_SET_THP_DISABLE = 41  # linux/prctl.h
_M_ARENA_MAX = -8  # malloc.h (glibc)


def tune_for_streaming() -> None:
    """No transparent huge pages, one malloc arena; silently nothing where neither exists."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return
    prctl = getattr(libc, "prctl", None)
    if prctl is not None:
        prctl(_PR_SET_THP_DISABLE, 1, 0, 0, 0)
    mallopt = getattr(libc, "mallopt", None)  # glibc's; musl has none
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, 1)
