"""Fixtures inside network A: see tests/fixtures/community.py (a plugin)."""

import pytest

from tests.fixtures.community import error_of  # noqa: F401 (imported from here by tests)


@pytest.fixture(autouse=True)
def _french(french):
    """Messages are checked in French, the networks' language."""
