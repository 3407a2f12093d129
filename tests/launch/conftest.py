"""Fixtures for the launch kit: a coach, a partner user, logged-in clients, amorceurs,
and apéro-infos scheduled (or already past) in network A or B."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onboarding.launch.models import AperoInfo
from onboarding.launch.services import schedule_apero_info
from onboarding.models import Amorceur


@pytest.fixture(autouse=True)
def _french(french):
    """Messages are checked in French, the networks' language."""


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
