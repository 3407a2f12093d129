"""In a real browser: a coach opens network A as support from the console, sees the
banner, reads the group's view, ends the session; both logs show it."""

import pytest
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from support.models import SupportSession
from support.services import SUPPORT_EMAIL
from tenants.models import Network
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD, inside

pytestmark = pytest.mark.browser

EMAIL = "coach-navigateur@coopere.test"
REASON = "Voir le tableau des tâches avec la pilote"


@pytest.fixture
def committed_coach(site):
    # No COOPERE_URL_PORT here: the console redirects on the port the coach's browser used.
    coach = create_operator(email=EMAIL, password=PASSWORD, first_name="Inès", last_name="Coach")
    yield coach
    network = Network.objects.get(slug="reseau-a")
    with inside(network):
        SupportSession.objects.filter(coach_id=coach.pk).delete()
        User.objects.filter(email=SUPPORT_EMAIL.format(coach_id=coach.pk)).delete()
    with schema_context(get_public_schema_name()):
        SupportSession.objects.filter(coach_id=coach.pk).delete()
        # Raw: the collector would look for residents' tables that public does not have.
        User.objects.filter(pk=coach.pk)._raw_delete(using="default")


def test_coach_opens_network_as_support(new_page, site, committed_coach):
    page = new_page()
    log_in(page, site.url(None, "/connexion/"), EMAIL)

    page.goto(site.url(None, "/console/support/reseau-a/ouvrir/"))
    page.get_by_role("button", name="Ouvrir le réseau en support").click()
    expect(page.get_by_text("Écrivez pourquoi vous ouvrez ce réseau en support.")).to_be_visible()
    page.get_by_label("Pourquoi ouvrez-vous ce réseau en support ?").fill(REASON)
    page.get_by_role("button", name="Ouvrir le réseau en support").click()

    expect(page).to_have_url(site.url("reseau-a", "/groupe/parcours/"))
    banner = page.get_by_role("region", name="Session support")
    expect(banner).to_contain_text("Session support — Inès Coach (Coop-ère) jusqu'à")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notre parcours dans la démarche")
    # Fits a small phone, banner included.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "support-group-phase-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    banner.get_by_role("link", name="Journal du support").click()
    expect(page.get_by_role("main")).to_contain_text(REASON)

    banner.get_by_role("button", name="Terminer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Session support terminée")
    page.get_by_role("link", name="Retour à la console").click()
    expect(page.get_by_role("main")).to_contain_text(REASON)
    expect(page.get_by_role("main")).to_contain_text("Terminée par le ou la coach")

    network = Network.objects.get(slug="reseau-a")
    with inside(network):
        [visit] = SupportSession.objects.filter(coach_id=committed_coach.pk)
    with schema_context(get_public_schema_name()):
        [grant] = SupportSession.objects.filter(coach_id=committed_coach.pk)
    assert visit.public_id == grant.pk
    assert visit.end_cause == grant.end_cause == "ended"
