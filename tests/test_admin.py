"""Opening a network from the Django admin goes through the service, from the pool only."""

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from tenants import services
from tenants.models import Network
from tests.conftest import PASSWORD

FORM = {
    "name": "Les Peupliers",
    "slug": "peupliers",
    "estimated_households": "220",
    "perimeter_description": "Rue des Peupliers",
    "meeting_place": "Kiosque",
}


@pytest.fixture
def operator_client(db, client_for):
    with schema_context(get_public_schema_name()):
        User.objects.create_superuser(email="admin@coopere.test", password=PASSWORD, first_name="A")
    client = client_for(None)
    client.post("/connexion/", {"username": "admin@coopere.test", "password": PASSWORD})
    return client


def test_admin_opens_a_network_from_the_pool(operator_client, region):
    services.fill_pool(target=1)
    response = operator_client.post("/admin/tenants/network/add/", {**FORM, "region": region.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    network = Network.objects.get(slug="peupliers")
    assert network.state == Network.State.LIVE and network.schema_name == "n_peupliers"


def test_admin_with_an_empty_pool_says_so_and_builds_nothing(operator_client, region):
    services.drain_pool()
    count = Network.objects.count()
    response = operator_client.post(
        "/admin/tenants/network/add/", {**FORM, "region": region.pk}, follow=True
    )
    assert "Aucun espace de réseau" in response.content.decode()
    assert Network.objects.count() == count


def test_admin_form_refuses_households_out_of_range(operator_client, region):
    response = operator_client.post(
        "/admin/tenants/network/add/", {**FORM, "region": region.pk, "estimated_households": "40"}
    )
    assert response.status_code == 200
    assert "entre 100 et 500 logements" in response.content.decode()
    assert not Network.objects.filter(slug="peupliers").exists()


def test_residents_cannot_reach_the_admin(db, client_for, network_a):
    # The admin only exists on the base domain; a network host has no such page.
    assert client_for(network_a).get("/admin/").status_code == 404
