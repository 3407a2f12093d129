"""A resident who forgot her password, in Chromium: she asks for a link on her network's
host, opens the emailed link (the live server runs in this process: its emails land in
`mail.outbox`), chooses a new password and logs in with it."""

import re

import pytest
from django.core import mail
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from exchange.models import Member
from tenants.models import Network
from tests.conftest import PASSWORD, wait_for

pytestmark = pytest.mark.browser

EMAIL = "odile@reseau-a.test"
NEW_PASSWORD = "les-capucines-du-balcon"


@pytest.fixture
def odile(django_db_setup, django_db_blocker):
    """A committed resident of network A (registered earlier, at a café), removed after.

    The state the journey starts from; registering and activating through the pages is
    walked by test_exchange_journey.py and test_method_journey.py."""
    with django_db_blocker.unblock():
        with schema_context(get_public_schema_name()):
            network = Network.objects.get(slug="reseau-a")
        with schema_context(network.schema_name):
            user = User.objects.create_user(email=EMAIL, password=PASSWORD, first_name="Odile")
            Member.objects.create(user=user, display_name="Odile M.", address="Bâtiment A")
        yield user
        with schema_context(network.schema_name):
            Member.objects.filter(user__email=EMAIL).delete()
            User.objects.filter(email=EMAIL).delete()


def test_a_resident_resets_a_forgotten_password(site, new_page, odile):
    page = new_page()
    page.goto(site.url("reseau-a", "/connexion/"))
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    assert "Pas d'adresse e-mail ?" in page.content()  # the card route is on the page
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_role("button", name="M'envoyer un lien").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Consultez vos e-mails"

    assert wait_for(lambda: any(EMAIL in m.to for m in mail.outbox))
    body = next(m.body for m in mail.outbox if EMAIL in m.to)
    link = re.search(r"http://\S+/mot-de-passe-oublie/\S+/\S+/", body).group(0)
    assert link.startswith(site.url("reseau-a", "/mot-de-passe-oublie/"))  # host and port

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Choisissez un nouveau mot de passe"
    )
    page.get_by_label("Nouveau mot de passe", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer mon nouveau mot de passe").click()
    assert "Votre nouveau mot de passe est enregistré" in page.content()

    page.locator("main").get_by_role("link", name="Se connecter").click()
    page.get_by_label("Adresse e-mail ou code membre").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(site.url("reseau-a", "/mon-compte/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Mon compte"
    assert EMAIL in page.content()

    # The link served once: opened again, it says so.
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Ce lien ne fonctionne plus"
