"""Fixtures for the launch kit: a coach, a partner user, logged-in clients, amorceurs,
and apéro-infos scheduled (or already past) in network A or B."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from onboarding.launch.models import AperoInfo
from onboarding.launch.services import schedule_apero_info
from onboarding.models import Amorceur
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
def partner_user(db):
    return User.objects.create_user(
        email="paula@partenaire.test", password=PASSWORD, first_name="Paula", kind="partner"
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


def in_days(days: float):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def schedule(coach):
    """schedule(network, days=10, **kwargs) -> an apéro-info in `days` days."""

    def make(network, days=10, **kwargs):
        return schedule_apero_info(network=network, starts_at=in_days(days), actor=coach, **kwargs)

    return make


def make_past(apero: AperoInfo, days: float = 1) -> AperoInfo:
    """As if time had passed: the apéro-info's moment is now behind us."""
    AperoInfo.objects.filter(pk=apero.pk).update(starts_at=timezone.now() - timedelta(days=days))
    apero.refresh_from_db()
    return apero


@pytest.fixture
def amorceurs(network_a, network_b):
    """Two amorceurs in A (a resident, a tenants' association) and one in B."""
    return [
        Amorceur.objects.create(network=network_a, name="Martine Lefèvre", kind="resident"),
        Amorceur.objects.create(
            network=network_a,
            name="Karim Benali",
            kind="amicale",
            organisation="Amicale des locataires des Tilleuls",
        ),
        Amorceur.objects.create(network=network_b, name="Sophie Bertin", kind="resident"),
    ]
