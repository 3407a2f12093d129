"""Fixtures for the coaching tests: two coaches, a partner user, logged-in clients, and
people written straight into network A's or B's schema."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from tests.browser.conftest import (  # noqa: F401 (the browser journey's fixtures)
    browser,
    chromium,
    live_server_port,
    new_page,
    site,
)
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.fixture
def coach(db):
    return create_operator(email="nadia@coopere.test", password=PASSWORD, first_name="Nadia")


@pytest.fixture
def other_coach(db):
    return create_operator(email="omar@coopere.test", password=PASSWORD, first_name="Omar")


@pytest.fixture
def partner_user(db):
    return User.objects.create_user(
        email="paula@partenaire.test",
        password=PASSWORD,
        first_name="Paula",
        kind=User.Kind.PARTNER,
    )


@pytest.fixture
def login(client_for):
    """login(email) -> a client logged in on the base domain."""

    def make(email):
        client = client_for(None)
        response = client.post("/connexion/", {"username": email, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return make


@pytest.fixture
def console(login, coach):
    return login(coach.email)


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
