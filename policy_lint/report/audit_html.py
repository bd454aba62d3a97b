"""A self-contained HTML report of an audit: numbers and pictures an auditor opens offline.

One file, no network: inline CSS and inline SVG drawn here. Every chart says in text what its
colour says, so it reads printed and without colour. The size depends on the number of
promises, never on the number of tickets: charts come from fixed bins and counts.

Every value is HTML-escaped where it is written; the document is then scrubbed as a text report
is, since it may be printed to a CI log too: no control character, no lone surrogate (which no
UTF-8 output can encode), no workflow command.
"""

from __future__ import annotations

from html import escape

from policy_lint.audit.results import RATIO_EDGES, AuditReport, LevelResult
from policy_lint.report.figures import export_words, percent, target
from policy_lint.report.sentence import EVENT, elapsed_words, period_words, sentence
from policy_lint.report.visible import scrub

SHOWN_REJECTED = 100
CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;
color:#1a1a1a;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:2rem 0 .4rem;border-top:1px solid
#ccc;padding-top:1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
td.n{text-align:right;
font-variant-numeric:tabular-nums}.pass{color:#1b6e20}.fail{color:#b00020;font-weight:600}
.inconclusive{color:#8a5a00;font-weight:600}
.muted{color:#666}svg{display:block;max-width:100%;height:auto;margin:.4rem 0}
.sentence{margin:.3rem 0 .6rem}code{font-size:.9em}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}section{break-inside:avoid}}
"""
MARK = {
    "pass": "✔ pass",
    "fail": "✘ fail",
    "inconclusive": "? inconclusive",
    "no-data": "– no data",
    "unmeasured": "– unmeasured",
}


def _bar(r: LevelResult) -> str:
    """Attainment as a bar from 0 to 100 %, the goal as a dashed line with its label."""
    width, height = 600, 46
    x = (r.attainment or 0) * width
    goal = (r.goal or 0) * width
    low, high = r.confidence or (r.attainment or 0, r.attainment or 0)
    return (
        f'<svg viewBox="0 0 {width + 60} {height}" width="{width + 60}" height="{height}" '
        f'role="img" aria-label="attainment {percent(r.attainment)} against goal '
        f'{percent(r.goal)}">'
        f'<rect x="0" y="8" width="{width}" height="18" fill="#eee" stroke="#999"/>'
        f'<rect x="0" y="8" width="{x:.1f}" height="18" fill="#4a78b5"/>'
        f'<line x1="{low * width:.1f}" x2="{high * width:.1f}" y1="30" y2="30" stroke="#333" '
        f'stroke-width="2"/><line x1="{goal:.1f}" x2="{goal:.1f}" y1="2" y2="34" stroke="#000" '
        f'stroke-width="2" stroke-dasharray="4 2"/>'
        f'<text x="{min(goal, width - 60) + 4:.1f}" y="44" font-size="11">goal '
        f"{percent(r.goal)}</text>"
        f'<text x="{width + 6}" y="22" font-size="13">{percent(r.attainment)}</text></svg>'
    )


def _histogram(r: LevelResult) -> str:
    """Answered tickets by elapsed time as a share of their limit; the limit is a solid line.

    A breach the event never reached has no elapsed time to place: it is a bar of its own at
    the right, so that a failing promise never shows every bar inside its target.
    """
    counts = list(r.histogram)
    if not counts or not sum(counts) + r.no_event:
        return ""
    labels = ["≤¼", "≤½", "≤¾", "≤1", "≤1½", "≤2", "≤3", "≤5", ">5"]
    if r.no_event:
        counts.append(r.no_event)
        labels.append(NONE[r.metric])
    width, height, gap = 600, 140, 4
    below = 50 if r.no_event else 36  # the axis's labels, the legend, the bar of no event's
    step = width / len(counts)
    top = max(counts)
    parts = [
        f'<svg viewBox="0 0 {width} {height + below}" width="{width}" height="{height + below}" '
        f'role="img" aria-label="distribution of elapsed time against the target">'
    ]
    for i, count in enumerate(counts):
        h = height * count / top
        fill = "#4a78b5" if i < RATIO_EDGES.index(1.0) + 1 else "#c0504d"
        pattern = "" if fill == "#4a78b5" else ' stroke="#000" stroke-dasharray="2 2"'
        parts.append(
            f'<rect x="{i * step + gap / 2:.1f}" y="{height - h:.1f}" '
            f'width="{step - gap:.1f}" height="{h:.1f}" fill="{fill}"{pattern}/>'
            f'<text x="{i * step + step / 2:.1f}" y="{height + 14}" font-size="11" '
            f'text-anchor="middle">{labels[i]}</text>'
            f'<text x="{i * step + step / 2:.1f}" y="{max(height - h - 3, 10):.1f}" '
            f'font-size="10" text-anchor="middle">{count:,}</text>'
        )
    limit = step * (RATIO_EDGES.index(1.0) + 1)
    parts.append(
        f'<line x1="{limit:.1f}" x2="{limit:.1f}" y1="0" y2="{height}" stroke="#000" '
        f'stroke-width="2"/><text x="{limit + 4:.1f}" y="12" font-size="11">target '
        f'{escape(target(r))}</text><text x="0" y="{height + 32}" font-size="11">elapsed '
        "as a share of the target: left of the line kept, right of it broken</text>"
        f"{_none_legend(r, height + 46)}</svg>"
    )
    return "".join(parts)


# the bar of breaches the event never reached, short enough for its place under the chart
NONE = {"first_response": "no reply", "resolution": "unresolved", "acknowledgement": "no ack."}


def _none_legend(r: LevelResult, y: int) -> str:
    if not r.no_event:
        return ""
    return (
        f'<text x="0" y="{y}" font-size="11">{NONE[r.metric]}: breached, with no '
        f"{EVENT[r.metric]} by as-of</text>"
    )


def _periods(r: LevelResult) -> str:
    """Attainment period by period, the goal as a dashed line (abandonment: the sentence says)."""
    if not r.periods or r.metric == "abandonment_rate":
        return ""
    width, height = 600, 120
    step = width / len(r.periods)
    goal_y = height - (r.goal or 0) * height
    parts = [
        f'<svg viewBox="0 0 {width} {height + 20}" width="{width}" height="{height + 20}" '
        f'role="img" aria-label="attainment by period">'
    ]
    for i, p in enumerate(r.periods):
        h = (p.attainment or 0) * height
        parts.append(
            f'<rect x="{i * step + 3:.1f}" y="{height - h:.1f}" width="{step - 6:.1f}" '
            f'height="{h:.1f}" fill="{"#4a78b5" if p.status != "fail" else "#c0504d"}"/>'
            f'<text x="{i * step + step / 2:.1f}" y="{height + 14}" font-size="10" '
            f'text-anchor="middle">{escape(p.period)} {percent(p.attainment)}</text>'
        )
    parts.append(
        f'<line x1="0" x2="{width}" y1="{goal_y:.1f}" y2="{goal_y:.1f}" stroke="#000" '
        'stroke-dasharray="4 2"/></svg>'
    )
    return "".join(parts)


def _promise(r: LevelResult) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(w.ticket_id)}</code></td><td>"
        f"{escape(elapsed_words(r, w))}</td>"
        f"<td>{escape(w.file)} row {w.row}</td></tr>"
        for w in (*r.worst, *r.unanswered)
    )
    worst = f"<table><tr><th>worst ticket</th><th>elapsed</th><th>where</th></tr>{rows}</table>"
    charts = "" if r.metric == "abandonment_rate" or r.attainment is None else _bar(r)
    return (
        f'<section id="{escape(r.id)}"><h2><span class="{escape(str(r.status))}">'
        f"{MARK[str(r.status)]}</span> {escape(r.id)}</h2>"
        f'<p class="muted">{escape(r.channel)} · {escape(r.metric)} · {escape(target(r))}</p>'
        f'<p class="sentence">{escape(sentence(r))}</p>{charts}{_histogram(r)}{_periods(r)}'
        f"{worst if r.worst or r.unanswered else ''}</section>"
    )


def _summary(report: AuditReport) -> str:
    rows = []
    for r in report.results:
        figures = (
            f"{percent(r.rate)} of {r.calls or 0:,} calls abandoned"
            if r.metric == "abandonment_rate"
            else f"{percent(r.attainment)} vs {percent(r.goal)}"
        )
        figures = escape("; ".join([figures, *period_words(r)]))
        rows.append(
            f'<tr><td class="{escape(str(r.status))}">{MARK[str(r.status)]}</td>'
            f'<td><a href="#{escape(r.id)}">{escape(r.id)}</a></td>'
            f"<td>{escape(target(r))}</td><td>{figures}</td><td class=n>{r.met:,}</td>"
            f"<td class=n>{r.breached:,}</td><td class=n>{r.pending:,}</td></tr>"
        )
    head = (
        "<tr><th>status</th><th>promise</th><th>target</th><th>result</th><th>met</th>"
        "<th>breached</th><th>pending</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def _pauses_rejected(report: AuditReport) -> str:
    """The pause intervals that could not be used: their tickets keep those pauses."""
    if not report.pause_rejected:
        return ""
    return (
        f"<h2>Rejected pause intervals: {report.pause_rejected:,}</h2><p class=muted>Their "
        "tickets' elapsed times keep those pauses: upper bounds, never kinder.</p>"
        f"{_by_reason(report.pause_rejected_by_reason, 'intervals')}"
    )


def _by_reason(counts: tuple[tuple[str, int], ...], what: str) -> str:
    """A table of reasons and how many rows (or intervals) each rejected."""
    rows = "".join(
        f"<tr><td>{escape(reason)}</td><td class=n>{count:,}</td></tr>" for reason, count in counts
    )
    return f"<table><tr><th>reason</th><th>{what}</th></tr>{rows}</table>"


def _rejected(report: AuditReport) -> str:
    if not report.rejected:
        return "<h2>Rejected rows</h2><p>None: every row of the export was measured.</p>"
    rows = "".join(
        f"<tr><td>{escape(r.file)}</td><td class=n>{r.row}</td>"
        f"<td><code>{escape(r.ticket_id or '')}</code></td><td>{escape(r.reason)}</td></tr>"
        for r in report.rejected_rows[:SHOWN_REJECTED]
    )
    more = report.rejected - min(len(report.rejected_rows), SHOWN_REJECTED)
    tail = f"<p class=muted>and {more:,} more, counted above.</p>" if more > 0 else ""
    return (
        f"<h2>Rejected rows: {report.rejected:,}</h2>"
        f"{_by_reason(report.rejected_by_reason, 'rows')}"
        "<table><tr><th>file</th><th>row</th><th>ticket</th>"
        f"<th>reason</th></tr>{rows}</table>{tail}"
    )


def render_audit(report: AuditReport) -> str:
    """The whole report as one HTML document."""
    revision = f", revision {escape(report.revision)}" if report.revision else ""
    undeclared = "".join(
        f"<p>{count:,} tickets on <code>{escape(name)}</code>, a channel the policy does not "
        "declare (counted for promises on any channel and for complaints).</p>"
        for name, count in report.undeclared_channels
    )
    title = f"Policy audit: {escape(report.policy)}"
    files = "".join(
        f"<p class=muted><code>{escape(f.file)}</code>: {escape(export_words(f))}.</p>"
        for f in report.files
    )
    if not report.measured:
        files += "<p class=inconclusive>No ticket was measured: nothing in the export could be "
        files += "judged.</p>"
    return scrub(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style>'
        f'</head><body><header><h1>{title} — <span class="{report.status}">'
        f"{MARK[str(report.status)]}</span></h1><p class=muted>Policy {escape(report.policy)}"
        f"{revision}; as of {escape(report.as_of or '–')}; {report.read:,} tickets read, "
        f"{report.measured:,} measured, {report.rejected:,} rejected.</p>{files}</header>"
        f"{_summary(report)}{undeclared}{''.join(_promise(r) for r in report.results)}"
        f"{_rejected(report)}{_pauses_rejected(report)}</body></html>\n"
    )
