"""The pytest plugin: "our helpdesk keeps our policy" as tests among a team's tests.

    pytest policies/acme.yaml --tickets export.csv [--pauses …] [--source …] [--as-of …]

collects one item per promise, named by its id; a failure reads as the auditor's sentence, with
no traceback; an inconclusive promise fails too, with the sentence saying what the data could not
settle; a promise with no data, or marked unmeasured, is skipped with the reason; an export of
which nothing was measured fails one item named after it. It is
inert unless asked: without --tickets (or `policy_lint_tickets` in the ini file) it collects
nothing and imports nothing heavy — the audit modules load only when an audit runs. All counting
is measure.py's, so the plugin and `policy-lint audit` cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from policy_lint.audit.results import AuditReport, ExportSummary, LevelResult

_OPTIONS = ("tickets", "pauses", "source", "mapping", "timezone", "date_order", "as_of", "policy")
_REPORTS: pytest.StashKey[dict[Path, AuditReport]] = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    """--tickets and its companions, also settable in the ini file as policy_lint_<name>."""
    group = parser.getgroup("policy-lint", "audit helpdesk exports against a policy")
    group.addoption(
        "--tickets",
        action="append",
        default=[],
        metavar="EXPORT",
        help="a ticket export to audit the collected policies against (repeatable)",
    )
    group.addoption("--pauses", metavar="FILE", help="pause intervals of the tickets")
    group.addoption("--source", metavar="NAME", help="auto, canonical, zendesk or freshdesk")
    group.addoption("--mapping", metavar="FILE", help="a mapping file for another export")
    group.addoption("--timezone", metavar="ZONE", help="zone of offset-less timestamps")
    group.addoption("--date-order", metavar="dmy|mdy", help="day or month first in 02/03/2026")
    group.addoption("--as-of", metavar="INSTANT", help="judge open tickets at this instant")
    group.addoption("--policy", metavar="FILE", help="the policy of the policy_audit fixture")
    parser.addini("policy_lint_tickets", "ticket exports to audit", type="paths")
    for name in _OPTIONS[1:]:
        parser.addini(f"policy_lint_{name}", f"policy-lint audit: {name}")  # fmt: skip


def _option(config: pytest.Config, name: str) -> Any:
    value = config.getoption(name.replace("-", "_"), default=None)
    return value if value else config.getini(f"policy_lint_{name}") or None


def tickets(config: pytest.Config) -> list[Path]:
    """The exports asked for on the command line, else in the ini file."""
    given = config.getoption("tickets") or []
    return [Path(p) for p in given] or [Path(p) for p in config.getini("policy_lint_tickets")]


def pytest_configure(config: pytest.Config) -> None:
    """A place for the audits of this run, one per policy."""
    config.stash[_REPORTS] = {}


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """A policy file becomes a collector of promises — only when exports were given."""
    if file_path.suffix not in (".yaml", ".yml") or not tickets(parent.config):
        return None
    if not _looks_like_policy(file_path):
        return None
    return PolicyFile.from_parent(parent, path=file_path)


def _looks_like_policy(path: Path) -> bool:
    """Whether a YAML file names promises, read no further than a policy may go; one that cannot
    be read is collected all the same, so that its audit says why."""
    from policy_lint.lint.load import MAX_BYTES
    from policy_lint.regular import NotRegular, open_regular

    try:
        with open_regular(path) as file:
            return b"service_levels:" in file.read(MAX_BYTES + 1)
    except NotRegular:
        return False
    except OSError:
        return True


def audit_of(config: pytest.Config, policy: Path) -> AuditReport:
    """The audit of one policy against the configured exports, run once per session."""
    reports = config.stash[_REPORTS]
    if policy not in reports:
        from policy_lint.audit.run import AuditRequest, run_audit

        request = AuditRequest.from_options(
            policy,
            tickets(config),
            today=dt.date.today(),  # the policy is linted on it before its audit
            source=_option(config, "source"),
            mapping=_option(config, "mapping"),
            timezone=_option(config, "timezone"),
            date_order=_option(config, "date_order"),
            pauses=_option(config, "pauses"),
            as_of=_option(config, "as_of"),
        )
        reports[policy] = run_audit(request)
    return reports[policy]


class PolicyFile(pytest.File):
    """A policy: one test item per promise."""

    def collect(self) -> Iterator[pytest.Item]:
        from policy_lint.errors import PolicyLintError

        try:
            report = audit_of(self.config, self.path)
        except PolicyLintError as error:
            raise self.CollectError(str(error)) from None
        for export in report.files:
            if not export.measured:
                yield ExportItem.from_parent(self, name=export.file, export=export)
        for result in report.results:
            yield PromiseItem.from_parent(self, name=result.id, result=result)


class PromiseFailed(AssertionError):
    """A broken promise: its message is the auditor's sentence."""


class PromiseItem(pytest.Item):
    """One promise of the policy, judged by the audit."""

    def __init__(self, *, result: LevelResult, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.result = result

    def runtest(self) -> None:
        from policy_lint.report.sentence import sentence
        from policy_lint.report.visible import visible

        r = self.result
        for key in ("status", "attainment", "goal", "met", "breached", "pending", "rate", "max"):
            value = getattr(r, key)
            if value is not None:
                self.user_properties.append((key, str(value)))
        if r.status in ("no-data", "unmeasured"):
            pytest.skip(sentence(r, visible))
        if r.status in ("fail", "inconclusive"):
            raise PromiseFailed(sentence(r, visible))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, PromiseFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.result.line - 1, f"promise {self.result.id}"


class ExportItem(pytest.Item):
    """An export of which no ticket was measured: nothing in it could be judged."""

    def __init__(self, *, export: ExportSummary, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.export = export

    def runtest(self) -> None:
        from policy_lint.report.sentence import nothing_measured
        from policy_lint.report.visible import visible

        raise PromiseFailed(nothing_measured(self.export, visible))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"export {self.export.file}"


@pytest.fixture
def policy_audit(request: pytest.FixtureRequest) -> AuditReport:
    """The audit report of the policy named by --policy (or policy_lint_policy), for own asserts."""
    policy = _option(request.config, "policy")
    if not policy or not tickets(request.config):
        pytest.skip("policy_audit needs --policy and --tickets (or their ini settings)")
    return audit_of(request.config, Path(policy))


def assert_promise(report: AuditReport, promise_id: str) -> None:
    """Assert that one promise of an audit is kept, failing with the auditor's sentence (an
    inconclusive promise is not kept: the data could not show that it was)."""
    from policy_lint.report.sentence import sentence
    from policy_lint.report.visible import visible

    found = [r for r in report.results if r.id == promise_id]
    if not found:
        known = ", ".join(r.id for r in report.results)
        raise AssertionError(f"no promise {promise_id!r} in the policy (known: {known})")
    if found[0].status in ("fail", "inconclusive"):
        raise PromiseFailed(sentence(found[0], visible))
