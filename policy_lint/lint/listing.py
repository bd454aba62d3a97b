"""What one file's report lists: at most `LISTED` findings of each rule, and how many more.

A policy of five megabytes can hold a million vague words. Listing them all helps nobody (the
first thousand say what is wrong), makes every report several times the policy's size, and would
hold a million findings in memory at once. So a file's findings pass through a `Listing` as its
rules report them: it keeps the first `LISTED` of each rule, in the order the rule reports them
(document order, for the rules that read prose), and only counts the rest, which the linter then
need not even place. One more finding of the rule, where the first one left out stands, says how
many there were, so every format (text, JSON, SARIF, GitHub, JUnit, GitLab) carries the count
without knowing about the cap.
"""

from __future__ import annotations

from dataclasses import replace

from policy_lint.lint.findings import Finding

LISTED = 1_000  # findings of one rule listed for one file


class Listing:
    """One file's findings: the first `limit` of each rule kept, the rest only counted."""

    def __init__(self, limit: int = LISTED) -> None:
        self.limit = limit
        self.kept: dict[str, list[Finding]] = {}
        self.total: dict[str, int] = {}

    def full(self, code: str) -> bool:
        """Whether the rule's listing is complete, with the place of its count: any later
        finding of it is only counted, so it need not be made."""
        return self.total.get(code, 0) > self.limit

    def count(self, code: str) -> None:
        """One more finding of a full rule, not listed."""
        self.total[code] += 1

    def add(self, finding: Finding) -> None:
        """List the finding, or count it once its rule is full."""
        total = self.total.get(finding.code, 0)
        if total <= self.limit:  # the first one past the limit is kept for its place
            self.kept.setdefault(finding.code, []).append(finding)
        self.total[finding.code] = total + 1

    def findings(self) -> list[Finding]:
        """The listed findings in report order, with one finding per rule for those left out."""
        listed: list[Finding] = []
        for code, kept in self.kept.items():
            listed.extend(kept[: self.limit])
            more = self.total[code] - self.limit
            if more > 0:
                first = kept[self.limit]
                message = (
                    f"{more:,} more {first.name} findings in this file are not listed "
                    f"(a file lists the first {self.limit:,} of a rule)"
                )
                listed.append(replace(first, message=message))
        return sorted(listed)
