"""The suite's fixtures are pytest plugins under tests/fixtures/ (listed below), so any
test finds them without importing; folder conftests only add or override their own.

- database: this process's test database (a copy of the built platform; one per xdist
  worker), `committed_db`;
- platform: networks A and B, `client_for`, `inside`, `host_of`, PASSWORD;
- celery: a real Celery worker on Redis, `wait_for`;
- browser: live server and Chromium for journeys (`site`, `new_page`, `log_in`);
- community / console: the people most tests start from;
- tests.clock: the test clock (COOPERE_TEST_CLOCK, `calendar_edges`).

Tests run inside a transaction (pytest-django's `db`) and switch schemas on that one
connection. Tests that need committed data (a Celery worker thread, a live server) use
the session's committed residents and `committed_db`.
"""

import pytest

# The plugins are imported below (for the helpers tests import from here) before pytest
# loads them: register them first so their asserts are still rewritten.
pytest.register_assert_rewrite("tests.fixtures", "tests.clock")

from tests.fixtures.celery import wait_for  # noqa: E402, F401 (imported from here by tests)
from tests.fixtures.platform import (  # noqa: E402, F401 (imported from here by tests)
    PASSWORD,
    host_of,
    inside,
    schema_of,
)

pytest_plugins = [
    "tests.clock",
    "tests.fixtures.database",
    "tests.fixtures.platform",
    "tests.fixtures.celery",
    "tests.fixtures.browser",
    "tests.fixtures.community",
    "tests.fixtures.console",
]
