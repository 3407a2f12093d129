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


@pytest.fixture
def committed_group(site, committed_coach):
    """A committed pilote and a neighbour in network A, removed afterwards."""
    from exchange.models import Member

    network = Network.objects.get(slug="reseau-a")
    with inside(network):
        pilote_user = User.objects.create_user(
            email="pilote-accord@a.test", password=PASSWORD, first_name="Paule"
        )
        pilote = Member.objects.create(
            user=pilote_user, display_name="Paule", address="2 rue du Four", group_role="pilote"
        )
        voisin_user = User.objects.create_user(
            email="voisin-accord@a.test", password=PASSWORD, first_name="Victor"
        )
        voisin = Member.objects.create(user=voisin_user, display_name="Victor", address="4 rue")
    yield pilote, voisin
    with inside(network):
        Member.objects.filter(pk__in=[pilote.pk, voisin.pk]).delete()
        User.objects.filter(pk__in=[pilote_user.pk, voisin_user.pk]).delete()


def test_pilote_lets_the_coach_change_a_role(new_page, site, committed_coach, committed_group):
    _pilote, voisin = committed_group
    coach = new_page()
    log_in(coach, site.url(None, "/connexion/"), EMAIL)
    coach.goto(site.url(None, "/console/support/reseau-a/ouvrir/"))
    coach.get_by_label("Pourquoi ouvrez-vous ce réseau en support ?").fill(
        "Nommer Victor animateur à la demande de Paule"
    )
    coach.get_by_role("button", name="Ouvrir le réseau en support").click()
    expect(coach).to_have_url(site.url("reseau-a", "/groupe/parcours/"))

    # Paule, on her own phone, agrees from the support journal.
    paule = new_page()
    log_in(paule, site.url("reseau-a", "/connexion/"), "pilote-accord@a.test")
    paule.goto(site.url("reseau-a", "/support/journal/"))
    expect(paule.get_by_role("main")).to_contain_text("Inès Coach est dans le réseau en soutien")
    paule.get_by_role("button", name="Laisser cette visite changer les rôles").click()
    expect(paule.get_by_role("status")).to_contain_text("peut maintenant changer les rôles")

    # The coach finds Victor and names him animateur, through the confirmation page.
    coach.goto(site.url("reseau-a", "/support/journal/"))
    coach.get_by_role("link", name="Membres et leurs rôles").click()
    coach.goto(site.url("reseau-a", f"/animation/membres/{voisin.pk}/"))
    coach.get_by_label("Nouveau rôle").select_option("animateur")
    coach.get_by_role("button", name="Changer le rôle").click()
    coach.get_by_role("button", name="Confirmer").click()
    expect(coach.get_by_role("status")).to_contain_text("Victor")
    expect(coach.get_by_role("main")).to_contain_text(
        "par Inès Coach (soutien Coop-ère), avec l'accord de Paule"
    )

    # Paule takes the agreement back: the coach reads again, changes nothing.
    paule.goto(site.url("reseau-a", "/support/journal/"))
    paule.get_by_role("button", name="Reprendre l'accord").click()
    coach.goto(site.url("reseau-a", f"/animation/membres/{voisin.pk}/"))
    expect(coach.get_by_role("heading", level=1)).to_have_text("Accès refusé")
