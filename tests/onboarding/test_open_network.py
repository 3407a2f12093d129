"""Opening a network from the console: everything checked first, the warm pool only,
amorceurs, relays, coach and checklist saved with it, its site saying 'bientôt'."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from onboarding.models import Amorceur, NetworkChecklist, Relay
from onboarding.services import open_network, start_checklist
from tenants import services as tenant_services
from tenants.models import Network

GOOD = {
    "name": "Les Tilleuls",
    "slug": "les-tilleuls",
    "region": "essonne",
    "estimated_households": 180,
    "perimeter_description": "Les trois barres autour du square",
    "perimeter_streets": "  12 rue des Tilleuls \n\n14 rue des Tilleuls\nRésidence Les Acacias ",
    "meeting_place": "Local de l'amicale",
    "amorceurs": [
        {"name": "Sophie Marin", "kind": "resident", "email": "sophie@exemple.test"},
        {"name": "Karim B.", "kind": "amicale", "organisation": "Amicale des Tilleuls"},
    ],
    "relays": [{"name": "Julie", "organisation": "Centre social", "contact": "01 23"}],
}


@pytest.fixture
def spare(db):
    """One spare schema in the warm pool (this test is about opening networks)."""
    tenant_services.fill_pool(target=1)
    return Network.objects.get(state="spare")


def _refused(**kwargs) -> dict:
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        open_network(**kwargs)
    return exc.value.message_dict


def test_open_a_network_with_its_amorceurs_relays_coach_and_checklist(spare, operator, client_for):
    network = open_network(actor=operator, coach=operator, **GOOD)
    network.refresh_from_db()
    assert (network.schema_name, network.state, network.phase) == (
        "n_les_tilleuls",
        "live",
        "amorcage",
    )
    assert network.coach == operator
    assert network.perimeter_streets == (
        "12 rue des Tilleuls\n14 rue des Tilleuls\nRésidence Les Acacias"
    )
    assert network.platform_opened_at is None and not network.is_launched
    assert list(Amorceur.objects.filter(network=network).values_list("name", "organisation")) == [
        ("Sophie Marin", ""),
        ("Karim B.", "Amicale des Tilleuls"),
    ]
    assert Relay.objects.get(network=network).organisation == "Centre social"
    assert NetworkChecklist.objects.get(network=network).version.number == 1
    # The residents' site says "bientôt" until the platform opens.
    body = client_for(network).get("/").content.decode()
    assert "Bientôt disponible" in body


def test_start_checklist_twice_keeps_one(network_b):
    first = start_checklist(network=network_b)
    assert start_checklist(network=network_b) == first
    assert NetworkChecklist.objects.filter(network=network_b).count() == 1


def test_bad_input_is_all_listed_in_french_and_nothing_is_written(spare, operator, partner):
    before = Network.objects.filter(state="live").count()
    errors = _refused(
        actor=operator,
        coach=partner,
        **{
            **GOOD,
            "slug": "Pas Bon!",
            "estimated_households": 50,
            "amorceurs": [{"name": "", "kind": "amicale"}, {"name": "X", "kind": "mairie"}],
            "relays": [{"organisation": "Mairie"}],
        },
    )
    assert errors["slug"] == [
        "L'adresse ne peut contenir que des lettres minuscules sans accent, des chiffres et "
        "des tirets (3 à 40 caractères, sans tiret au début ni à la fin)."
    ]
    assert errors["estimated_households"] == [
        "Le périmètre d'un réseau compte entre 100 et 500 logements (vous avez indiqué 50)."
    ]
    assert errors["coach"] == ["Un·e coach fait partie de l'équipe Coop-ère."]
    assert errors["amorceurs"] == [
        "Amorceur 1 : Indiquez un nom.",
        "Amorceur 1 : Indiquez le nom de l'organisation.",
        "Amorceur 2 : Indiquez s'il s'agit d'un·e habitant·e ou de quel type d'organisation.",
    ]
    assert errors["relays"] == ["Relais 1 : Indiquez un nom."]
    assert Network.objects.filter(state="live").count() == before
    assert not Amorceur.objects.exists() and not Relay.objects.exists()
    spare.refresh_from_db()
    assert spare.state == "spare"


def test_no_amorceur_or_a_taken_address_is_refused(spare, operator):
    errors = _refused(actor=operator, **{**GOOD, "slug": "reseau-a", "amorceurs": []})
    assert errors == {
        "slug": ["Cette adresse est déjà prise."],
        "amorceurs": [
            "Ajoutez au moins un amorceur : les habitant·es ou l'organisation qui lancent "
            "le réseau."
        ],
    }
    assert not Network.objects.filter(name="Les Tilleuls").exists()


def test_an_empty_pool_is_a_french_refusal_and_builds_nothing(db, operator):
    tenant_services.drain_pool()
    errors = _refused(actor=operator, **GOOD)
    assert errors == {
        "__all__": ["Aucun espace de réseau n'est prêt pour le moment. Réessayez dans une minute."]
    }
    assert not Network.objects.filter(slug="les-tilleuls").exists()
    assert not Amorceur.objects.exists()


def test_only_operators_open_networks(spare, partner):
    assert _refused(actor=partner, **GOOD) == {
        "actor": ["Seule l'équipe Coop-ère peut faire cela."]
    }


# --- The page -----------------------------------------------------------------------------


def _post_data(**overrides) -> dict:
    data = {
        "name": "Les Tilleuls",
        "slug": "les-tilleuls",
        "region": "",
        "estimated_households": "180",
        "perimeter_description": "Autour du square",
        "perimeter_streets": "12 rue des Tilleuls",
        "meeting_place": "Local de l'amicale",
        "coach": "",
        "amorceurs-TOTAL_FORMS": "3",
        "amorceurs-INITIAL_FORMS": "0",
        "amorceurs-0-name": "Sophie Marin",
        "amorceurs-0-kind": "resident",
        "relays-TOTAL_FORMS": "2",
        "relays-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_the_page_opens_a_network_and_goes_to_its_page(spare, console, region, operator):
    assert console.get("/console/reseaux/nouveau/").status_code == 200
    response = console.post(
        "/console/reseaux/nouveau/", _post_data(region=region.pk, coach=operator.pk)
    )
    assert response.status_code == 302
    assert response["Location"] == "/console/reseaux/les-tilleuls/"
    page = console.get(response["Location"])
    assert page.status_code == 200
    assert "Sophie Marin" in page.content.decode()


def test_the_page_shows_every_refusal_and_writes_nothing(spare, console, region):
    response = console.post(
        "/console/reseaux/nouveau/",
        _post_data(
            region=region.pk,
            estimated_households="600",
            **{"amorceurs-0-name": "", "amorceurs-0-kind": ""},
        ),
    )
    assert response.status_code == 400
    body = unescape(response.content.decode())
    assert "entre 100 et 500 logements (vous avez indiqué 600)" in body
    assert "Ajoutez au moins un amorceur" in body
    assert not Network.objects.filter(slug="les-tilleuls").exists()
    response = console.post("/console/reseaux/nouveau/", _post_data())
    assert "Région inconnue." in unescape(response.content.decode())
