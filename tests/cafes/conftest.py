"""Fixtures for café tests inside network A (the per-test transaction rolls all back).

`make_cafe` writes a café straight to the table (tests/cafes/factories.py), at any time
(past cafés included), for tests about what happens around a café rather than about
scheduling it.
"""

import pytest

from community.cafes.models import Cafe
from tests.cafes.factories import CafeFactory


@pytest.fixture(autouse=True)
def _french(french):
    """Messages are checked in French, the networks' language."""


@pytest.fixture
def make_cafe(in_a, animator):
    """make_cafe(starts_at=None, **fields): a café hosted by the animator (CafeFactory)."""

    def make(starts_at=None, **fields) -> Cafe:
        if starts_at is not None:
            fields["starts_at"] = starts_at
        return CafeFactory(created_by=animator, **fields)

    return make


def error_of(exc, field=None) -> str:
    """The (first) message of a service's ValidationError, for a field or overall."""
    if field is None:
        return exc.value.messages[0]
    return exc.value.message_dict[field][0]
