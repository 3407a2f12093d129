"""Fixtures for the coaching tests: two coaches, a partner user, logged-in clients, and
people written straight into network A's or B's schema."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.accounts.factories import OperatorFactory


@pytest.fixture(autouse=True)
def _french(french):
    """Messages are checked in French, the networks' language."""


@pytest.fixture
def other_coach(db):
    return OperatorFactory(email="omar@coopere.test", first_name="Omar")


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def people():
    """people(network, n, role=..., registered=...) -> n members in the network's schema."""
    from tests.exchange.factories import MemberFactory

    def make(network, n, *, role="", registered=None):
        with schema_context(network.schema_name):
            return [
                MemberFactory(
                    group_role=role,
                    registered_at=registered or timezone.now(),
                )
                for _ in range(n)
            ]

    return make
