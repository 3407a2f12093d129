"""In Chromium: an animator schedules a café, a neighbour says they are coming, the
animator then changes its time and place from the café's page; the neighbour finds the
notice in their notifications, and a real Celery worker has emailed them. Every step
through the pages; the ORM only makes the two people and cleans up."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from community.cafes.models import Cafe
from exchange.models import Member
from exchange.services.bootstrap import create_founding_member
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD, schema_of, wait_for
from tests.exchange.factories import MemberFactory

pytestmark = pytest.mark.browser

ANIMATOR = "claire-change@reseau-a.test"
NEIGHBOUR = "gaston-change@reseau-a.test"


@pytest.fixture
def people(django_db_setup, django_db_blocker):
    """Committed in network A (the live server reads committed rows); removed afterwards."""
    with django_db_blocker.unblock():
        schema = schema_of("reseau-a")
        with schema_context(schema):
            animator = create_founding_member(
                first_name="Claire",
                last_name="Change",
                email=ANIMATOR,
                password=PASSWORD,
                role=Member.GroupRole.ANIMATEUR,
            )
            neighbour = MemberFactory(  # a resident, not in the Groupe d'Animation
                user__email=NEIGHBOUR,
                user__password=PASSWORD,
                user__first_name="Gaston",
                display_name="Gaston V.",
            )
        yield {"schema": schema}
        with schema_context(schema):
            Cafe.objects.filter(created_by=animator).delete()  # its RSVPs and changes too
            for member in (neighbour, animator):
                member.delete()  # their notifications too
                member.user.delete()


def _login(page, site, email):
    log_in(page, site.url("reseau-a", "/connexion/"), email)
    page.wait_for_url(re.compile(r"reseau-a\.[^/]+/(?!connexion)"))


def test_an_animator_moves_a_cafe_and_the_neighbour_is_told(site, new_page, people, celery_worker):
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    mail.outbox.clear()

    # The animator schedules Saturday's café.
    animator = new_page()
    _login(animator, site, ANIMATOR)
    animator.goto(site.url("reseau-a", "/cafes/"))
    animator.get_by_role("link", name="Programmer un café", exact=True).click()
    animator.get_by_label("Date").fill(day)
    animator.get_by_label("Heure").fill("10:00")
    animator.get_by_label("Lieu (par exemple : la place, la salle commune)").fill(
        "Square des Tilleuls"
    )
    animator.get_by_role("button", name="Programmer").click()
    animator.wait_for_url(re.compile(r"/cafes/\d+/$"))
    cafe_url = animator.url

    # A neighbour says they are coming.
    neighbour = new_page()
    _login(neighbour, site, NEIGHBOUR)
    neighbour.goto(cafe_url)
    neighbour.get_by_role("button", name="Je viens").click()
    expect(neighbour.get_by_text("Vous venez")).to_be_visible()
    assert neighbour.get_by_role("link", name="Modifier l'heure ou le lieu").count() == 0

    # The animator changes the time and the place from the café's page.
    animator.goto(cafe_url)
    animator.get_by_role("link", name="Modifier l'heure ou le lieu").click()
    assert animator.get_by_label("Date").input_value() == day  # the stored date, kept
    assert animator.get_by_label("Heure").input_value() == "10:00"
    animator.get_by_label("Heure").fill("14:30")
    animator.get_by_label("Lieu (par exemple : la place, la salle commune)").fill(
        "Salle Jean Moulin"
    )
    animator.get_by_label("Adresse").fill("5 rue de la Paix")
    animator.get_by_role("button", name="Enregistrer les modifications").click()
    animator.wait_for_url(cafe_url)
    expect(animator.get_by_text("Le café est modifié : 1 personne est prévenue.")).to_be_visible()
    expect(animator.get_by_text("Salle Jean Moulin")).to_be_visible()
    animator.screenshot(path=ARTIFACTS / "cafes-changed.png", full_page=True)

    # The neighbour finds the notice, which leads to the café.
    neighbour.goto(site.url("reseau-a", "/"))
    neighbour.get_by_role("link", name="Notifications", exact=True).first.click()
    notice = neighbour.get_by_role("link", name=re.compile("a changé"))
    assert "de 14\u00a0h\u00a030 à 16\u00a0h\u00a030" in notice.inner_text()
    assert "Salle Jean Moulin, 5 rue de la Paix" in notice.inner_text()
    neighbour.screenshot(path=ARTIFACTS / "cafes-change-notice.png", full_page=True)
    notice.click()
    neighbour.wait_for_url(cafe_url)
    expect(neighbour.get_by_text("Salle Jean Moulin")).to_be_visible()

    # And the worker emailed them, once.
    def to_gaston():
        return [m for m in mail.outbox if m.to == [NEIGHBOUR]]

    assert wait_for(lambda: len(to_gaston()) == 1), [m.subject for m in mail.outbox]
    (email,) = to_gaston()
    assert email.subject.startswith("Café-rencontre du ") and email.subject.endswith(
        " : changement"
    )
    assert "Salle Jean Moulin, 5 rue de la Paix" in email.body
    assert not [m for m in mail.outbox if m.to == [ANIMATOR]]
