"""A coach in a real browser: logs in, filters the pipeline, ticks an amorçage item on
network B's page, is told what is missing to move on, unticks. Also on a small phone."""

import pytest
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from onboarding.models import ItemCheck, ItemUntick, NetworkChecklist
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
