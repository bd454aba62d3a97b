"""Rules × Document → sorted Findings: the one place a Problem becomes a placed Finding.

The loader's issues (PL100, PL101), the schema's problems (PL102) and the rules' problems are all
turned into findings here. One problem, one finding: a rule's problem at a node the schema already
reported is dropped, so a misspelled duration is reported once, by PL102, not again by PL103.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from policy_lint.errors import CatalogueError, PolicyLintError
from policy_lint.lint.catalogue import Rule, builtin_rules, index
from policy_lint.lint.checks import CHECKS, Check, Context
from policy_lint.lint.checks.kinds import KINDS
from policy_lint.lint.config import Settings, is_enabled, severity_of, unknown_names
from policy_lint.lint.document import Document
from policy_lint.lint.findings import Finding, LintReport, Problem, RuleRef, Severity
from policy_lint.lint.listing import Listing
from policy_lint.lint.load import Loaded, load_path, load_text
from policy_lint.lint.suppress import Silencer, parse_suppressions
from policy_lint.lint.tree import discover
from policy_lint.lint.validate import validate
from policy_lint.quoting import cut

if TYPE_CHECKING:  # a type only: `check` without --history loads no audit module
    from policy_lint.audit.history import History


@dataclass(frozen=True, slots=True)
class Active:
    """A rule enabled for this run: its severity after overrides and its check (none for the
    engine's rules, whose findings come from loading, the schema or suppressions)."""

    rule: Rule
    severity: Severity
    check: Check | None


def compile_check(rule: Rule) -> Check | None:
    """The check a rule names: a registered python function or a declarative kind."""
    if rule.check == "engine":
        return None
    if rule.function is not None:
        return rule.function
    if rule.check == "python":
        if rule.name not in CHECKS:
            raise CatalogueError(f"{rule.source}: no check is registered for `{rule.name}`")
        return CHECKS[rule.name]
    if rule.check not in KINDS:
        raise CatalogueError(f"{rule.source}: unknown check kind `{rule.check}`")
    return KINDS[rule.check](rule.params, rule.message)


def activate(rules: Iterable[Rule], settings: Settings) -> dict[str, Active]:
    """The enabled rules by code, each with its compiled check."""
    return {
        rule.code: Active(rule, severity_of(rule, settings), compile_check(rule))
        for rule in rules
        if is_enabled(rule, settings)
    }


@dataclass(frozen=True, slots=True)
class Linter:
    """One run's rules and facts, applied file after file."""

    active: dict[str, Active]
    catalogue: Mapping[str, Rule]
    ctx: Context
    inline_suppressions: bool = True
    history: History | None = None  # PL901: measures a policy's promises on past tickets

    def lint_loaded(self, loaded: Loaded, path: str) -> list[Finding]:
        """The findings of one loaded policy, suppressions applied, at most `LISTED` a rule.

        Problems stream from the checks through the suppressions into the listing, so a policy
        with a million findings never holds them all at once; once a rule's listing is full, its
        further problems are only counted, not placed, unless a suppression of a single line
        must be weighed against them.
        """
        text = loaded.document.text if loaded.document else loaded.text
        suppressions = parse_suppressions(text) if self.inline_suppressions else []
        silencer = Silencer(suppressions, self.catalogue, self.ctx.today)
        listing = Listing()
        doc = loaded.document
        for entry, problem in self.problems(loaded, path):
            code = entry.rule.code
            if silencer.silences_anywhere(code):
                continue
            full = listing.full(code)
            if full and not silencer.needs_line(code):
                listing.count(code)
                continue
            if isinstance(problem, Problem):
                assert doc is not None  # only a document's checks raise problems
                problem = _place(doc, path, entry, problem)
            if silencer.silences(problem.line, code):
                continue
            if full:
                listing.count(code)
            else:
                listing.add(problem)
        for comment, code, message in silencer.problems(set(self.active)):
            if code in self.active:
                entry = self.active[code]
                listing.add(_finding(path, comment.line, comment.column, entry, message, ""))
        return listing.findings()

    def problems(self, loaded: Loaded, path: str) -> Iterator[tuple[Active, Finding | Problem]]:
        """Loader issues (placed already), schema problems and rule problems, by their rule."""
        active = self.active
        reported: set[str] = set()  # nodes already reported, which no later rule repeats
        for issue in loaded.issues:
            if issue.code == "PL100" and issue.pointer:
                reported.add(issue.pointer)  # a value the loader could not read as written
            if issue.code in active:
                entry = active[issue.code]
                yield (
                    entry,
                    _finding(path, issue.line, issue.column, entry, issue.message, issue.pointer),
                )
        doc = loaded.document
        if doc is None:
            return
        if "PL102" in active:
            for problem in validate(doc):
                if problem.pointer not in reported:
                    reported.add(problem.pointer)
                    yield active["PL102"], problem
        if not isinstance(doc.data, dict):
            return  # an empty file or a list is one problem (PL102), not one per rule
        ctx = self.ctx_for(doc)
        for entry in active.values():
            if entry.check is None:
                continue
            for problem in entry.check(doc, ctx):
                if problem.pointer not in reported:
                    yield entry, problem

    def ctx_for(self, doc: Document) -> Context:
        """The run's context with the document's own language, and its history when asked."""
        ctx = self.ctx
        language = doc.get("/language")
        if isinstance(language, str) and language:
            ctx = replace(ctx, language=language.split("-")[0].lower())
        if self.history is not None and "PL901" in self.active:
            ctx = replace(ctx, history=self.history(doc))
        return ctx


def _place(doc: Document, path: str, entry: Active, problem: Problem) -> Finding:
    span = doc.position(problem.pointer, key=problem.key, offset=problem.offset)
    return _finding(path, span.line, span.column, entry, problem.message, problem.pointer)


def _finding(
    path: str, line: int, column: int, entry: Active, message: str, pointer: str
) -> Finding:
    rule = entry.rule
    return Finding(path, line, column, rule.code, rule.name, entry.severity, message, pointer)


def lint_text(text: str, path: str, linter: Linter) -> list[Finding]:
    """The findings of a policy given as text (examples, tests)."""
    return linter.lint_loaded(load_text(text, path), path)


def make_linter(
    rules: Iterable[Rule],
    settings: Settings,
    *,
    inline: bool = True,
    history: History | None = None,
) -> Linter:
    """A linter for these rules under these settings."""
    rules = list(rules)
    context = Context(today=settings.today, language=settings.language)
    return Linter(activate(rules, settings), index(rules), context, inline, history)


def config_findings(linter: Linter, rules: list[Rule], settings: Settings) -> list[Finding]:
    """PL004 for every name in the configuration file that no rule has, at its line."""
    doc = settings.config
    if doc is None or "PL004" not in linter.active or not isinstance(doc.data, dict):
        return []
    entry = linter.active["PL004"]
    return [
        _place(
            doc,
            doc.path,
            entry,
            Problem(
                pointer,
                f"configuration names `{cut(name)}`, which no rule has",
                key="/severity/" in pointer,
            ),
        )
        for pointer, name in unknown_names(rules, doc.data)
    ]


def lint_paths(
    paths: Sequence[Path],
    rules: Iterable[Rule],
    settings: Settings,
    history: History | None = None,
) -> LintReport:
    """Lint every policy file under `paths`."""
    rules = list(rules)
    linter = make_linter(rules, settings, inline=settings.inline_suppressions, history=history)
    files = discover(paths, settings.exclude)
    findings = config_findings(linter, rules, settings)
    for file in files:
        shown = file.as_posix()
        findings.extend(linter.lint_loaded(load_path(file, shown), shown))
    refs = [
        RuleRef(a.rule.code, a.rule.name, a.severity, a.rule.summary, a.rule.reason)
        for a in linter.active.values()
    ]
    shown_paths = [file.as_posix() for file in files]
    return LintReport.of(findings, shown_paths, refs, settings.fail_level)


def refuse_errors(policy: Path, today: dt.date, doing: str = "an audit") -> None:
    """PolicyLintError naming the policy's errors, if it has any."""
    report = lint_paths([policy], builtin_rules(), Settings(today=today))
    errors = [f for f in report.findings if f.severity == Severity.ERROR]
    if errors:
        shown = "; ".join(f"{f.line}:{f.column} {f.code} {f.message}" for f in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise PolicyLintError(
            f"{policy}: the policy has {len(errors)} error(s), fix them before "
            f"{doing}: {shown}{more}"
        )
