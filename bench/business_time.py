"""Benchmark business time: policy-lint's engine on 10 million (start, end) pairs over two years,
beside businesstimedelta and pandas' CustomBusinessHour on a sample of the same pairs.

The calendar is one every library can express: Europe/Riga, Monday to Friday 09:00-17:00, with
Latvian public holidays. The engine runs in its own process, so its peak memory (ru_maxrss) is
that of the 10-million-row run alone; its figures are the median of several runs. The two
libraries are pure Python, one pair at a time, so they get a sample; the ratio compares rows per
second, and each library's answers are checked against the engine's on that sample. The data
come from a fixed seed. Run `.venv/bin/python bench/business_time.py [--rows N] [--sample N]`;
`.venv/bin/pip install businesstimedelta pandas` (the `bench` extra) for the comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.metadata
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from policy_lint.audit import business_time as bt
from policy_lint.audit.arrays import Ints

SEED = 20261123
ZONE = "Europe/Riga"
HOLIDAYS = [
    "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-01", "2025-05-05", "2025-06-23..2025-06-24",
    "2025-11-18", "2025-12-24..2025-12-26", "2025-12-31..2026-01-01", "2026-04-03", "2026-04-06",
    "2026-05-01", "2026-05-04", "2026-06-23..2026-06-24", "2026-11-18", "2026-12-24..2026-12-26",
    "2026-12-31..2027-01-01", "2027-03-26", "2027-03-29", "2027-05-01", "2027-05-04",
]  # fmt: skip
POLICY = {
    "timezone": ZONE,
    "weekly": {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
    "holidays": HOLIDAYS,
}
FIRST = int(dt.datetime(2025, 1, 1, tzinfo=dt.UTC).timestamp())
LAST = int(dt.datetime(2027, 1, 1, tzinfo=dt.UTC).timestamp())
CHUNK = 1_000_000


def pairs(rows: int) -> tuple[Ints, Ints]:
    """Starts uniform over 2025-2026; each end 0-60 days later, exponential with a 2-day mean."""
    rng = np.random.default_rng(SEED)
    starts = rng.integers(FIRST, LAST, rows, dtype=np.int64)
    ends = np.empty(rows, np.int64)
    for low in range(0, rows, CHUNK):  # in chunks, so the float temporaries stay small
        wait = np.minimum(rng.exponential(2 * bt.DAY, min(CHUNK, rows - low)), 60 * bt.DAY)
        ends[low : low + CHUNK] = starts[low : low + CHUNK] + wait.astype(np.int64)
    return starts, ends


def timed(work: Callable[[], object], runs: int) -> list[float]:
    """Wall seconds of each run; the result is dropped before the next run starts."""
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return times


def engine(rows: int, runs: int) -> dict[str, Any]:
    """In the child process: compile, then time business seconds and 2d deadlines on all rows."""
    begin = time.perf_counter()
    calendar = bt.compile_calendar(POLICY, FIRST, LAST)
    compiled = time.perf_counter() - begin
    starts, ends = pairs(rows)
    seconds = timed(lambda: bt.business_seconds(calendar, starts, ends), runs)
    deadlines = timed(lambda: bt.business_day_deadline(calendar, starts, 2), runs)
    return {
        "compile": compiled,
        "intervals": len(calendar.opens),
        "seconds": seconds,
        "deadlines": deadlines,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,  # KiB on Linux
    }


def engine_in_child(rows: int, runs: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", "--rows", str(rows), "--runs", str(runs)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def businesstimedelta_seconds(starts: Ints, ends: Ints) -> Ints:
    """Business seconds by businesstimedelta's Rules.difference, one pair at a time."""
    btd, zone = importlib.import_module("businesstimedelta"), pytz_zone()
    workday = btd.WorkDayRule(dt.time(9), dt.time(17), [0, 1, 2, 3, 4], tz=zone)
    # HolidayRule gives up (and crashes) when no holiday is ahead, so the list runs into 2027
    rules = btd.Rules([workday, btd.HolidayRule(set(holiday_dates()), tz=zone)])
    out = [
        int(rules.difference(_utc(s), _utc(e)).timedelta.total_seconds())
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
    return np.array(out, np.int64)


def pandas_seconds(starts: Ints, ends: Ints) -> Ints:
    """Business seconds by CustomBusinessHour: roll forward to each opening, count to its close.

    CustomBusinessHour moves timestamps by business hours but has no "business time between";
    this loop over the days between is the exact way with its public API.
    """
    pd = importlib.import_module("pandas")
    hours = pd.offsets.CustomBusinessHour(start="09:00", end="17:00", holidays=holiday_dates())
    out = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        end, total = pd.Timestamp(e, unit="s", tz=ZONE), 0
        moment = hours.rollforward(pd.Timestamp(s, unit="s", tz=ZONE))
        while moment < end:
            close = moment.replace(hour=17, minute=0, second=0)
            total += int((min(close, end) - moment).total_seconds())
            moment = hours.rollforward(close + pd.Timedelta(seconds=1))
        out.append(total)
    return np.array(out, np.int64)


def pytz_zone() -> Any:
    return importlib.import_module("pytz").timezone(ZONE)


def holiday_dates() -> list[dt.date]:
    days = []
    for entry in HOLIDAYS:
        first, _, last = entry.partition("..")
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)
        while day <= end:
            days.append(day)
            day += dt.timedelta(days=1)
    return days


def _utc(instant: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(instant, ZoneInfo("UTC"))


@dataclass(frozen=True)
class Library:
    """One library's run on the sample."""

    label: str
    rate: float  # rows per second
    agree: int  # pairs where it gives the engine's answer


def measure(name: str, label: str, work: Callable[[Ints, Ints], Ints], sample: int) -> Library:
    """Rows/s of one library on the sample, and how many of its answers agree with the engine."""
    starts, ends = pairs(sample)
    begin = time.perf_counter()
    theirs = work(starts, ends)
    took = time.perf_counter() - begin
    ours = bt.business_seconds(bt.compile_calendar(POLICY, FIRST, LAST), starts, ends)
    version = importlib.metadata.version(name)
    return Library(f"{name} {version} {label}", sample / took, int((theirs == ours).sum()))


def libraries(sample: int) -> list[Library]:
    """The libraries that are installed, measured; a line for each that is not."""
    found = []
    for name, label, work in (
        ("businesstimedelta", "Rules.difference", businesstimedelta_seconds),
        ("pandas", "CustomBusinessHour", pandas_seconds),
    ):
        try:
            importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            print(f"{name}: NOT INSTALLED, not compared (.venv/bin/pip install {name})")
            continue
        found.append(measure(name, label, work, sample))
    return found


def report(rows: int, sample: int, runs: int) -> None:
    child = engine_in_child(rows, runs)
    rate = rows / statistics.median(child["seconds"])
    peak = child["peak_kib"] / 1024
    print(f"calendar: {ZONE}, Mon-Fri 09:00-17:00, {len(holiday_dates())} holidays; seed {SEED}")
    print(f"compiled in {child['compile'] * 1000:.1f} ms: {child['intervals']:,} opening intervals")
    print(f"business_seconds, {rows:,} pairs over 2025-2026, {runs} runs:")
    print("  runs (s): " + ", ".join(f"{t:.3f}" for t in child["seconds"]))
    print(f"  median: {rate / 1e6:.1f} M rows/s")
    deadline_rate = rows / statistics.median(child["deadlines"])
    print(f"business_day_deadline (2d), same starts: {deadline_rate / 1e6:.1f} M rows/s (median)")
    print(f"peak memory of that process (ru_maxrss): {peak:.0f} MB")
    found = libraries(sample)
    for other in found:
        print(f"{other.label}: {other.rate:,.0f} rows/s on {sample:,} pairs", end="; ")
        print(f"ours is {rate / other.rate:,.0f}× faster; it agrees on {other.agree:,} pairs")
    verdicts(rate, max((other.rate for other in found), default=None), peak)


def verdicts(rate: float, fastest: float | None, peak: float) -> None:
    print("targets:")
    print(f"  >= 5 M rows/s: {'met' if rate >= 5e6 else 'MISSED'}")
    if fastest is None:
        print("  >= 1000× the faster library: NOT MEASURED, neither library is installed")
    else:
        verdict = "met" if rate >= 1000 * fastest else "MISSED"
        print(f"  >= 1000× the faster library: {verdict} ({rate / fastest:,.0f}×)")
    print(f"  peak <= 400 MB: {'met' if peak <= 400 else 'MISSED'} ({peak:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(engine(args.rows, args.runs)))
    else:
        report(args.rows, args.sample, args.runs)


if __name__ == "__main__":
    main()
