"""Issue 10, items 1 and 2, in Chromium: a coach registers an amorceur of a network still in
amorçage as its pilote from the console and prints her welcome card; the pilote activates her
account with the card's code, registers two neighbours, and names one copilote and the other
animateur from their member pages, confirming each change. No step through the ORM.
"""

import re

import pytest
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from exchange.models import Member, MemberRoleChange
from onboarding.models import Amorceur
from tenants.models import Network
from tests.conftest import PASSWORD

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

COACH = "coach-pilotes@coopere.test"
SLUG = "reseau-b"  # committed once per session, in amorçage: its platform is not open


@pytest.fixture
def coach(site):
    with schema_context(get_public_schema_name()):
        operator = create_operator(email=COACH, password=PASSWORD, first_name="Camille")
        network = Network.objects.get(slug=SLUG)
        before = set(Amorceur.objects.filter(network=network).values_list("pk", flat=True))
    with schema_context(network.schema_name):
        members_before = set(Member.objects.values_list("pk", flat=True))
        users_before = set(User.objects.values_list("pk", flat=True))
    yield operator
    with schema_context(network.schema_name):
        made = Member.objects.exclude(pk__in=members_before)
        MemberRoleChange.objects.filter(member__in=made).delete()
        made.delete()
        users = User.objects.exclude(pk__in=users_before)
        users._raw_delete(users.db)
    with schema_context(get_public_schema_name()):
        Amorceur.objects.filter(network=network).exclude(pk__in=before).delete()
        users = User.objects.filter(pk=operator.pk)
        users._raw_delete(users.db)


def _register_neighbour(page, site, first, last):
    page.goto(site.url(SLUG, "/animation/"))
    page.get_by_role("link", name="Inscrire un voisin").click()
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Nom", exact=True).fill(last)
    page.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("Bâtiment B")
    page.get_by_label("L'habitant·e accepte", exact=False).check()
    page.get_by_role("main").get_by_role("button").click()
    expect(page.get_by_role("main")).to_contain_text(f"{first} {last[0]}.")


def _fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _give_role(page, site, name, role):
    page.goto(site.url(SLUG, "/animation/membres/"))
    page.get_by_role("link", name=name, exact=True).click()
    page.get_by_label("Nouveau rôle").select_option(label=role)
    _fits_the_phone(page)
    page.get_by_role("button", name="Changer le rôle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer le changement")
    _fits_the_phone(page)
    expect(page.get_by_role("main")).to_contain_text(f"Après : {role}")
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("main")).to_contain_text(f"{name} : le rôle est désormais {role}.")
    expect(page.get_by_role("main")).to_contain_text(f"rôle : Membre → {role}")


def test_the_coach_registers_a_pilote_who_forms_her_group(new_page, site, coach):
    ARTIFACTS.mkdir(exist_ok=True)
    console = new_page()
    log_in(console, site.url(path="/console/"), COACH)
    console.goto(site.url(path=f"/console/reseaux/{SLUG}/"))

    # The amorceur who lives in the perimeter, then her registration as pilote.
    console.get_by_text("Ajouter un amorceur").click()
    console.locator("[name=amorceur-name]").fill("Sophie Martin")
    console.locator("[name=amorceur-kind]").select_option("resident")
    console.get_by_role("button", name="Ajouter", exact=True).click()
    console.get_by_role("link", name="Inscrire Sophie Martin comme pilote").click()
    expect(console.get_by_label("Prénom")).to_have_value("Sophie")
    expect(console.get_by_label("Nom", exact=True)).to_have_value("Martin")
    console.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("2 rue des Lilas")
    console.get_by_label("L'habitant·e accepte", exact=False).check()
    console.get_by_role("button", name="Inscrire comme pilote").click()
    expect(console.get_by_role("main")).to_contain_text("Sophie M. est inscrit·e comme pilote.")

    # Her welcome card, printed from the console (A6).
    console.get_by_role("button", name="Imprimer la carte de bienvenue de Sophie Martin").click()
    expect(console.get_by_role("heading", name="Bienvenue, Sophie !")).to_be_visible()
    code = console.locator(".welcome-card .code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code), code

    # Sophie activates her account with the card's code, before the platform opens.
    sophie = new_page(viewport={"width": 390, "height": 844})
    sophie.goto(site.url(SLUG, "/activer/"))
    sophie.get_by_label("Code d'activation", exact=False).fill(code)
    sophie.get_by_label("Choisissez un mot de passe").fill("lilas-et-tilleuls-2026")
    sophie.get_by_label("Le même mot de passe").fill("lilas-et-tilleuls-2026")
    sophie.get_by_role("main").get_by_role("button", name="Activer").click()
    expect(sophie.get_by_text("Bienvenue ! Votre compte est prêt.")).to_be_visible()

    # She registers two neighbours and gives them their roles.
    _register_neighbour(sophie, site, "Karim", "Benali")
    _register_neighbour(sophie, site, "Lucie", "Moreau")
    _give_role(sophie, site, "Karim B.", "Copilote")
    _give_role(sophie, site, "Lucie M.", "Animateur")

    sophie.screenshot(path=ARTIFACTS / "roles-member-page.png", full_page=True)

    # The console now shows her as pilote with her account activated.
    console.goto(site.url(path=f"/console/reseaux/{SLUG}/"))
    expect(console.locator("#pilotes").locator("..")).to_contain_text("Pilote · compte activé")
    console.locator("#pilotes").locator("..").screenshot(path=ARTIFACTS / "roles-console-panel.png")
