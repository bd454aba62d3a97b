"""The one way a report is written as JSON: exact values, and only printable characters.

JSON escapes the C0 controls itself, but with `ensure_ascii=False` (kept so that `uzņēmums`
reads as itself) it writes DEL, the C1 controls a terminal obeys, bidirectional overrides and
the Unicode line separators raw, and a lone surrogate (a file name's byte that is not UTF-8, a
JSON Lines export's `\\ud800`) as a character no UTF-8 output can encode. And a JSON report
printed in a CI log is read by the Actions runner, which obeys `##[command]` anywhere in a line.
Each of these is written as its `\\uXXXX` escape instead: a reader gets the same value back.
"""

from __future__ import annotations

import json
import re
from typing import Any

from policy_lint.report.visible import UNPRINTABLE

_UNPRINTABLE = re.compile(f"[{UNPRINTABLE}]|##\\[")


def _escaped(match: re.Match[str]) -> str:
    found = match.group()
    return "##\\u005b" if found == "##[" else f"\\u{ord(found):04x}"


def json_text(document: Any) -> str:
    """The document as indented JSON and a final newline; the same document, the same bytes."""
    text = json.dumps(document, ensure_ascii=False, indent=1)
    return _UNPRINTABLE.sub(_escaped, text) + "\n"
