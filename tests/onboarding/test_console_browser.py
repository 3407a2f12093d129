"""A coach in a real browser: logs in, filters the pipeline, ticks an amorçage item on
network B's page, is told what is missing to move on, unticks. Also on a small phone.
The roll-out: a coach creates a region, finds a network by a search on the pipeline, and
takes a network found by the picker's search (keyboard only, no script needed)."""

import pytest
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from onboarding.models import ItemCheck, ItemUntick, NetworkChecklist
from tenants.models import Network, Region
from tests.browser.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "coach-navigateur@coopere.test", "un-mot-de-passe-de-coach"


@pytest.fixture
def coach(site):
    """A committed operator (the live server reads committed rows), removed afterwards."""
    with schema_context(get_public_schema_name()):
        user = create_operator(email=EMAIL, password=PASSWORD, first_name="Camille")
    yield user
    with schema_context(get_public_schema_name()):
        ItemCheck.objects.filter(done_by=user).delete()
        ItemUntick.objects.filter(unticked_by=user).delete()
        NetworkChecklist.objects.filter(network__slug="reseau-b").delete()
        Region.objects.filter(coaches=user).delete()
        Network.objects.filter(coach=user).update(coach=None)
        # A raw delete: the ORM's cascade would look for tenant tables (Member) in public.
        User.objects.filter(pk=user.pk)._raw_delete(using="default")


def _log_in(page, site):
    log_in(page, site.url(None, "/console/"), EMAIL, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Réseaux par phase")


def test_a_coach_ticks_an_item_and_sees_the_gate(new_page, site, coach):
    page = new_page()
    _log_in(page, site)
    page.get_by_label("Phase").select_option("amorcage")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("status")).to_have_text("1 réseau suivi")
    page.get_by_role("link", name="Réseau B").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Réseau B")

    item = page.get_by_role("listitem").filter(has_text="Périmètre défini")
    item.get_by_text("Cocher", exact=True).first.click()
    item.get_by_label("Note").fill("Rues des Tilleuls et des Acacias")
    item.get_by_role("button", name="Cocher").click()
    expect(page.get_by_text("Coché : Périmètre défini.")).to_be_visible()
    expect(page.get_by_text("Rues des Tilleuls et des Acacias")).to_be_visible()

    page.get_by_role("button", name="Passer en Lancement").click()
    expect(page.get_by_text("Il manque : Amorceurs identifiés").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "console-network-b.png", full_page=True)

    row = page.get_by_role("listitem").filter(has_text="Périmètre défini")
    row.get_by_text("Décocher", exact=True).click()
    row.get_by_label("Pourquoi le décocher ?").fill("Deux rues oubliées")
    row.get_by_role("button", name="Décocher cet élément").click()
    expect(page.get_by_text("Décoché : Périmètre défini.")).to_be_visible()
    expect(page.get_by_text("Deux rues oubliées")).to_be_visible()


def test_the_pipeline_fits_a_small_phone(new_page, site, coach):
    page = new_page(viewport={"width": 360, "height": 740})
    _log_in(page, site)
    expect(page.get_by_role("link", name="Réseau A")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "console-pipeline-phone.png", full_page=True)


def test_a_coach_creates_a_region_and_finds_networks_by_search(new_page, site, coach):
    page = new_page()
    _log_in(page, site)

    page.get_by_role("navigation", name="Console").get_by_role("link", name="Régions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Régions")
    page.get_by_role("link", name="Créer une région").click()
    page.get_by_label("Nom", exact=True).fill("Vallée de l'Orge")
    page.get_by_label("Camille").check()
    page.get_by_role("button", name="Créer la région").click()
    expect(page.get_by_text("La région est créée.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vallée de l'Orge")
    assert page.url.endswith("/console/regions/vallee-de-lorge/")
    expect(page.get_by_text("Foyers touchés")).to_be_visible()
    # A wrong code is refused in French; the region keeps its own.
    page.get_by_role("link", name="Modifier la région").click()
    page.get_by_label("Code").fill("Vallée Orge")
    page.get_by_role("button", name="Enregistrer la région").click()
    expect(page.get_by_text("Le code ne peut contenir que des lettres minuscules")).to_be_visible()

    # The pipeline's search finds a network by part of its address.
    page.get_by_role("link", name="Réseaux", exact=True).click()
    page.get_by_label("Nom ou adresse").fill("seau-b")
    page.get_by_label("Nom ou adresse").press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 réseau suivi")
    expect(page.get_by_role("link", name="Réseau B")).to_be_visible()
    expect(page.get_by_role("link", name="Réseau A")).to_have_count(0)

    # The coach takes network A, found by the picker's search (Enter searches, not saves).
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Coachs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Charge des coachs")
    page.locator("#contenu").get_by_role("link", name="Camille").click()
    search = page.get_by_label("Trouver un réseau (nom ou adresse)")
    search.fill("réseau a")
    search.press("Enter")
    expect(page.get_by_text("1 réseau trouvé pour « réseau a »")).to_be_visible()
    page.get_by_label("Réseau A").check()
    page.get_by_role("button", name="Enregistrer les réseaux suivis").click()
    expect(page.get_by_text("Les réseaux suivis sont enregistrés : 1 ajouté(s)")).to_be_visible()
    expect(page.get_by_role("link", name="Réseau A")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "console-coach-load.png", full_page=True)
