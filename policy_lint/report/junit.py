"""JUnit XML for CI systems that show test reports: one test case per file and rule.

A file is a test suite; each rule that ran is a test case in it, failed by the findings that fail
the run and passed otherwise (findings below the fail level are kept in the case's system-out).

XML 1.0 has no way to write most C0 controls, even as references: a path or a message that
carried one made a document every JUnit reader refuses. Each value is made `visible`, and the
document scrubbed, so that what reaches the XML is printable and the lines are the tool's own.
"""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from policy_lint.lint.findings import Finding, LintReport
from policy_lint.report.visible import scrub, visible


def render_lint(report: LintReport) -> str:
    """The JUnit document of one run."""
    by_file: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in report.findings:
        by_file[finding.path][finding.code].append(finding)
    paths = sorted(set(report.paths) | set(by_file))
    root = ET.Element("testsuites", name="policy-lint")
    total = failed = 0
    for path in paths:
        suite = ET.SubElement(root, "testsuite", name=visible(path))
        cases = failures = 0
        codes = sorted({rule.code for rule in report.rules} | set(by_file[path]))
        names = {rule.code: rule.name for rule in report.rules}
        for code in codes:
            found = by_file[path].get(code, [])
            cases += 1
            name = visible(f"{code} {names.get(code) or found[0].name}")
            case = ET.SubElement(suite, "testcase", classname=visible(path), name=name)
            failing = [f for f in found if report.fails(f)]
            if failing:
                failures += 1
                text = "\n".join(f"{_where(f)}: {visible(f.message)}" for f in failing)
                ET.SubElement(
                    case,
                    "failure",
                    message=visible(failing[0].message),
                    type=str(failing[0].severity),
                ).text = text
            passing = [f for f in found if not report.fails(f)]
            if passing:
                ET.SubElement(case, "system-out").text = "\n".join(
                    f"{_where(f)}: [{f.severity}] {visible(f.message)}" for f in passing
                )
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        total, failed = total + cases, failed + failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    return xml_text(root)


def _where(finding: Finding) -> str:
    return f"{visible(finding.path)}:{finding.line}:{finding.column}"


def xml_text(root: ET.Element) -> str:
    """The document, indented, with its declaration, scrubbed of what XML 1.0 cannot hold."""
    ET.indent(root)
    return scrub(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    )
