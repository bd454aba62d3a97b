"""Suppression comments: a finding silenced where it stands, with a reason and an end date.

    # policy-lint: disable=PL205 reason="board-approved 100 % target" until=2027-06-30
    # policy-lint: disable-file=PL803 reason="no self-service portal yet"

`disable` silences the named rules on its own line, or — written on a line of its own — on the
next line; `disable-file` anywhere silences them in the whole file. A suppression keeps its
author honest: without a reason it is PL001, after `until` it is PL002 and what it hid comes
back, when it silenced nothing it is PL003, and a name no rule has is PL004.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from policy_lint.lint.catalogue import Rule
from policy_lint.quoting import cut

_COMMENT = re.compile(r"(?:^|\s)#\s*policy-lint:\s*(?P<body>.*)$")
_DIRECTIVE = re.compile(r"^(?P<kind>disable-file|disable)\s*=\s*(?P<rules>[\w,\s-]+?)(?=\s+\w+=|$)")
_OPTION = re.compile(
    r"""(?P<key>reason|until)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))"""
)


@dataclass(slots=True)
class Suppression:
    """One parsed suppression comment."""

    line: int
    column: int
    whole_file: bool
    names: tuple[str, ...]
    applies_to: int  # the line it silences (0 for the whole file)
    reason: str | None = None
    until: dt.date | None = None
    problem: str | None = None  # why the comment cannot be read
    used: set[str] = field(default_factory=set)


def parse_suppressions(text: str) -> list[Suppression]:
    """Every `# policy-lint:` comment of the text."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _COMMENT.search(line)
        if match is None:
            continue
        column = match.start() + (1 if line[match.start()] != "#" else 0) + 1
        own_line = not line[: column - 1].strip()
        found.append(_parse(match.group("body"), number, column, own_line))
    return found


def _parse(body: str, line: int, column: int, own_line: bool) -> Suppression:
    directive = _DIRECTIVE.match(body.strip())
    if directive is None:
        return Suppression(
            line,
            column,
            False,
            (),
            line,
            problem=f"cannot read `{cut(body.strip())}`: "
            'write `disable=CODE reason="…"` or `disable-file=CODE …`',
        )
    whole = directive["kind"] == "disable-file"
    names = tuple(n.strip() for n in directive["rules"].split(",") if n.strip())
    target = 0 if whole else line + 1 if own_line else line
    suppression = Suppression(line, column, whole, names, target)
    for option in _OPTION.finditer(body[directive.end() :]):
        value = option["dq"] if option["dq"] is not None else option["sq"] or option["bare"]
        if option["key"] == "reason":
            suppression.reason = value.strip() or None
        else:
            try:
                suppression.until = dt.date.fromisoformat(value)
            except ValueError:
                suppression.problem = f"until={cut(value)} is not a date such as 2027-06-30"
    return suppression


class Silencer:
    """The file's suppressions, looked up by rule code and line: a finding costs a dictionary
    look-up or two however many suppressions the file holds (a policy of five megabytes may
    hold a hundred thousand of them, and a million findings).

    An expired suppression silences nothing: its findings stay, and it is reported itself. Of
    two suppressions that would silence a finding, the one written first is the one used.
    """

    def __init__(
        self, suppressions: list[Suppression], catalogue: Mapping[str, Rule], today: dt.date
    ) -> None:
        self.suppressions, self.catalogue, self.today = suppressions, catalogue, today
        self.at: dict[tuple[int, str], Suppression] = {}  # (line silenced, or 0: all; code)
        self.lined: set[str] = set()  # codes some suppression silences on one line only
        for s in suppressions:
            if s.problem or (s.until is not None and s.until < today):
                continue
            for name in s.names:
                rule = catalogue.get(name)
                if rule is not None:
                    self.at.setdefault((s.applies_to, rule.code), s)
                    if s.applies_to:
                        self.lined.add(rule.code)

    def needs_line(self, code: str) -> bool:
        """Whether a finding of this rule must be placed before it can be judged."""
        return code in self.lined

    def silences_anywhere(self, code: str) -> bool:
        """Whether a suppression silences every finding of the rule wherever it stands (that
        suppression is then used); False when a suppression of one line must be weighed."""
        whole = self.at.get((0, code)) if code not in self.lined else None
        if whole is None:
            return False
        whole.used.add(code)
        return True

    def silences(self, line: int, code: str) -> bool:
        """Whether a suppression silences a finding of this rule on this line (that suppression
        is then used)."""
        if not self.at:
            return False
        lined, whole = self.at.get((line, code)), self.at.get((0, code))
        silencer = (
            lined if whole is None else whole if lined is None else min(lined, whole, key=_written)
        )
        if silencer is None:
            return False
        silencer.used.add(code)
        return True

    def problems(self, enabled: set[str]) -> list[tuple[Suppression, str, str]]:
        """The suppressions' own problems as (comment, code, message). Only a suppression all of
        whose rules ran (`enabled` codes) can be called unused."""
        return _problems(self.suppressions, self.catalogue, self.today, enabled)


def _written(s: Suppression) -> tuple[int, int]:
    return s.line, s.column


def _problems(
    suppressions: list[Suppression],
    catalogue: Mapping[str, Rule],
    today: dt.date,
    enabled: set[str],
) -> list[tuple[Suppression, str, str]]:
    problems = []
    for s in suppressions:
        if s.problem:
            problems.append((s, "PL004", f"suppression {s.problem}"))
            continue
        unknown = [name for name in s.names if name not in catalogue]
        for name in unknown:
            problems.append((s, "PL004", f"suppression names `{cut(name)}`, which no rule has"))
        if s.reason is None:
            problems.append(
                (
                    s,
                    "PL001",
                    'suppression without a reason: say why, reason="…", so a reviewer can judge it',
                )
            )
        if s.until is not None and s.until < today:
            problems.append(
                (
                    s,
                    "PL002",
                    f"suppression expired on {s.until.isoformat()}: what it hid is reported again",
                )
            )
        elif not s.used and not unknown and all(catalogue[n].code in enabled for n in s.names):
            named = ", ".join(s.names)
            problems.append((s, "PL003", f"suppression of {named} silenced nothing: remove it"))
    return problems
