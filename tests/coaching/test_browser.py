"""In Chromium, on a phone-sized screen: a coach logs a session with the keyboard only and
sees the week's bar move, then reads the alerts. Screenshots go to tests/browser/artifacts/."""

import pytest
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from onboarding.coaching.models import CoachingSession, HealthAlert
from tenants.models import Network
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
EMAIL = "coach-navigateur@coopere.test"


@pytest.fixture
def committed_coach(site):
    with schema_context(get_public_schema_name()):
        coach = create_operator(email=EMAIL, password=PASSWORD, first_name="Inès")
        network = Network.objects.get(slug="reseau-a")
        alert = HealthAlert.objects.create(
            network=network,
            kind=HealthAlert.Kind.NO_CAFE,
            detail="Dernier café-rencontre tenu le 3 mars, il y a 50 jours.",
            opened_at=timezone.now(),
        )
    yield coach
    with schema_context(get_public_schema_name()):
        alert.delete()
        CoachingSession.objects.filter(coach_id=coach.pk).delete()
        # Raw: the collector would look for residents' tables that public does not have.
        User.objects.filter(pk=coach.pk)._raw_delete(using="default")


def test_a_coach_logs_a_session_with_the_keyboard(site, new_page, committed_coach):
    page = new_page(**PHONE)
    log_in(page, site.url(None, "/connexion/"), EMAIL)

    page.goto(site.url(None, "/console/accompagnement/reseaux/reseau-a/"))
    page.get_by_label("Date", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_label("Durée (minutes)").fill("90")
    page.get_by_label("Cohésion du groupe").focus()
    page.keyboard.press("Space")
    page.get_by_label("Notes").fill("Premier point avec le Groupe d'Animation.")
    page.get_by_role("button", name="Enregistrer la séance").press("Enter")

    page.get_by_text("La séance d'accompagnement est enregistrée.").wait_for()
    expect(page.get_by_text("1 h 30 sur 2 h").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "coaching-log-phone.png", full_page=True)
    session = CoachingSession.objects.get(coach_id=committed_coach.pk)
    assert session.topics == ["cohesion"] and session.duration_minutes == 90

    page.goto(site.url(None, "/console/accompagnement/alertes/"))
    expect(page.get_by_text("Dernier café-rencontre tenu le 3 mars")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "coaching-alerts-phone.png", full_page=True)

    # The alert is acknowledged with a note: it stays open, the note shows who and when.
    # (Other alerts of network A may be open too, depending on the day: take this one's row.)
    row = page.get_by_role("row").filter(has_text="Dernier café-rencontre tenu le 3 mars")
    row.get_by_text("Prendre en compte", exact=True).click()
    row.get_by_label("Ce qui est fait").fill("Appel à la pilote : café prévu le mois prochain.")
    row.get_by_role("button", name="Enregistrer la prise en compte").click()
    page.get_by_text("L'alerte est prise en compte.").wait_for()
    expect(page.get_by_text("Prise en compte par Inès")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The session is corrected, then deleted after a confirmation.
    page.goto(site.url(None, "/console/accompagnement/reseaux/reseau-a/"))
    page.get_by_role("link", name="Modifier la séance du").click()
    page.get_by_label("Durée (minutes)").fill("60")
    page.get_by_role("button", name="Enregistrer la séance").click()
    page.get_by_text("La séance d'accompagnement est modifiée.").wait_for()
    expect(page.get_by_text("1 h sur 2 h").first).to_be_visible()
    page.get_by_role("link", name="Supprimer la séance du").click()
    page.get_by_role("button", name="Oui, supprimer la séance").click()
    page.get_by_text("La séance d'accompagnement est supprimée.").wait_for()
    assert not CoachingSession.objects.filter(coach_id=committed_coach.pk).exists()
