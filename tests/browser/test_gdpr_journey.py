"""RGPD in Chromium: a resident registered by the pilote and activated from the emailed link
downloads her data (CSV and JSON) from her profile, then leaves the network; a pilote sees
the accounts unused for 24 months on the members page (one registered 30 months ago, the
clock moved back by time-machine)."""

import json
import re
from pathlib import Path

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from coopere.accounts.models import User
from exchange.models import Member, QuestionnaireAnswer
from exchange.services.bootstrap import create_founding_member
from tenants.models import Network
from tests.conftest import PASSWORD, wait_for

pytestmark = pytest.mark.browser

EMAIL = "lise@reseau-a.test"
PILOTE = "paule@reseau-a.test"


@pytest.fixture
def pilote(django_db_setup, django_db_blocker):
    """Committed: network A's pilote, made as `manage.py create_animator` makes a network's
    first animator (no page does). The residents she registers through the pages are
    removed afterwards, with her."""
    with django_db_blocker.unblock():
        with schema_context(get_public_schema_name()):
            network = Network.objects.get(slug="reseau-a")
        with schema_context(network.schema_name):
            first_new = (
                Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            ) + 1
            create_founding_member(
                first_name="Paule", last_name="Pilote", email=PILOTE, password=PASSWORD
            )
        yield
        with schema_context(network.schema_name):
            made = list(Member.objects.filter(pk__gte=first_new).order_by("-pk"))
            QuestionnaireAnswer.objects.filter(member__in=made).delete()
            for member in made:
                member.delete()
                User.objects.filter(pk=member.user_id).delete()


def _login(page, site, email):
    page.goto(site.url("reseau-a", "/connexion/"))
    page.get_by_label("Adresse e-mail ou code membre").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _register(page, first, last, email=""):
    """The pilote registers a neighbour at a café; the questionnaire's first theme opens."""
    page.get_by_role("link", name="Animation").click()
    page.get_by_role("link", name="Inscrire un voisin").click()
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Nom", exact=True).fill(last)
    page.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("Bâtiment C")
    if email:
        page.get_by_label("Adresse e-mail (facultatif)").fill(email)
    page.get_by_label("L'habitant·e accepte", exact=False).check()
    page.get_by_role("button", name="Inscrire et passer aux thèmes").click()
    expect(page.get_by_role("main")).to_contain_text("Thème 1 sur")


def test_a_resident_downloads_her_data_then_leaves(site, new_page, pilote, celery_worker, settings):
    settings.COOPERE_URL_PORT = str(site.port)  # emailed links name the live server's port
    mail.outbox = []
    # The pilote registers Lise at a café; Lise's words on the first theme look like a
    # spreadsheet formula. Lise activates her account from the emailed link.
    animator = new_page()
    _login(animator, site, PILOTE)
    _register(animator, "Lise", "Bernard", EMAIL)
    animator.get_by_label("Avec mes mots (facultatif)").fill("=1+1 bricole")
    animator.get_by_role("button", name="Thème suivant").click()
    expect(animator.get_by_role("main")).to_contain_text("Thème 2 sur")
    assert wait_for(lambda: any(EMAIL in m.to for m in mail.outbox))
    welcome = next(m.body for m in mail.outbox if EMAIL in m.to)
    first_day = new_page()
    first_day.goto(re.search(r"http://\S+/activer/\S*", welcome).group(0))
    first_day.get_by_label("Choisissez un mot de passe").fill(PASSWORD)
    first_day.get_by_label("Le même mot de passe").fill(PASSWORD)
    first_day.get_by_role("main").get_by_role("button", name="Activer").click()
    expect(first_day.get_by_text("Bienvenue ! Votre compte est prêt.")).to_be_visible()

    page = new_page(accept_downloads=True)
    _login(page, site, EMAIL)
    page.goto(site.url("reseau-a", "/mon-profil/"))
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Télécharger mes données (CSV, pour tableur)").click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    assert "profil;email;lise@reseau-a.test" in text.splitlines()
    assert "questionnaire 1;note;'=1+1 bricole" in text.splitlines()  # no formula runs
    with page.expect_download() as json_download:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    data = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert data["questionnaire"][0]["note"] == "=1+1 bricole"

    page.get_by_text("Quitter le réseau", exact=True).click()
    page.get_by_label("Je veux quitter le réseau").check()
    page.get_by_role("button", name="Supprimer mon compte").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Votre compte est supprimé"

    _login(page, site, EMAIL)
    assert page.url.startswith(site.url("reseau-a", "/connexion/"))  # no way back in


def test_a_pilote_sees_the_accounts_unused_for_two_years(site, new_page, pilote):
    # Thirty months ago, the pilote registered a neighbour who never came to the site.
    with time_machine.travel(timezone.now() - relativedelta(months=30), tick=True):
        then = new_page()
        _login(then, site, PILOTE)
        _register(then, "Dormeur", "Durand")
    # Today she registers Lise.
    page = new_page()
    _login(page, site, PILOTE)
    _register(page, "Lise", "Bernard")
    page.goto(site.url("reseau-a", "/animation/membres/"))
    section = page.get_by_role("region", name="Comptes inactifs")
    assert "Dormeur D." in section.inner_text()
    assert "Lise B." not in section.inner_text()
    assert "Rien n'est supprimé automatiquement" in section.inner_text()
