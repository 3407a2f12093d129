"""The roll-out pages over HTTP: operators only, French messages, bad input refused with
nothing written, strangers' ids answer 404."""

import pytest

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from onboarding.coaching.models import HealthAlert
from tenants.models import Network, Region
from tests.conftest import PASSWORD

PAGES = (
    "/console/regions/",
    "/console/regions/nouvelle/",
    "/console/regions/essonne/",
    "/console/regions/essonne/modifier/",
    "/console/national/",
    "/console/coachs/",
)


def test_anonymous_visitors_are_sent_to_log_in(client_for, region):
    for path in PAGES:
        response = client_for(None).get(path)
        assert response.status_code == 302 and "/connexion/" in response["Location"], path


def test_partners_and_residents_are_refused_and_write_nothing(
    client_for, region, partner_user, coach, network_a
):
    resident = User.objects.create_user(
        email="voisine@exemple.test", password=PASSWORD, first_name="Lou"
    )
    for user in (partner_user, resident):
        client = client_for(None)
        client.force_login(user)
        for path in (*PAGES, f"/console/coachs/{coach.pk}/"):
            assert client.get(path).status_code == 403, path
        assert client.post("/console/regions/nouvelle/", {"name": "Nord"}).status_code == 403
        assert (
            client.post("/console/regions/essonne/modifier/", {"name": "Pirate", "code": "p"})
        ).status_code == 403
        assert (
            client.post(f"/console/coachs/{coach.pk}/", {"networks": [network_a.pk]})
        ).status_code == 403
    assert not Region.objects.filter(name__in=["Nord", "Pirate"]).exists()
    assert Network.objects.get(pk=network_a.pk).coach is None


def test_the_console_pages_are_not_served_on_a_network_host(client_for, network_a):
    assert client_for(network_a).get("/console/regions/").status_code == 404


def test_an_operator_creates_then_edits_a_region(console, coach):
    page = console.get("/console/regions/nouvelle/").content.decode()
    assert "Créer une région" in page and "Nadia" in page
    response = console.post(
        "/console/regions/nouvelle/", {"name": "Hauts-de-Seine", "code": "", "coaches": [coach.pk]}
    )
    assert (
        response.status_code == 302 and response["Location"] == "/console/regions/hauts-de-seine/"
    )
    region = Region.objects.get(code="hauts-de-seine")
    assert list(region.coaches.all()) == [coach]
    page = console.get(response["Location"]).content.decode()
    assert "La région est créée." in page and "Hauts-de-Seine" in page and "Nadia" in page
    edited = console.post(
        "/console/regions/hauts-de-seine/modifier/", {"name": "Hauts-de-Seine Nord", "code": "hds"}
    )
    assert edited.status_code == 302 and edited["Location"] == "/console/regions/hds/"
    region.refresh_from_db()
    assert region.name == "Hauts-de-Seine Nord" and not region.coaches.exists()
    assert console.get("/console/regions/hauts-de-seine/").status_code == 404


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "code": "x"}, "Donnez un nom à la région."),
        ({"name": "Essonne", "code": "x"}, "Une région porte déjà ce nom."),
        ({"name": "Nord", "code": "Pas un code"}, "Le code ne peut contenir que des lettres"),
        ({"name": "Nord", "code": "nouvelle"}, "Ce code est réservé"),
        ({"name": "Nord", "coaches": ["999999"]}, "Un·e coach fait partie de l&#x27;équipe"),
    ],
)
def test_bad_region_input_shows_french_errors_and_writes_nothing(console, region, data, message):
    before = Region.objects.count()
    response = console.post("/console/regions/nouvelle/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Region.objects.count() == before


def test_a_partner_account_cannot_be_made_a_regions_coach(console, region, partner_user):
    response = console.post(
        "/console/regions/essonne/modifier/",
        {"name": "Essonne", "code": "essonne", "coaches": [partner_user.pk]},
    )
    assert response.status_code == 400 and not region.coaches.exists()


def test_unknown_regions_and_non_coaches_answer_404(console, partner_user):
    assert console.get("/console/regions/inconnue/").status_code == 404
    assert console.get("/console/regions/inconnue/modifier/").status_code == 404
    assert console.get(f"/console/coachs/{partner_user.pk}/").status_code == 404
    assert console.get("/console/coachs/999999/").status_code == 404


def test_region_and_national_pages_show_the_snapshot_figures(
    console, region, network_a, network_b, snapshot, coach
):
    region.coaches.add(coach)
    snapshot(network_a, 0, households_in_perimeter=300, households_reached=90, residents=70)
    snapshot(network_b, 0, exchanges_done=6)
    page = console.get("/console/regions/essonne/").content.decode()
    assert "Foyers touchés" in page and "90 / 300 (30 %)" in page
    assert "Habitants inscrits" in page and "<dd>70</dd>" in page
    assert "<dd>6</dd>" in page and "Nadia" in page
    assert "?region=essonne&amp;coach=none" in page
    national = console.get("/console/national/").content.decode()
    assert "Totaux nationaux" in national and "Essonne" in national and "Val-de-Marne" in national
    regions = console.get("/console/regions/").content.decode()
    assert "Essonne" in regions and "Nadia" in regions


def test_a_coachs_page_shows_their_load_and_changes_their_networks(
    console, coach, network_a, network_b
):
    other = create_operator(email="yanis@coopere.test", password=PASSWORD, first_name="Yanis")
    Network.objects.filter(pk=network_a.pk).update(coach=other)
    HealthAlert.objects.create(network=network_a, kind="no_cafe", opened_at=network_a.created_at)
    loads = console.get("/console/coachs/").content.decode()
    assert "Yanis" in loads and "Nadia" in loads and "Sans coach" in loads
    url = f"/console/coachs/{other.pk}/"
    page = console.get(url).content.decode()
    assert "1 réseau suivi" in page and "1 alerte ouverte" in page and "Réseau A" in page
    # Find B by a search, without saving…
    found = console.post(
        url, {"networks": [network_a.pk], "networks_q": "b", "networks_search": "1"}
    )
    assert found.status_code == 200
    assert "1 réseau trouvé pour « b »" in found.content.decode()
    assert Network.objects.get(pk=network_b.pk).coach is None
    # …tick it, untick A, save.
    saved = console.post(url, {"networks": [network_b.pk]})
    assert saved.status_code == 302
    assert Network.objects.get(pk=network_b.pk).coach == other
    assert Network.objects.get(pk=network_a.pk).coach is None
    assert "enregistrés : 1 ajouté(s), 1 laissé(s)" in console.get(url).content.decode()


def test_a_forged_network_id_is_refused_on_a_coachs_page(console, coach, region):
    spare = Network.objects.create(schema_name="x_spare_page", state=Network.State.SPARE)
    for value in (str(spare.pk), "999999", "abc"):
        response = console.post(f"/console/coachs/{coach.pk}/", {"networks": [value]})
        assert response.status_code == 400, value
    assert not Network.objects.filter(coach=coach).exists()
