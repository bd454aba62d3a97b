"""A settings file's text: `.policy-lint.yaml`, a mapping file or a rule-pack file, read as the
untrusted file it is.

Each comes from the repository a pull request edits, so each is opened as `regular.py` opens any
untrusted file (a FIFO, `/dev/zero` or `/dev/urandom` behind the name is refused at once, never
waited on or read without end) and read with a cap far above any real settings file, a few
kilobytes. What cannot be read is one message naming the file, raised as the caller's own error
(a ConfigError for a configuration or mapping, a CatalogueError for a rule file).
"""

from __future__ import annotations

from pathlib import Path

from policy_lint.errors import PolicyLintError
from policy_lint.lint.load import Issue, decode
from policy_lint.regular import NotRegular, TooLarge, read_capped

SETTINGS_CAP = 1_000_000  # bytes of a configuration or a mapping file
RULE_CAP = 1_000_000  # bytes of one rule file of a rule pack


def settings_text(path: Path, cap: int, error: type[PolicyLintError]) -> str:
    """The file's text (UTF-8, or UTF-16 with its BOM), or `error` saying why it has none."""
    try:
        raw = read_capped(path, cap)
    except (NotRegular, TooLarge) as problem:
        raise error(f"{path}: {problem}") from None
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as problem:
        raise error(f"{path}: cannot be read ({problem.strerror or problem})") from None
    text = decode(raw)
    if isinstance(text, Issue):
        raise error(f"{path}:{text.line}:{text.column}: {text.message}")
    return text
