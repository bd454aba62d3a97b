"""JUnit XML of an audit: one test case per promise, failing with the auditor's sentence."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from policy_lint.report.sentence import sentence
from policy_lint.results import AuditReport


def render_audit(report: AuditReport) -> str:
    """A test suite named for the policy; no-data and unmeasured promises are skipped."""
    suite = ET.Element("testsuite", name=f"policy-lint audit {report.policy}")
    failures = skipped = 0
    for r in report.results:
        case = ET.SubElement(suite, "testcase", classname=report.policy, name=r.id)
        properties = ET.SubElement(case, "properties")
        for key in ("status", "attainment", "goal", "met", "breached", "pending", "rate", "max"):
            value = getattr(r, key)
            if value is not None:
                ET.SubElement(properties, "property", name=key, value=str(value))
        if r.status == "fail":
            failures += 1
            ET.SubElement(case, "failure", message=sentence(r), type="broken-promise")
        elif r.status in ("no-data", "unmeasured"):
            skipped += 1
            ET.SubElement(case, "skipped", message=sentence(r))
    suite.set("tests", str(len(report.results)))
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    root = ET.Element("testsuites", name="policy-lint")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
