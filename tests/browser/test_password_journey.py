"""A resident who forgot her password, in Chromium: registered by her network's pilote and
activated from the emailed link, she later asks for a reset link on her network's host,
opens the emailed link (the live server runs in this process: its emails land in
`mail.outbox`), chooses a new password and logs in with it."""

import re

import pytest
from django.core import mail
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from coopere.accounts.models import User
from exchange.models import Member
from exchange.services.bootstrap import create_founding_member
from tenants.models import Network
from tests.conftest import PASSWORD, wait_for

from .conftest import log_in

pytestmark = pytest.mark.browser

PILOTE = "pia-pilote@reseau-a.test"
EMAIL = "odile@reseau-a.test"
NEW_PASSWORD = "les-capucines-du-balcon"


@pytest.fixture
def pilote(django_db_setup, django_db_blocker):
    """Committed: network A's pilote, made as `manage.py create_animator` makes a network's
    first animator (no page does). She registers Odile through the pages; both are
    removed afterwards."""
    with django_db_blocker.unblock():
        with schema_context(get_public_schema_name()):
            network = Network.objects.get(slug="reseau-a")
        with schema_context(network.schema_name):
            first_new = (
                Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            ) + 1
            create_founding_member(
                first_name="Pia", last_name="Pilote", email=PILOTE, password=PASSWORD
            )
        yield
        with schema_context(network.schema_name):
            for member in Member.objects.filter(pk__gte=first_new).order_by("-pk"):
                user_id = member.user_id
                member.delete()
                User.objects.filter(pk=user_id).delete()


def test_a_resident_resets_a_forgotten_password(site, new_page, pilote, celery_worker, settings):
    settings.COOPERE_URL_PORT = str(site.port)  # emailed links name the live server's port
    mail.outbox = []
    # At a café, the pilote registers Odile with her email address; Odile activates her
    # account from the emailed link.
    animator = new_page()
    log_in(animator, site.url("reseau-a", "/connexion/"), PILOTE)
    animator.get_by_role("link", name="Animation").click()
    animator.get_by_role("link", name="Inscrire un voisin").click()
    animator.get_by_label("Prénom").fill("Odile")
    animator.get_by_label("Nom", exact=True).fill("Martin")
    animator.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("Bâtiment A")
    animator.get_by_label("Adresse e-mail (facultatif)").fill(EMAIL)
    animator.get_by_label("L'habitant·e accepte", exact=False).check()
    animator.get_by_role("button", name="Inscrire et passer aux thèmes").click()
    expect(animator.get_by_role("main")).to_contain_text("Thème 1 sur")
    assert wait_for(lambda: any(EMAIL in m.to for m in mail.outbox))
    welcome = next(m.body for m in mail.outbox if EMAIL in m.to)
    first_day = new_page()
    first_day.goto(re.search(r"http://\S+/activer/\S*", welcome).group(0))
    first_day.get_by_label("Choisissez un mot de passe").fill(PASSWORD)
    first_day.get_by_label("Le même mot de passe").fill(PASSWORD)
    first_day.get_by_role("main").get_by_role("button", name="Activer").click()
    expect(first_day.get_by_text("Bienvenue ! Votre compte est prêt.")).to_be_visible()
    mail.outbox = []

    # Months later she has forgotten her password.
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
