"""Fixtures shared by the console's tests (launch kit, coaching, support): a coach, a
partner user, clients logged in on the base domain, French messages, and the browser
fixtures. Each app's conftest imports the ones it uses."""

import pytest
from django.utils import translation

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from tests.browser.conftest import (  # noqa: F401 (re-exported for the apps' browser tests)
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
def partner_user(db):
    return User.objects.create_user(
        email="paula@partenaire.test",
        password=PASSWORD,
        first_name="Paula",
        kind=User.Kind.PARTNER,
    )


@pytest.fixture
def login(client_for):
    """login(email) -> a client logged in on the base domain (through the real login)."""

    def make(email):
        client = client_for(None)
        response = client.post("/connexion/", {"username": email, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return make


@pytest.fixture
def console(login, coach):
    return login(coach.email)
