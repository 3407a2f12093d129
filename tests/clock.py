"""The test clock (a pytest plugin, loaded by tests/conftest.py).

- `COOPERE_TEST_CLOCK=2026-12-31T23:59:00+01:00 make test` runs the whole session at that
  moment, the clock ticking on from there (`make test-calendar` runs the suite at the year's
  last minute and on a leap day). Use moments after today: browsers judge cookie expiry by
  their own, real clock.
- Tests marked `calendar_edges` run once on the session's clock and once at each edge below
  (the last minute of a year, the first of the next, a leap day), so month and year
  arithmetic is tried at every `make test`.
"""

import datetime
import os

import pytest
import time_machine

EDGES = {
    "31-dec-23h59": "2026-12-31T23:59:00+01:00",
    "1-jan-00h00": "2027-01-01T00:00:00+01:00",
    "29-feb": "2028-02-29T12:00:00+01:00",
}

_session_clock = None


def pytest_configure(config):
    global _session_clock
    config.addinivalue_line(
        "markers",
        "calendar_edges: also run at 31 Dec 23:59, 1 Jan 00:00 and 29 Feb (time-machine)",
    )
    value = os.environ.get("COOPERE_TEST_CLOCK")
    if value and _session_clock is None:
        _session_clock = time_machine.travel(datetime.datetime.fromisoformat(value), tick=True)
        _session_clock.start()


def pytest_unconfigure(config):
    global _session_clock
    if _session_clock is not None:
        _session_clock.stop()
        _session_clock = None


def pytest_report_header(config):
    value = os.environ.get("COOPERE_TEST_CLOCK")
    return f"clock: {value} (COOPERE_TEST_CLOCK)" if value else None


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("calendar_edges"):
        # First, so the test's own fixtures are made at that moment too.
        metafunc.fixturenames.insert(0, "calendar_edge")
        metafunc.parametrize("calendar_edge", ["now", *EDGES], indirect=True)


@pytest.fixture
def calendar_edge(request):
    """The moment a `calendar_edges` test runs at (None: the session's clock)."""
    if request.param == "now":
        yield None
        return
    moment = datetime.datetime.fromisoformat(EDGES[request.param])
    with time_machine.travel(moment, tick=True):
        yield moment
