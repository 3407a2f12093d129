"""Support access tests: a coach (operator in public), people in networks A and B."""

import html
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from exchange.models import Member
from tests.accounts.factories import OperatorFactory
from tests.exchange.factories import resident as _member

PASSWORD = "mot-de-passe-de-test"


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.fixture
def coach(db):
    return OperatorFactory(email="nadia@coopere.test", first_name="Nadia", last_name="Coach")


@pytest.fixture
def console(coach, client_for):
    """The coach logged in on the base domain."""
    client = client_for(None)
    response = client.post("/connexion/", {"username": "nadia@coopere.test", "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def pilote_a(network_a):
    return _member(network_a, "pilote-support@a.test", role=Member.GroupRole.PILOTE)


@pytest.fixture
def voisine_a(network_a):
    return _member(network_a, "voisine-support@a.test")


@pytest.fixture
def pilote_b(network_b):
    return _member(network_b, "pilote-support@b.test", role=Member.GroupRole.PILOTE)


def text(response) -> str:
    return html.unescape(response.content.decode())


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def host_of_url(url: str) -> str:
    return urlsplit(url).hostname


def ask(console, network, reason="Aider le groupe à préparer le café de juin"):
    """The coach asks to open `network` as support; returns the console's response."""
    return console.post(f"/console/support/{network.slug}/ouvrir/", {"reason": reason})


def enter(client_for, network, url):
    """Follow the signed link on `network`'s host; returns (client, response)."""
    client = client_for(network)
    return client, client.get(path_of(url))
