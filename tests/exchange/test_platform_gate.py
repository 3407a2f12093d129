"""Issue 11, finding 5: a network in amorçage served `/annonces/`, `/animation/`,
`/lettre/` and `/api/me/` to anyone; only its home page said "bientôt". Until its platform
opens, a network's site now belongs to its Groupe d'Animation (and a coach in support)."""

import html

import pytest

from exchange.models import Member
from tests.exchange.test_pages import _logged, _member

RESIDENTS_PAGES = ["/annonces/", "/annonces/nouvelle/", "/membres/", "/cafes/", "/lettre/"]
GROUP_PAGES = ["/animation/", "/animation/membres/", "/groupe/parcours/"]
OPEN_TO_ALL = ["/", "/connexion/", "/activer/", "/mot-de-passe-oublie/"]


@pytest.fixture
def resident_b(db, network_b):
    return _member(network_b, "voisin-sans-role@b.test")


@pytest.fixture
def pilote_b(db, network_b):
    return _member(network_b, "pilote-gate@b.test", role=Member.GroupRole.PILOTE)


def test_the_network_is_not_open_yet(network_b):
    assert not network_b.is_launched


@pytest.mark.parametrize("path", RESIDENTS_PAGES + GROUP_PAGES)
def test_a_resident_without_a_role_is_sent_home(client_for, network_b, resident_b, path):
    client = _logged(client_for, network_b, "voisin-sans-role@b.test")
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == "/"
    home = html.unescape(client.get("/").content.decode())
    assert "Bientôt" in home
    assert "La plateforme ouvre bientôt : le Groupe d'Animation la prépare." in home


@pytest.mark.parametrize("path", RESIDENTS_PAGES + GROUP_PAGES)
def test_an_anonymous_visitor_is_sent_home(client_for, network_b, path):
    response = client_for(network_b).get(path)
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_api_answers_403_in_french(client_for, network_b, resident_b):
    client = _logged(client_for, network_b, "voisin-sans-role@b.test")
    response = client.get("/api/me/")
    assert response.status_code == 403
    assert response.json() == {"detail": "La plateforme de ce réseau n'est pas encore ouverte."}


@pytest.mark.parametrize("path", OPEN_TO_ALL)
def test_logging_in_and_activating_stay_open(client_for, network_b, path):
    assert client_for(network_b).get(path).status_code == 200


@pytest.mark.parametrize("path", RESIDENTS_PAGES + GROUP_PAGES)
def test_the_groupe_d_animation_prepares_the_launch(client_for, network_b, pilote_b, path):
    client = _logged(client_for, network_b, "pilote-gate@b.test")
    assert client.get(path).status_code == 200


def test_an_open_network_serves_its_residents(client_for, network_a, db):
    _member(network_a, "voisine-ouverte@a.test")
    client = _logged(client_for, network_a, "voisine-ouverte@a.test")
    assert client.get("/annonces/").status_code == 200
    assert client.get("/api/me/").status_code == 200
