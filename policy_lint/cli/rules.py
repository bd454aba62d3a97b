"""`policy-lint rules`, `explain` and `test-rules`: the catalogue as people read it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from policy_lint.cli.options import pack_option
from policy_lint.errors import UsageError
from policy_lint.lint.catalogue import Rule, all_rules, builtin_rules, index, load_pack


def measured(rules: Sequence[Rule], export: Path) -> Sequence[Rule]:
    """The catalogue measuring a rule example's history (PL901's), the audit wing imported only
    when an example has one."""
    from policy_lint.audit.realism import on_export

    return on_export(rules, export)


@click.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pack_option
def list_rules(fmt: str, packs: tuple[Path, ...]) -> int:
    """List the rule catalogue: code, name, severity, summary."""
    from policy_lint.lint.explain import list_rules_json, list_rules_text

    rules = sorted(all_rules(packs), key=lambda rule: rule.code)
    click.echo((list_rules_json if fmt == "json" else list_rules_text)(rules), nl=False)
    return 0


@click.command()
@click.argument("rule")
@pack_option
def explain(rule: str, packs: tuple[Path, ...]) -> int:
    """Explain a rule (by code or name): why, and its examples with their findings."""
    from policy_lint.lint.explain import explain_rule

    rules = all_rules(packs)
    table = index(rules)
    found = table.get(rule) or table.get(rule.upper())
    if found is None:
        raise UsageError(f"no rule is called {rule!r} (see `policy-lint rules`)")
    click.echo(explain_rule(found, rules, measured), nl=False)
    return 0


@click.command("test-rules")
@click.argument("packs", nargs=-1, required=True, type=click.Path(path_type=Path))
def test_rules(packs: tuple[Path, ...]) -> int:
    """Run the examples of rule packs: each must report exactly its expected positions."""
    from policy_lint.lint.examples import run_examples

    pack_rules = [rule for pack in packs for rule in load_pack(pack)]
    catalogue = [*builtin_rules(), *pack_rules]
    index(catalogue)
    failed = 0
    for result in run_examples(pack_rules, catalogue, measured):
        mark = "ok  " if result.ok else "FAIL"
        click.echo(f"{mark} {result.rule.source}: {result.rule.code} {result.example.title}")
        if not result.ok:
            failed += 1
            click.echo(f"     expected {list(result.example.expect)}, got {result.positions}")
    total = sum(len(rule.examples) for rule in pack_rules)
    click.echo(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0
