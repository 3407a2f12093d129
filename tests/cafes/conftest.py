"""Fixtures for café tests inside network A (the per-test transaction rolls all back).

`make_cafe` writes a café straight to the table, at any time (past cafés included), for
tests about what happens around a café rather than about scheduling it.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from exchange.cafes.models import Cafe


@pytest.fixture(autouse=True)
def _french(french):
    """Messages are checked in French, the networks' language."""


@pytest.fixture
def make_cafe(in_a, animator):
    def make(starts_at=None, **fields) -> Cafe:
        fields.setdefault("place_name", "Square des Tilleuls")
        fields.setdefault("place_address", "2 allée des Tilleuls, 91000 Évry")
        cafe = Cafe.objects.create(
            starts_at=starts_at or timezone.now() + timedelta(days=3),
            created_by=animator,
            **fields,
        )
        cafe.hosts.add(animator)
        return cafe

    return make


def error_of(exc, field=None) -> str:
    """The (first) message of a service's ValidationError, for a field or overall."""
    if field is None:
        return exc.value.messages[0]
    return exc.value.message_dict[field][0]
