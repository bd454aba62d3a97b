"""The rule catalogue: rules/*.yaml → Rule records; rule packs validated by rule.schema.json.

Rules are data. The built-in catalogue ships in the wheel (the package `policy_lint.rules`) and is
validated by the test suite, so a run only reads it; a team's rule pack is validated on every load,
because nobody else checked it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from policy_lint.errors import CatalogueError
from policy_lint.lint.checks.kinds import template_problem
from policy_lint.lint.findings import Severity
from policy_lint.lint.load import load_text
from policy_lint.lint.rule import Example as Example  # re-exported: the catalogue's records
from policy_lint.lint.rule import Rule as Rule
from policy_lint.lint.schema_errors import schema_problem
from policy_lint.lint.settings_files import RULE_CAP, settings_text
from policy_lint.quoting import cut
from policy_lint.regular import describe_size


def rule_schema() -> dict[str, Any]:
    """The JSON Schema of a rule file."""
    text = (files("policy_lint.schemas") / "rule.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def parse_rule(text: str, source: str, *, check_schema: bool) -> Rule:
    """One rule file's text → Rule; with `check_schema`, invalid files raise CatalogueError."""
    loaded = load_text(text, source)
    if loaded.issues or loaded.document is None:
        issue = loaded.issues[0] if loaded.issues else None
        where = f"{source}:{issue.line}:{issue.column}" if issue else source
        raise CatalogueError(f"{where}: {issue.message if issue else 'empty rule file'}")
    data = loaded.document.data
    if check_schema and (problem := schema_problem(loaded.document, rule_schema())):
        raise CatalogueError(problem)
    if check_schema:
        why = template_problem(data["message"]) if isinstance(data.get("message"), str) else None
        if why is not None:  # refused when the pack loads, not when a finding is made
            span = loaded.document.position("/message")
            raise CatalogueError(f"{source}:{span.line}:{span.column}: `message` {why}")
    return Rule(
        code=data["code"],
        name=data["name"],
        severity=Severity(data["severity"]),
        summary=data["summary"].strip(),
        reason=" ".join(data["reason"].split()),
        check=data["check"],
        examples=tuple(_example(item) for item in data["examples"]),
        params=data.get("params") or {},
        message=data.get("message"),
        source=source,
    )


def _example(item: Mapping[str, Any]) -> Example:
    today = dt.date.fromisoformat(item["today"]) if item.get("today") else None
    also = tuple(item.get("also", ()))
    history = item.get("history")
    return Example(item["title"], item["policy"], tuple(item["expect"]), today, also, history)


def _rule_files(folder: Traversable | Path) -> list[Traversable | Path]:
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith((".yaml", ".yml"))),
        key=lambda entry: entry.name,
    )


@cache
def builtin_rules() -> tuple[Rule, ...]:
    """The built-in catalogue, in code order: read from its compiled form while that was compiled
    from the very rule files at hand (catalogue_json), else parsed from them."""
    from policy_lint.lint.catalogue_json import NAME, compiled

    rule_files = builtin_files()
    entry = files("policy_lint.rules") / NAME
    found = compiled(entry.read_text(encoding="utf-8") if entry.is_file() else None, rule_files)
    return found if found is not None else parse_builtin(rule_files)


def builtin_files() -> list[tuple[str, str]]:
    """The built-in rule files' names and texts, in name order."""
    folder = files("policy_lint.rules")
    return [(entry.name, entry.read_text(encoding="utf-8")) for entry in _rule_files(folder)]


def parse_builtin(rule_files: Iterable[tuple[str, str]]) -> tuple[Rule, ...]:
    """Built-in rule files parsed (trusted: the test suite validates them), in code order."""
    rules = [parse_rule(text, f"rules/{name}", check_schema=False) for name, text in rule_files]
    return tuple(sorted(rules, key=lambda rule: rule.code))


PACK_FILES = 1_000  # rule files in one rule pack
PACK_CAP = 5_000_000  # bytes of a rule pack's files together, as of a policy


def load_pack(folder: Path) -> tuple[Rule, ...]:
    """A team's rule pack: every rule file of a folder, each read as the untrusted file it is
    (settings_files) and validated; a pack of more files or bytes than any team writes is
    refused before it costs a run minutes (and a rule file that is a symlink leading out of
    its repository is refused, as every file is, by regular.py)."""
    try:
        found = folder.is_dir()
    except OSError as error:  # a name too long, a loop of symlinks
        raise CatalogueError(f"{folder}: cannot be read ({error.strerror or error})") from None
    if not found:
        raise CatalogueError(f"{folder}: a rule pack is a folder of rule files; no such folder")
    paths = [path for path in _rule_files(folder) if isinstance(path, Path)]
    if len(paths) > PACK_FILES:
        raise CatalogueError(f"{folder}: a rule pack holds at most {PACK_FILES:,} rule files")
    rules, size = [], 0
    for path in paths:
        text = settings_text(path, RULE_CAP, CatalogueError)
        size += len(text)
        if size > PACK_CAP:
            raise CatalogueError(
                f"{folder}: a rule pack's files hold at most {describe_size(PACK_CAP)} together"
            )
        rules.append(parse_rule(text, str(path), check_schema=True))
    return tuple(rules)


def plugin_rules(names: Iterable[str], trees: Iterable[Path] = ()) -> tuple[Rule, ...]:
    """Python rule packs installed by other packages, under the entry-point group
    `policy_lint.rules`, loaded only when named (scanning every installed package costs tens of
    milliseconds a run). The entry point gives an object with `RULES`, the folder of its rule
    files, and `CHECKS`, its registered check functions by rule name: code from an installed
    package, never from the repository being checked, `trees` (plugins.py)."""
    wanted = list(names)
    if not wanted:
        return ()
    from policy_lint.lint.plugins import load_plugins  # importlib.metadata: only when named

    loaded = load_plugins(wanted, trees)
    return tuple(rule for name, plugin in loaded for rule in _plugin(name, plugin))


def _plugin(name: str, plugin: Any) -> Iterator[Rule]:
    folder, checks = getattr(plugin, "RULES", None), getattr(plugin, "CHECKS", {})
    if folder is None:
        raise CatalogueError(f"rule plugin {name!r} has no RULES folder")
    for entry in _rule_files(Path(folder) if isinstance(folder, str) else folder):
        rule = parse_rule(entry.read_text(encoding="utf-8"), f"{name}:{entry.name}",
                          check_schema=True)  # fmt: skip
        if rule.check == "python":
            if rule.name not in checks:
                raise CatalogueError(f"{rule.source}: plugin {name!r} registers no `{rule.name}`")
            rule = replace(rule, function=checks[rule.name])
        yield rule


def all_rules(
    packs: Iterable[Path] = (), plugins: Iterable[str] = (), trees: Iterable[Path] = ()
) -> list[Rule]:
    """The catalogue a run uses: the built-in rules, then each rule pack's and each named
    plugin's, in that order, checked for clashes (a code or name taken twice is a
    CatalogueError); no plugin is loaded from inside `trees`."""
    from_packs = (rule for pack in packs for rule in load_pack(pack))
    rules = [*builtin_rules(), *from_packs, *plugin_rules(plugins, trees)]
    index(rules)
    return rules


def index(rules: Iterable[Rule]) -> dict[str, Rule]:
    """Rules by code and by name; a clash between two rules is a catalogue error."""
    table: dict[str, Rule] = {}
    for rule in rules:
        for key in (rule.code, rule.name):
            if key in table and table[key] is not rule:
                raise CatalogueError(
                    f"{rule.source}: `{cut(key)}` is already taken by {table[key].source}"
                )
            table[key] = rule
    return table
