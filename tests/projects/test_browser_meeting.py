"""In Chromium: the date field of a project's next meeting shows the stored date (an ISO
value: a localised one is dropped by the browser), and changing only the place keeps it."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from community.projects import services
from community.projects.models import Project
from exchange.models import Member
from exchange.services.bootstrap import create_founding_member
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, schema_of

pytestmark = pytest.mark.browser
EMAIL = "jeanne-reunion@reseau-a.test"


@pytest.fixture
def planned(django_db_setup, django_db_blocker):
    """Committed in network A: a project whose next meeting is in five days at 18:30."""
    with django_db_blocker.unblock():
        schema = schema_of("reseau-a")
        with schema_context(schema):
            member = create_founding_member(
                first_name="Jeanne",
                last_name="Réunion",
                email=EMAIL,
                password=PASSWORD,
                role=Member.GroupRole.ANIMATEUR,
            )
            project = services.start_project(actor=member, title="Potager", goal="Planter")
            day = timezone.localdate() + timedelta(days=5)
            services.set_next_meeting(
                actor=member,
                project=project,
                when=timezone.make_aware(datetime.combine(day, time(18, 30))),
                place="Local vélos",
            )
        yield {"project": project, "day": day, "schema": schema}
        with schema_context(schema):
            Project.objects.filter(pk=project.pk).delete()
            member.delete()
            member.user.delete()


def test_the_meeting_date_is_shown_and_kept(site, new_page, planned):
    page = new_page()
    log_in(page, site.url("reseau-a", "/connexion/"), EMAIL)
    page.wait_for_url(re.compile(r"reseau-a\.[^/]+/(?!connexion)"))
    page.goto(site.url("reseau-a", f"/projets/{planned['project'].pk}/"))
    page.get_by_text("Modifier la réunion").click()
    date = page.locator("#reunion").get_by_label("Date")
    assert date.input_value() == planned["day"].isoformat()
    assert page.locator("#reunion").get_by_label("Heure").input_value() == "18:30"
    page.locator("#reunion").get_by_label("Lieu").fill("Jardin partagé")
    page.get_by_role("button", name="Enregistrer la réunion").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Jardin partagé").first).to_be_visible()
    with schema_context(planned["schema"]):
        project = Project.objects.get(pk=planned["project"].pk)
    assert timezone.localtime(project.next_meeting).date() == planned["day"]
    assert timezone.localtime(project.next_meeting).strftime("%H:%M") == "18:30"
