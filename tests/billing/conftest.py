"""Fixtures for billing tests: an operator, partners with valid SIRETs, partner users,
and clients logged in on the base domain. French messages throughout."""

import datetime

import pytest
from django.utils import translation
from django_tenants.utils import get_public_schema_name, schema_context

from billing.models import Plan
from billing.services import partners, subscriptions
from tests.accounts.factories import OperatorFactory

from . import portal_support
from .portal_support import PASSWORD  # noqa: F401 (imported from here by tests)
from .portal_support import siret as valid_siret  # a SIRET with a valid checksum


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.fixture
def operator(db):
    return OperatorFactory(email="coach@coopere.test", first_name="Nadia")


@pytest.fixture
def make_partner(db):
    def make(name="Commune de Lisses", prefix="2191034000", **extra):
        fields = {
            "kind": "commune",
            "legal_name": name,
            "siret": valid_siret(prefix),
            "billing_address": "Hôtel de ville\n91090 Lisses",
        }
        fields.update(extra)
        return partners.create_partner(**fields)

    return make


@pytest.fixture
def partner_a(make_partner):
    return make_partner("Commune de Lisses", "2191034000", public_service_code="SERV-FIN")


@pytest.fixture
def partner_b(make_partner):
    return make_partner("Essonne Habitat", "3254960110", kind="bailleur_social")


@pytest.fixture
def make_partner_user(db):
    def make(partner, email):
        with schema_context(get_public_schema_name()):
            return portal_support.make_partner_user(partner, email)

    return make


@pytest.fixture
def logged_in(client_for):
    """logged_in(user): a client on the base domain with that user's session."""

    def make(user):
        client = client_for(None)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def operator_client(logged_in, operator):
    return logged_in(operator)


@pytest.fixture
def plan(db):
    return Plan.objects.get(code="suivi-annuel")


@pytest.fixture
def period():
    start = datetime.date(2026, 1, 1)
    return {"period_start": start, "period_end": datetime.date(2026, 12, 31)}


@pytest.fixture
def make_subscription(plan, period):
    def make(partner, networks, **extra):
        fields = {"plan": plan, "networks": networks, **period, **extra}
        return subscriptions.create_manual_subscription(partner=partner, **fields)

    return make
