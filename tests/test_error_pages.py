"""The French error pages: 403/404 in the host's own layout, a self-contained 500 that needs
neither the database nor the tenant, and unknown hosts still answering 404."""

import html

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import PASSWORD


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _boom(*args, **kwargs):
    raise RuntimeError("panne simulée")


def test_404_on_a_network_host_uses_the_network_layout(db, client_for, network_a):
    response = client_for(network_a).get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    body = _text(response)
    assert "Page introuvable" in body
    assert "layout-network" in body and "Réseau A" in body
    assert "Retour à l'accueil de Réseau A" in body


def test_404_on_the_base_domain_uses_the_public_layout(db, client_for):
    response = client_for(None).get("/console/reseaux/inconnu-du-tout/nulle-part/")
    assert response.status_code == 404
    body = _text(response)
    assert "Page introuvable" in body and "layout-public" in body
    assert "layout-network" not in body
    assert "Accueil de Coop-ère" in body


def test_404_from_a_view_is_french_too(db, client_for, network_a):
    # get_object_or_404 inside a view: same page.
    response = client_for(network_a).get("/cafes/999999.ics")
    assert response.status_code == 404
    assert "Page introuvable" in _text(response)


def test_unknown_host_still_answers_404_in_french(db):
    response = Client(HTTP_HOST="inconnu.coopere.localhost").get("/")
    assert response.status_code == 404
    body = _text(response)
    assert "Page introuvable" in body and "layout-public" in body
    assert "inconnu" not in body  # the host name is not echoed back


def test_403_on_a_network_host(db, client_for, network_a):
    # Alice has an account in network A but no member profile: member pages refuse her.
    client = client_for(network_a)
    login = client.post("/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD})
    assert login.status_code == 302
    response = client.get("/mon-profil/")
    assert response.status_code == 403
    body = _text(response)
    assert "Accès refusé" in body and "layout-network" in body


def test_403_says_why_when_the_refusal_has_a_reason(db, client_for, network_a, monkeypatch):
    def refuse():
        raise PermissionDenied("Only the Groupe d'Animation can do this.")

    monkeypatch.setattr("community.phase.views.next_cafe", refuse)
    response = client_for(network_a).get("/")
    assert response.status_code == 403
    body = _text(response)
    assert "Accès refusé" in body
    assert "Only the Groupe d'Animation can do this." in body


def test_403_on_the_base_domain(db, client_for):
    from coopere.accounts.models import User

    partner = User.objects.create_user(
        email="partenaire@erreurs.test", password=PASSWORD, first_name="Paul", kind="partner"
    )
    client = client_for(None)
    client.force_login(partner)
    response = client.get("/console/")
    assert response.status_code == 403
    body = _text(response)
    assert "Accès refusé" in body and "layout-public" in body


@pytest.mark.parametrize("on_network", [True, False])
def test_500_is_french_and_self_contained(db, client_for, network_a, monkeypatch, on_network):
    if on_network:
        monkeypatch.setattr("community.phase.views.next_cafe", _boom)
    else:
        monkeypatch.setattr("tenants.selectors.networks_by_region", _boom)
    client = client_for(network_a if on_network else None)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    body = _text(response)
    assert "Une erreur est survenue" in body
    assert "réessayer dans quelques minutes" in body
    assert "<link" not in body  # nothing to fetch: its style is inline
    assert "panne simulée" not in body


def test_the_500_page_needs_no_database_nor_tenant(db):
    from django.test import RequestFactory

    from frontend.errors import server_error

    request = RequestFactory().get("/")  # no tenant, no user, no session
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert response.status_code == 500
    assert "Une erreur est survenue" in _text(response)
    assert len(queries.captured_queries) == 0


def test_a_refused_form_gets_the_french_403_with_what_to_do(db, client_for, network_a):
    client = client_for(network_a)
    client.handler.enforce_csrf_checks = True
    response = client.post("/connexion/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = _text(response)
    assert "Accès refusé" in body and "layout-network" in body
    assert "Ce formulaire a expiré" in body
    assert "Votre compte ne donne pas accès" not in body
