"""Kept for conftests written before the fixtures became plugins: the fixtures of
tests/fixtures/community.py (and the browser's) are found without importing them; a
conftest that still imports them here gets the very same ones."""

import pytest
from django.utils import translation

from tests.fixtures.browser import (  # noqa: F401
    browser,
    chromium,
    live_server_port,
    new_page,
    site,
)
from tests.fixtures.community import (  # noqa: F401
    animator,
    error_of,
    in_a,
    odette,
    paul,
    pilote,
    rose,
    voisin,
)


@pytest.fixture(autouse=True)
def _french():
    # Error messages are checked in French, the network's language.
    with translation.override("fr"):
        yield
