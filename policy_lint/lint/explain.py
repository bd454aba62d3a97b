"""`policy-lint explain` and `rules`: the catalogue as people read it, examples run live.

The failing example is shown with the finding it actually produces now, so the documentation
cannot drift from the code.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence

from policy_lint.lint.catalogue import Rule
from policy_lint.lint.examples import Measure, run_example


def explain_rule(rule: Rule, catalogue: Sequence[Rule], measure: Measure | None = None) -> str:
    """The rule's summary, reason and examples with their live findings (`measure`: see
    `examples.run_example`)."""
    lines = [f"{rule.code} {rule.name} ({rule.severity})", rule.summary, ""]
    lines += [*textwrap.wrap(f"Why: {rule.reason}", width=88), ""]
    for example in rule.examples:
        result = run_example(rule, example, catalogue, measure)
        kind = "Failing" if example.failing else "Passing"
        lines.append(f"{kind} example: {example.title}")
        lines += [f"    {line}" for line in example.policy.rstrip("\n").splitlines()]
        for f in result.findings:
            lines.append(f"  → {f.line}:{f.column}: {f.code} [{f.severity}] {f.message}")
        if not result.findings:
            lines.append("  → no finding")
        lines.append("")
    return "\n".join(lines)


def list_rules_text(rules: Sequence[Rule]) -> str:
    """One line a rule: code, name, severity, summary."""
    width = max((len(rule.name) for rule in rules), default=0)
    return "".join(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}\n" for r in rules)


def list_rules_json(rules: Sequence[Rule]) -> str:
    """The catalogue as JSON: code, name, severity, summary, reason."""
    items = [
        {
            "code": r.code,
            "name": r.name,
            "severity": str(r.severity),
            "summary": r.summary,
            "reason": r.reason,
        }
        for r in rules
    ]
    return json.dumps({"version": 1, "rules": items}, ensure_ascii=False, indent=1) + "\n"


def rules_markdown(rules: Sequence[Rule]) -> str:
    """docs/rules.md: the catalogue reference, generated from rules/ (a test keeps it current)."""
    lines = [
        "# Rule reference",
        "",
        "Generated from `rules/` by `pytest --update-golden`; do not edit by hand. Every rule is",
        "selected by its code or name; `policy-lint explain CODE` runs its examples live.",
        "",
        "| code | name | severity | finds |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r.code} | {r.name} | {r.severity} | {r.summary} |" for r in rules]
    for rule in rules:
        lines += ["", f"## {rule.code} {rule.name}", "", f"*{rule.severity}* — {rule.summary}"]
        lines += ["", rule.reason]
        for example in rule.examples:
            kind = "Fails" if example.failing else "Passes"
            at = f" (findings at {', '.join(example.expect)})" if example.expect else ""
            lines += ["", f"{kind}: {example.title}{at}", "", "```yaml"]
            lines += [*example.policy.rstrip("\n").splitlines(), "```"]
    return "\n".join(lines) + "\n"
