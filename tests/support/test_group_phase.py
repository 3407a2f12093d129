"""The Groupe d'Animation's view of its phase (/groupe/parcours/): content and access."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from community.cafes.models import Cafe
from coopere.accounts.services import create_operator
from exchange.models import Member
from onboarding import services as onboarding
from onboarding.models import ChecklistItem
from tenants.models import Network
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member

from .conftest import text


@pytest.fixture
def staff(db):
    return create_operator(email="staff@coopere.test", password="x-x-x-x-x-x", first_name="Léa")


def _tick(network, staff, key):
    with schema_context(get_public_schema_name()):
        item = ChecklistItem.objects.get(version__number=1, key=key)
        onboarding.tick_item(network=network, item=item, actor=staff, note="fait au local")


def test_group_sees_phase_checklists_and_what_is_missing(client_for, network_a, pilote_a):
    # Network A is in structuration (see tests/conftest.py).
    client = _logged(client_for, network_a, "pilote-support@a.test")
    response = client.get("/groupe/parcours/")
    assert response.status_code == 200
    body = text(response)
    assert "Phase actuelle : Structuration" in body
    assert "Fête de la Coopération" in body  # the method's words
    assert "Pour passer à Autonomie" in body
    assert "au moins 365 jours en structuration" in body  # gate_reasons, in French
    assert "Liste : Structuration" in body and "Liste : Autonomie" in body
    assert "automatique" in body  # automatic items show their figure
    assert "Pilote-Support" in body  # the group's members
    # Read-only: nothing to tick here.
    assert "<form" not in body.split('id="contenu"')[1].split("</main>")[0]


def test_b_animator_sees_b_phase_only(client_for, network_a, network_b, pilote_b, staff):
    _tick(network_a, staff, _first_manual_key("structuration"))
    client = _logged(client_for, network_b, "pilote-support@b.test")
    body = text(client.get("/groupe/parcours/"))
    assert "Phase actuelle : Amorçage" in body
    assert "Structuration" in body  # the list of phases…
    assert "Phase actuelle : Structuration" not in body
    assert "fait au local" not in body  # …but none of A's ticks
    assert "Pilote-Support" in body


def _first_manual_key(phase):
    with schema_context(get_public_schema_name()):
        return (
            ChecklistItem.objects.filter(version__number=1, phase=phase, kind="manual")
            .order_by("position")
            .values_list("key", flat=True)
            .first()
        )


def test_ticked_item_shows_done_with_its_date(client_for, network_b, pilote_b, staff):
    key = _first_manual_key("amorcage")
    _tick(network_b, staff, key)
    client = _logged(client_for, network_b, "pilote-support@b.test")
    body = text(client.get("/groupe/parcours/"))
    assert "fait le" in body and "fait au local" in body


def test_lancement_shows_the_launch_conditions(client_for, network_b, pilote_b):
    with schema_context(get_public_schema_name()):
        Network.objects.filter(pk=network_b.pk).update(phase=Network.Phase.LANCEMENT)
    for n in range(2):
        _member(network_b, f"anim{n}@b.test", role=Member.GroupRole.ANIMATEUR)
    client = _logged(client_for, network_b, "pilote-support@b.test")
    body = text(client.get("/groupe/parcours/"))
    assert "Ouvrir la plateforme aux habitant·es" in body or "Ouvrir la plateforme" in body
    assert "Membres du Groupe d'Animation" in body
    assert "pas encore" in body
    with inside(network_b):
        Cafe.objects.create(
            starts_at=timezone.now() + timedelta(days=10),
            place_name="Place de la mairie",
            created_by=pilote_b,
        )
    body = text(client.get("/groupe/parcours/"))
    assert "Cafés-rencontres programmés" in body
    assert body.count("rempli") >= 1


def test_access_rules(client_for, network_a, pilote_a, voisine_a):
    anonymous = client_for(network_a).get("/groupe/parcours/")
    assert anonymous.status_code == 302 and "/connexion/" in anonymous["Location"]
    neighbour = _logged(client_for, network_a, "voisine-support@a.test")
    assert neighbour.get("/groupe/parcours/").status_code == 403
    # The public site has no such page.
    assert client_for(None).get("/groupe/parcours/").status_code == 404


def test_subnav_links_the_phase_for_animators_only(client_for, network_a, pilote_a, voisine_a):
    with schema_context(get_public_schema_name()):
        Network.objects.filter(pk=network_a.pk).update(platform_opened_at=timezone.now())
    pilote = _logged(client_for, network_a, "pilote-support@a.test")
    assert 'href="/groupe/parcours/"' in text(pilote.get("/annonces/"))
    neighbour = _logged(client_for, network_a, "voisine-support@a.test")
    assert 'href="/groupe/parcours/"' not in text(neighbour.get("/annonces/"))


def test_before_the_platform_opens_the_group_still_has_its_own_links(
    client_for, network_b, pilote_b
):
    """In amorçage the residents' links are hidden ('bientôt'), but the Groupe d'Animation
    prepares the launch: its row of links (its phase first) is there."""
    assert not network_b.is_launched
    home = text(_logged(client_for, network_b, "pilote-support@b.test").get("/"))
    assert 'aria-label="Groupe d\'Animation"' in home
    assert 'href="/groupe/parcours/"' in home
    assert 'href="/annonces/"' not in home.split("<main")[0]
