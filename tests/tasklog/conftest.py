"""The console's fixtures (coach, console, login…) come from tests/fixtures/console.py."""

import pytest


@pytest.fixture(autouse=True)
def _french(french):
    """Messages are checked in French, the networks' language."""
