"""Host routing: public site, network hosts, unknown hosts, and the cached lookup."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants import hosts
from tenants.models import Domain, Network


def test_public_site_lists_networks_by_region(db, client_for):
    response = client_for(None).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Essonne" in body
    assert "Réseau A" in body and "Réseau B" in body
    assert "http://reseau-a.coopere.localhost/" in body


def test_network_host_serves_its_own_home(db, client_for, network_a, network_b):
    body_a = client_for(network_a).get("/").content.decode()
    assert "<h1>Réseau A</h1>" in body_a
    assert "Réseau B" not in body_a
    assert "Prochain café-rencontre" in body_a
    assert "Bientôt disponible" not in body_a  # A is launched (structuration)


def test_network_before_launch_says_bientot(db, client_for, network_b):
    body = client_for(network_b).get("/").content.decode()
    assert "Bientôt disponible" in body


def test_unknown_host_answers_404(db, client_for):
    from django.test import Client

    assert Client(HTTP_HOST="inconnu.coopere.localhost").get("/").status_code == 404
    assert Client(HTTP_HOST="coopere.localhost.evil.test").get("/").status_code in (400, 404)


def test_template_and_spares_are_never_served(db):
    # They have no domain; even if one were added by mistake, the lookup ignores them.
    template = Network.objects.get(state=Network.State.TEMPLATE)
    Domain.objects.create(domain="template.coopere.localhost", tenant=template, is_primary=False)
    from django.test import Client

    assert Client(HTTP_HOST="template.coopere.localhost").get("/").status_code == 404


def test_public_urls_are_not_served_on_network_hosts(db, client_for, network_a):
    assert client_for(network_a).get("/admin/").status_code == 404
    assert client_for(network_a).get("/console/").status_code == 404


def test_host_lookup_is_cached_and_invalidated(db, client_for, network_a):
    hosts.forget_hosts("reseau-a.coopere.localhost")
    client = client_for(network_a)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any("tenants_domain" in q["sql"] for q in queries.captured_queries)

    # Renaming the network is visible at once: the cached entry was dropped.
    network_a.name = "Réseau A renommé"
    network_a.save()
    assert "Réseau A renommé" in client.get("/").content.decode()


def test_new_domain_replaces_a_cached_miss(db, network_a):
    from django.test import Client

    client = Client(HTTP_HOST="quartier-a.example.org")
    assert client.get("/").status_code == 404  # caches the miss
    Domain.objects.create(domain="quartier-a.example.org", tenant=network_a, is_primary=False)
    from django.test import override_settings

    with override_settings(ALLOWED_HOSTS=["*"]):
        assert client.get("/").status_code == 200


def test_network_url_inside_a_schema_context(db, network_a):
    from django_tenants.utils import schema_context

    from tenants.hosts import network_url

    with schema_context(network_a.schema_name):
        assert network_url("/x/") == "http://reseau-a.coopere.localhost/x/"
