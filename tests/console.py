"""Kept for conftests written before the fixtures became plugins: the fixtures of
tests/fixtures/console.py (and the browser's) are found without importing them; a conftest
that still imports them here gets the very same ones."""

import pytest
from django.utils import translation

from tests.fixtures.browser import (  # noqa: F401
    browser,
    chromium,
    live_server_port,
    new_page,
    site,
)
from tests.fixtures.console import coach, console, login, partner_user  # noqa: F401


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield
