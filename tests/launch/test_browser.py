"""In Chromium: a coach projects the apéro-info kit and moves through it with the keyboard
and the buttons; on paper it prints one slide per page. Screenshots go to
tests/browser/artifacts/."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from coopere.accounts.services import create_operator
from onboarding.launch.models import AperoInfo, InvitationLetter
from onboarding.launch.services import save_letter_addresses, schedule_apero_info
from onboarding.models import Amorceur, ItemCheck, NetworkChecklist
from tenants.models import Network
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
EMAIL = "kit-coach@coopere.test"


@pytest.fixture
def coach_account(django_db_setup, django_db_blocker):
    """Committed (the live server reads committed rows); removed afterwards."""
    with django_db_blocker.unblock(), schema_context(get_public_schema_name()):
        user = create_operator(email=EMAIL, password=PASSWORD, first_name="Kit")
        yield user
        with connection.cursor() as cursor:  # not User.delete(): it would look for tenant tables
            cursor.execute("DELETE FROM accounts_user WHERE id = %s", [user.pk])


def _current(page) -> str:
    return page.locator(".slide.is-current").get_attribute("id")


def _login(page, site):
    log_in(page, site.url(None, "/connexion/"), EMAIL)
    page.wait_for_load_state()


def test_the_kit_moves_with_the_arrow_keys(site, new_page, coach_account):
    page = new_page(viewport={"width": 1280, "height": 720})
    _login(page, site)

    page.goto(site.url(None, "/console/lancement/reseau-a/kit/"))
    assert _current(page) == "diapo-1"
    assert page.locator(".slide:visible").count() == 1
    expect(page.get_by_text("Diapositive 1 sur 8")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "launch-kit-slide-1.png")

    page.keyboard.press("ArrowRight")
    assert _current(page) == "diapo-2"
    assert page.locator("#diapo-2").is_visible() and not page.locator("#diapo-1").is_visible()
    expect(page.get_by_text("Diapositive 2 sur 8")).to_be_visible()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert _current(page) == "diapo-5"
    assert page.get_by_role("heading", name="Quatre principes").is_visible()
    page.screenshot(path=ARTIFACTS / "launch-kit-principles.png")
    page.keyboard.press("ArrowLeft")
    assert _current(page) == "diapo-4"
    assert page.url.endswith("#diapo-4")

    page.keyboard.press("ArrowLeft")
    assert _current(page) == "diapo-3"
    page.screenshot(path=ARTIFACTS / "launch-kit-sharing.png")
    page.keyboard.press("End")
    assert _current(page) == "diapo-8"
    page.screenshot(path=ARTIFACTS / "launch-kit-next-meeting.png")
    assert page.get_by_role("button", name="Diapositive suivante").is_disabled()
    page.keyboard.press("Home")
    assert _current(page) == "diapo-1"
    page.keyboard.press("ArrowLeft")  # nothing before the first slide
    assert _current(page) == "diapo-1"
    page.get_by_role("button", name="Diapositive suivante").click()
    assert _current(page) == "diapo-2"

    page.keyboard.press("f")
    toggle = page.get_by_role("button", name="Plein écran (F)")
    # The button follows the `fullscreenchange` event: once it is pressed, the page is full
    # screen. (Not `wait_for_function`: its polling evaluates a string, which the page's
    # Content-Security-Policy forbids.)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.fullscreenElement !== null")
    page.keyboard.press("f")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("document.fullscreenElement === null")

    # On paper: every slide, one per A4 landscape page.
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (ARTIFACTS / "launch-kit.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 8
    page.emulate_media(media="screen")

    # Escape leaves the presentation, back to the network's console page.
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/console/reseaux/reseau-a/$"))


def test_without_javascript_the_kit_is_one_long_page(site, new_page, coach_account):
    page = new_page(java_script_enabled=False)
    _login(page, site)
    page.goto(site.url(None, "/console/lancement/reseau-a/kit/"))
    assert page.locator(".slide:visible").count() == 8
    assert not page.get_by_role("button", name="Diapositive suivante").is_visible()
    assert page.get_by_role("link", name=re.compile("Retour à Réseau A")).is_visible()


@pytest.fixture
def letter_world(django_db_setup, django_db_blocker, coach_account):
    """Network A's apéro-info, an amorceur and three addresses, committed; removed after."""
    with django_db_blocker.unblock(), schema_context(get_public_schema_name()):
        network = Network.objects.get(slug="reseau-a")
        amorceur = Amorceur.objects.create(
            network=network,
            name="Karim Benali",
            kind="amicale",
            organisation="Amicale des locataires des Tilleuls",
        )
        schedule_apero_info(
            network=network,
            starts_at=timezone.now() + timedelta(days=10),
            place="Salle des fêtes Jacques Brel",
            actor=coach_account,
        )
        save_letter_addresses(
            network=network,
            addresses="12 rue des Lilas\n14 rue des Lilas\n3 allée des Tilleuls, bât. B",
            actor=coach_account,
        )
        yield network
        AperoInfo.objects.filter(network=network).delete()
        InvitationLetter.objects.filter(network=network).delete()
        # Scheduling the apéro-info ticked its checklist item (and started the checklist).
        ItemCheck.objects.filter(network=network).delete()
        NetworkChecklist.objects.filter(network=network).delete()
        amorceur.delete()


def test_the_mail_merge_prints_one_a4_page_per_address(site, new_page, letter_world):
    page = new_page()
    _login(page, site)
    page.goto(site.url(None, "/console/reseaux/reseau-a/"))
    panel = page.locator("section", has=page.get_by_role("heading", name="Apéro-info et lettre"))
    panel.screenshot(path=ARTIFACTS / "launch-panel.png")
    panel.get_by_role("link", name="Déplacer l'apéro-info ou le noter comme tenu").click()
    assert page.get_by_label("Lieu").input_value() == "Salle des fêtes Jacques Brel"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.get_by_label("Jour").input_value())
    page.screenshot(path=ARTIFACTS / "launch-apero-info.png", full_page=True)
    page.go_back()
    panel.get_by_role("link", name="Publipostage : une lettre par adresse").click()
    addresses = page.get_by_label("Adresses, une par ligne")
    assert addresses.input_value().splitlines()[1] == "14 rue des Lilas"
    page.get_by_role("link", name="Aperçu et impression des lettres").click()
    expect(page.get_by_text("Aux habitant·es du 14 rue des Lilas")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "launch-letter-screen.png", full_page=True)
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Imprimer").is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (ARTIFACTS / "launch-letters.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 3
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and (round(float(box[1])), round(float(box[2]))) == (595, 842)
