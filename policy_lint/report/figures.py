"""The figures every audit format shows alike: durations, percentages, what was promised."""

from __future__ import annotations

from policy_lint.audit.results import ExportSummary, LevelResult


def duration(seconds: int | None, clock: str | None = None) -> str:
    """`8h`, `2m30s`, `3d4h`: short, exact to the second; business time never in days.

    A day of business time is not a business day (8 open hours are one), so business seconds
    are shown in hours at most: `26h` of business time, not a misleading `1d2h`.
    """
    if seconds is None:
        return "–"
    parts: list[str] = []
    units = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
    for unit, size in units[1:] if clock == "business" else units:
        if seconds >= size or (unit == "s" and not parts):
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return "".join(parts[:2])


def percent(value: float | None) -> str:
    """`95%`, `90.4%`."""
    return "–" if value is None else f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def target(r: LevelResult) -> str:
    """What was promised, in the policy's terms."""
    if r.metric == "abandonment_rate":
        return f"≤ {percent(r.max)} abandoned"
    if r.within_days is None and r.within_seconds is None:
        return "–"
    within = f"{r.within_days}d" if r.within_days is not None else duration(r.within_seconds)
    return f"{within} {r.clock}"


_WHY_ZONE = {
    "--timezone": "given by --timezone",
    "the mapping file": "given by the mapping file",
    "the policy's time zone": "the policy's time zone",
}


def zone_words(f: ExportSummary) -> str:
    """Where the export's times without an offset were placed, and why."""
    if f.local_times == 0:
        return "every time carries its offset"
    count = f"{f.local_times:,} " if f.local_times else ""
    why = _WHY_ZONE.get(f.timezone_source or "", "no zone was given")
    return f"{count}times without an offset read in {f.timezone} ({why})"


def export_words(f: ExportSummary) -> str:
    """`a zendesk export; 1,000 rows read, 998 measured; times … read in Europe/Riga (…)`."""
    return f"a {f.source} export; {f.read:,} rows read, {f.measured:,} measured; {zone_words(f)}"
