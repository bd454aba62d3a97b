"""Settings: defaults ← .policy-lint.yaml ← flags, frozen; and the select/ignore decision.

The decision follows flake8's: a rule is selected by its code, its name or a code prefix (`PL3`),
and when both `select` and `ignore` match a rule, the more specific match wins (a name or a full
code beats a prefix, a longer prefix beats a shorter one).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from policy_lint.errors import ConfigError
from policy_lint.lint.catalogue import Rule
from policy_lint.lint.document import Document
from policy_lint.lint.findings import Severity
from policy_lint.lint.load import load_text
from policy_lint.lint.schema_errors import schema_problem
from policy_lint.lint.settings_files import SETTINGS_CAP, settings_text
from policy_lint.quoting import cut
from policy_lint.repository import MARKER, inside, repository_of

CONFIG_NAME = ".policy-lint.yaml"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a lint run needs to know besides the files themselves."""

    today: dt.date
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    fail_level: Severity = Severity.ERROR
    exclude: tuple[str, ...] = ()
    language: str = "en"
    rule_packs: tuple[Path, ...] = ()
    inline_suppressions: bool = True
    plugins: tuple[str, ...] = ()  # installed rule plugins to load (entry-point names)
    config: Document | None = None  # the configuration file read, for placing PL004


def find_config(start: Path) -> Path | None:
    """The nearest .policy-lint.yaml from `start` up to the repository root (a folder with .git).

    Whatever it is: a FIFO, a device or a symlink out of the repository is refused when read.
    """
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if os.path.lexists(candidate):
            return candidate
        if (folder / MARKER).exists():
            return None
    return None


def read_validated(path: Path, schema_name: str) -> tuple[dict[str, Any], Document]:
    """A YAML settings file (configuration, mapping) read as an untrusted file (settings_files)
    and held to its schema, or ConfigError naming file, line, column and problem."""
    loaded = load_text(settings_text(path, SETTINGS_CAP, ConfigError), str(path))
    if loaded.issues or loaded.document is None:
        issue = loaded.issues[0] if loaded.issues else None
        where = f"{path}:{issue.line}:{issue.column}" if issue else str(path)
        raise ConfigError(f"{where}: {issue.message if issue else 'cannot be read'}")
    doc = loaded.document
    schema = json.loads((files("policy_lint.schemas") / schema_name).read_text())
    problem = schema_problem(doc, schema)
    if problem is not None:
        raise ConfigError(problem)
    return doc.data if doc.data is not None else {}, doc


def read_config(path: Path) -> tuple[dict[str, Any], Document]:
    """The configuration's data and document."""
    return read_validated(path, "config.schema.json")


def settings_from(today: dt.date, config: Path | None, flags: Mapping[str, Any]) -> Settings:
    """Layer the defaults, the configuration file and the command-line flags into Settings.

    `--select` replaces the file's `select`; `--ignore`, `--exclude` and `--rules` add to it;
    `--strict` or `--fail-level` replace `fail_level`.
    """
    data: dict[str, Any] = {}
    packs: tuple[Path, ...] = ()
    doc = None
    if config is not None:
        data, doc = read_config(config)
        packs = _packs(config, data, doc)
    fail = flags.get("fail_level") or data.get("fail_level", "error")
    return Settings(
        today=today,
        select=tuple(flags.get("select") or data.get("select", ())),
        ignore=(*data.get("ignore", ()), *flags.get("ignore", ())),
        severities={key: Severity(value) for key, value in data.get("severity", {}).items()},
        fail_level=Severity(fail),
        exclude=(*data.get("exclude", ()), *flags.get("exclude", ())),
        language=data.get("language", "en"),
        rule_packs=(*packs, *flags.get("rules", ())),
        plugins=(*data.get("plugins", ()), *flags.get("plugins", ())),
        inline_suppressions=flags.get("inline_suppressions", True)
        and data.get("inline_suppressions", True),
        config=doc,
    )


def _packs(config: Path, data: Mapping[str, Any], doc: Document) -> tuple[Path, ...]:
    """The configuration's rule packs, relative to its folder and inside its repository (the
    folder holding it up to the one with .git): a pull request that edits the configuration
    must not have the tool read `/home/runner/…` or `../../` and quote what it finds there."""
    root = repository_of(config.parent)
    packs = []
    for index, entry in enumerate(data.get("rules", ())):
        folder = config.parent / entry
        if not inside(folder, root):
            span = doc.position(f"/rules/{index}")
            raise ConfigError(
                f"{doc.path}:{span.line}:{span.column}: rule pack {cut(entry)!r} leads outside "
                f"{root}, the configuration's repository"
            )
        packs.append(folder)
    return tuple(packs)


def _specificity(rule: Rule, patterns: Iterable[str]) -> int:
    """How specifically any pattern names the rule: 0 none, else the length matched."""
    best = 0
    for pattern in patterns:
        if pattern in (rule.name, rule.code):
            return 1000
        if pattern and rule.code.startswith(pattern.upper()):
            best = max(best, len(pattern))
    return best


def is_enabled(rule: Rule, settings: Settings) -> bool:
    """Whether the rule runs under these settings."""
    selected = _specificity(rule, settings.select) if settings.select else 1
    ignored = _specificity(rule, settings.ignore)
    return selected > 0 and selected >= ignored if ignored else selected > 0


def severity_of(rule: Rule, settings: Settings) -> Severity:
    """The rule's severity after any override by code or name."""
    return settings.severities.get(rule.code) or settings.severities.get(rule.name) or rule.severity


def unknown_names(rules: Iterable[Rule], data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Names in `select`, `ignore` and `severity` that no rule answers to: (pointer, name)."""
    rules = list(rules)
    known = {key for rule in rules for key in (rule.code, rule.name)}
    prefixes = {rule.code[:n] for rule in rules for n in range(1, len(rule.code) + 1)}
    found = []
    for field_name in ("select", "ignore"):
        for index, name in enumerate(data.get(field_name) or ()):
            if name not in known and name.upper() not in prefixes:
                found.append((f"/{field_name}/{index}", name))
    found.extend(
        (f"/severity/{name}", name) for name in data.get("severity") or {} if name not in known
    )
    return found
