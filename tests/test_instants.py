"""iso(), the one spelling of an instant in the audit's reports and the calendar's messages."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from policy_lint.audit.instants import MISSING, iso
from policy_lint.years import HIGH, LOW


@pytest.mark.parametrize("instant", [LOW, -1, 0, 1_772_442_000, HIGH - 1])
def test_iso_is_the_utc_reading_to_the_second(instant: int) -> None:
    # the audit JSON's as_of was written by datetime's strftime: iso() must give its bytes for
    # every instant the audit counts, the first and the last included
    expected = (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=instant)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert iso(instant) == expected


def test_missing_is_named_not_formatted() -> None:
    assert iso(MISSING) == "a missing time"  # numpy would print the least int64 as NaT


def test_business_time_and_its_instants_load_no_pyarrow() -> None:
    # MISSING and iso() live apart from the ticket engine so that the business calendar, which
    # both sides of the audit share, stays numpy alone
    probe = "import sys, policy_lint.audit.business_time; print('pyarrow' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert (found.returncode, found.stdout.strip()) == (0, "False")
