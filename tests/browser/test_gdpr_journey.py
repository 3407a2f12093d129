"""RGPD in Chromium: a resident downloads her data (CSV and JSON) from her profile, then
leaves the network; a pilote sees the accounts unused for 24 months on the members page."""

import json
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from exchange.models import Member, QuestionnaireAnswer, Theme
from tenants.models import Network
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

EMAIL = "lise@reseau-a.test"
PILOTE = "paule@reseau-a.test"
SLEEPER = "dormeur@reseau-a.test"


@pytest.fixture
def cast(django_db_setup, django_db_blocker):
    """Committed residents of network A (registered earlier, at a café), removed after.

    Arranged in code because it is their past, which no page can make today: the sleeper's
    last visit 30 months ago, answers given at registration. Registering and activating
    through the pages is walked by test_exchange_journey.py and test_method_journey.py."""
    with django_db_blocker.unblock():
        with schema_context(get_public_schema_name()):
            network = Network.objects.get(slug="reseau-a")
        made = []
        with schema_context(network.schema_name):
            for email, name, role, months in (
                (EMAIL, "Lise B.", "", 0),
                (PILOTE, "Paule P.", "pilote", 0),
                (SLEEPER, "Dormeur D.", "", 30),
            ):
                user = User.objects.create_user(email=email, password=PASSWORD, first_name=name)
                if months:  # a login long ago: no one does that from a page
                    user.last_login = timezone.now() - relativedelta(months=months)
                    user.save()
                made.append(
                    Member.objects.create(
                        user=user, display_name=name, address="Bâtiment C", group_role=role
                    )
                )
            QuestionnaireAnswer.objects.create(
                member=made[0], theme=Theme.objects.get(name="Coups de main"), note="=1+1 bricole"
            )
        yield made
        with schema_context(network.schema_name):
            QuestionnaireAnswer.objects.filter(member__in=made).delete()
            Member.objects.filter(pk__in=[m.pk for m in made]).delete()
            User.objects.filter(pk__in=[m.user_id for m in made]).delete()


def _login(page, site, email):
    page.goto(site.url("reseau-a", "/connexion/"))
    page.get_by_label("Adresse e-mail ou code membre").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_resident_downloads_her_data_then_leaves(site, new_page, cast):
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


def test_a_pilote_sees_the_accounts_unused_for_two_years(site, new_page, cast):
    page = new_page()
    _login(page, site, PILOTE)
    page.goto(site.url("reseau-a", "/animation/membres/"))
    section = page.get_by_role("region", name="Comptes inactifs")
    assert "Dormeur D." in section.inner_text()
    assert "Lise B." not in section.inner_text()
    assert "Rien n'est supprimé automatiquement" in section.inner_text()
