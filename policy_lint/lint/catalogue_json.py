"""The built-in catalogue compiled to JSON (rules/compiled.json), read in about a millisecond where
composing its rule files, with a position for every node, takes ten of the few hundred a `check`
of one policy costs.

The file is a cache, never the source: it names the checksum of the rule files it was compiled
from, and `compiled` returns its rules only while the rule files at hand have that checksum, so
a rule file edited and not compiled again is parsed as ever. The test suite compiles the files
and compares (`pytest --update-golden` writes it anew), so the file shipped is the rule files'.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from policy_lint.lint.findings import Severity
from policy_lint.lint.rule import Example, Rule

NAME = "compiled.json"
VERSION = 1  # the shape of the records; a file of another version is not read


def checksum(files: Iterable[tuple[str, str]]) -> str:
    """CRC-32 and Adler-32 of the rule files' names and texts, in order: cheap (no hashlib, which
    loads OpenSSL), and enough to tell an edited file from the one compiled."""
    crc, adler = 0, 1
    for name, text in files:
        for part in (name.encode(), b"\0", text.encode("utf-8"), b"\0"):
            crc, adler = zlib.crc32(part, crc), zlib.adler32(part, adler)
    return f"{crc:08x}{adler:08x}"


def compile_rules(rules: Sequence[Rule], files: Iterable[tuple[str, str]]) -> str:
    """The JSON text of built-in rules parsed from `files`: one record a rule, in their order."""
    records = [_record(rule) for rule in rules]
    body = {"version": VERSION, "checksum": checksum(files), "rules": records}
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def compiled(text: str | None, files: Iterable[tuple[str, str]]) -> tuple[Rule, ...] | None:
    """The rules of a compiled file, or None when there is none, it is of another version, or it
    was compiled from other files than these."""
    if text is None:
        return None
    body = json.loads(text)
    if body.get("version") != VERSION or body.get("checksum") != checksum(files):
        return None
    return tuple(_rule(record) for record in body["rules"])


def _record(rule: Rule) -> dict[str, Any]:
    if rule.function is not None:
        raise ValueError(f"{rule.source}: a plugin's rule holds code and is not compiled")
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "reason": rule.reason,
        "check": rule.check,
        "examples": [
            {
                "title": example.title,
                "policy": example.policy,
                "expect": list(example.expect),
                "today": example.today.isoformat() if example.today else None,
                "also": list(example.also),
                "history": example.history,
            }
            for example in rule.examples
        ],
        "params": dict(rule.params),
        "message": rule.message,
        "source": rule.source,
    }


def _rule(record: dict[str, Any]) -> Rule:
    examples = tuple(
        Example(
            title=item["title"],
            policy=item["policy"],
            expect=tuple(item["expect"]),
            today=dt.date.fromisoformat(item["today"]) if item["today"] else None,
            also=tuple(item["also"]),
            history=item["history"],
        )
        for item in record["examples"]
    )
    return Rule(
        code=record["code"],
        name=record["name"],
        severity=Severity(record["severity"]),
        summary=record["summary"],
        reason=record["reason"],
        check=record["check"],
        examples=examples,
        params=record["params"],
        message=record["message"],
        source=record["source"],
    )
