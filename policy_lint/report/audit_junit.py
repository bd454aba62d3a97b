"""JUnit XML of an audit: one test case per promise, failing with the auditor's sentence.

Values are made `visible` and the document scrubbed, as for `check`'s JUnit (`junit.xml_text`).
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from policy_lint.audit.results import AuditReport
from policy_lint.report.junit import xml_text
from policy_lint.report.sentence import nothing_measured, sentence
from policy_lint.report.visible import visible


def render_audit(report: AuditReport) -> str:
    """A test suite named for the policy; no-data and unmeasured promises are skipped, and an
    inconclusive one fails as a broken one does: a gate must not pass what it could not see.
    An export of which nothing was measured is a failing test case of its own."""
    policy = visible(report.policy)
    suite = ET.Element("testsuite", name=f"policy-lint audit {policy}")
    failures = skipped = 0
    for export in report.files:
        if not export.measured:
            failures += 1
            case = ET.SubElement(suite, "testcase", classname=policy, name=visible(export.file))
            said = nothing_measured(export, visible)
            ET.SubElement(case, "failure", message=said, type="no-data")
    for r in report.results:
        case = ET.SubElement(suite, "testcase", classname=policy, name=visible(r.id))
        properties = ET.SubElement(case, "properties")
        for key in ("status", "attainment", "goal", "met", "breached", "pending", "rate", "max"):
            value = getattr(r, key)
            if value is not None:
                ET.SubElement(properties, "property", name=key, value=str(value))
        if r.status in ("fail", "inconclusive"):
            failures += 1
            kind = "broken-promise" if r.status == "fail" else "inconclusive"
            ET.SubElement(case, "failure", message=sentence(r, visible), type=kind)
        elif r.status in ("no-data", "unmeasured"):
            skipped += 1
            ET.SubElement(case, "skipped", message=sentence(r, visible))
    suite.set("tests", str(len(suite.findall("testcase"))))
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    root = ET.Element("testsuites", name="policy-lint")
    root.append(suite)
    return xml_text(root)
