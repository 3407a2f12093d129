"""Issue 5's journey, in Chromium: a coach opens a network from the console, schedules its
apéro-info (which ticks its item), ticks the rest of amorçage, prints the invitation letter
and downloads its PDF, moves to lancement; then the coach enters the network as support, and
the visit shows in the console's audit log and in the network's own. (Forming the Groupe
d'Animation and opening the platform: tests/browser/test_method_journey.py.)
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from onboarding.launch.models import AperoInfo
from support.models import SupportSession
from tenants.models import Network

from .conftest import ARTIFACTS, coach_with_a_spare, log_in

pytestmark = pytest.mark.browser

COACH = "coach-ouverture@coopere.test"
SLUG = "les-peupliers"
AMORCAGE_ITEMS = [
    "Amorceurs identifiés",
    "Première réunion tenue",
    "Périmètre défini",
    "Lieu de rencontre trouvé",
    "Lettre d'invitation préparée et envoyée à chaque foyer",
]


@pytest.fixture
def coach(site):
    with coach_with_a_spare(COACH, SLUG) as operator:
        yield operator


def _network() -> Network:
    with schema_context(get_public_schema_name()):
        return Network.objects.get(slug=SLUG)


def _tick(page, label):
    item = page.get_by_role("listitem").filter(has_text=label)
    item.get_by_text("Cocher", exact=True).first.click()
    item.get_by_role("button", name="Cocher").click()
    expect(page.get_by_text(f"Coché : {label}.")).to_be_visible()


def test_a_coach_takes_a_network_from_amorcage_to_its_open_platform(new_page, site, coach):
    ARTIFACTS.mkdir(exist_ok=True)
    page = new_page()
    log_in(page, site.url(path="/console/"), COACH)

    # Open the network.
    page.get_by_role("navigation", name="Console").get_by_role(
        "link", name="Ouvrir un réseau"
    ).click()
    page.locator("[name=name]").fill("Les Peupliers")
    page.locator("[name=slug]").fill(SLUG)
    page.locator("[name=region]").select_option(label="Essonne")
    page.locator("[name=perimeter_description]").fill("Les trois tours des Peupliers")
    page.locator("[name=perimeter_streets]").fill(
        "1 allée des Peupliers\n3 allée des Peupliers\n5 allée des Peupliers"
    )
    page.locator("[name=estimated_households]").fill("180")
    page.locator("[name=meeting_place]").fill("Salle commune de la tour 3")
    page.locator("[name=amorceurs-0-name]").fill("Fatou Diallo")
    page.locator("[name=amorceurs-0-kind]").select_option("resident")
    page.locator("[name=amorceurs-1-name]").fill("Michel Roche")
    page.locator("[name=amorceurs-1-kind]").select_option("amicale")
    page.locator("[name=amorceurs-1-organisation]").fill("Amicale des Peupliers")
    page.get_by_role("button", name="Ouvrir le réseau").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Les Peupliers")
    network_page = page.url
    network = _network()
    assert network.phase == Network.Phase.AMORCAGE and network.platform_opened_at is None

    # Its residents' site says "bientôt" until the platform opens.
    residents = new_page()
    residents.goto(site.url(SLUG))
    expect(residents.get_by_role("main")).to_contain_text("Bientôt")

    # Schedule the apéro-info: its checklist item ticks itself.
    page.get_by_role("link", name="Programmer l'apéro-info").click()
    when = timezone.localtime() + timedelta(days=12)
    page.locator("[name=day]").fill(when.strftime("%Y-%m-%d"))
    page.locator("[name=time]").fill("18:30")
    page.get_by_role("main").get_by_role("button", name="Programmer").click()
    with schema_context(get_public_schema_name()):
        assert AperoInfo.objects.filter(network=network).exists()

    # Print the invitation letter, and download it as a PDF.
    page.goto(network_page)
    page.get_by_role("link", name="Aperçu et impression de la lettre").click()
    expect(page.get_by_role("main")).to_contain_text("Fatou Diallo")
    expect(page.get_by_role("main")).to_contain_text("Michel Roche (Amicale des Peupliers)")
    page.emulate_media(media="print")
    page.screenshot(path=ARTIFACTS / "onboarding-letter-print.png", full_page=True)
    page.emulate_media(media="screen")
    page.goto(network_page)
    with page.expect_download() as letter:
        page.get_by_role("link", name="Télécharger la lettre (PDF)").click()
    with open(letter.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # Tick the rest of amorçage and move to lancement.
    expect(
        page.get_by_role("listitem").filter(has_text="Apéro-info programmé").first
    ).to_contain_text("Fait")
    for label in AMORCAGE_ITEMS:
        _tick(page, label)
    page.get_by_role("button", name="Passer en Lancement").click()
    expect(page.get_by_text(re.compile("Lancement")).first).to_be_visible()
    assert _network().phase == Network.Phase.LANCEMENT

    # Forming the group and opening the platform, through the pages: test_method_journey.

    # The coach enters the network as support; both audit logs show the visit.
    page.goto(network_page)
    page.get_by_label("Pourquoi ouvrez-vous ce réseau en support ?").fill(
        "Préparer le premier café avec le groupe"
    )
    page.get_by_role("button", name="Ouvrir le réseau en support").click()
    expect(page).to_have_url(re.compile(rf"^http://{SLUG}\."))
    banner = page.get_by_role("region", name="Session support")
    expect(banner).to_contain_text("Session support — Camille")
    banner.get_by_role("link", name="Journal du support").click()
    expect(page.get_by_role("main")).to_contain_text("Préparer le premier café avec le groupe")
    page.screenshot(path=ARTIFACTS / "onboarding-support-journal.png", full_page=True)
    banner.get_by_role("button", name="Terminer").click()

    console = new_page()
    log_in(console, site.url(path="/console/"), COACH)
    console.goto(site.url(path="/console/support/"))
    row = console.get_by_role("row").filter(has_text="Les Peupliers")
    expect(row).to_contain_text("Préparer le premier café avec le groupe")
    with schema_context(get_public_schema_name()):
        public_rows = list(SupportSession.objects.filter(network_schema=network.schema_name))
    with schema_context(network.schema_name):
        network_rows = list(SupportSession.objects.all())
    assert len(public_rows) == 1 and len(network_rows) == 1
    assert public_rows[0].ended_at is not None and network_rows[0].ended_at is not None
