"""SARIF 2.1.0 for `check`, as GitHub code scanning reads it.

Every rule that ran is described in `tool.driver.rules`; each result carries a relative URI under
the `SRCROOT` base, a 1-based region, and a `partialFingerprints` entry built from the rule, the
file and the JSON Pointer — not the line — so a finding keeps its identity when lines move.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from policy_lint import __version__
from policy_lint.lint.findings import Finding, LintReport, RuleRef, Severity
from policy_lint.report.json_text import json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HELP_BASE = "https://policy-lint.dev/rules"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def help_uri(rule: RuleRef | Finding) -> str:
    """Where a rule is documented: its anchor in the rule reference."""
    return f"{HELP_BASE}#{rule.code.lower()}-{rule.name}"


def _rule(rule: RuleRef) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.reason},
        "help": {
            "text": f"{rule.summary}\n\n{rule.reason}",
            "markdown": f"**{rule.summary}**\n\n{rule.reason}",
        },
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _location(finding: Finding) -> dict[str, Any]:
    absolute = finding.path.startswith("/")
    artifact: dict[str, Any] = {"uri": ("file://" if absolute else "") + finding.path}
    if not absolute:
        artifact["uriBaseId"] = "SRCROOT"
    physical = {
        "artifactLocation": artifact,
        "region": {"startLine": finding.line, "startColumn": finding.column},
    }
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer, "kind": "object"}]
    return location


def fingerprint(finding: Finding, ordinal: int) -> str:
    """A stable identity: rule, file, pointer and the finding's rank among its twins there (a
    file name that is not UTF-8 holds lone surrogates, which are hashed as they stand)."""
    key = f"{finding.code}\0{finding.path}\0{finding.pointer}\0{ordinal}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def render_lint(report: LintReport) -> str:
    """The SARIF log of one run."""
    index = {rule.code: number for number, rule in enumerate(report.rules)}
    twins: Counter[tuple[str, str, str]] = Counter()
    results = []
    for finding in report.findings:
        key = (finding.code, finding.path, finding.pointer)
        twins[key] += 1
        result: dict[str, Any] = {"ruleId": finding.code}
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        result |= {
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [_location(finding)],
            "partialFingerprints": {"policyLint/v1": fingerprint(finding, twins[key])},
        }
        results.append(result)
    driver = {
        "name": "policy-lint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": HELP_BASE.rsplit("/", 1)[0],
        "rules": [_rule(rule) for rule in report.rules],
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
        ],
    }
    return json_text(log)
