"""In Chromium, on a phone-sized screen: a neighbour starts a project from the compost
sheet and ticks its first step; a sheet prints on one A4 page. Screenshots go to
tests/browser/artifacts/."""

import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from community.projects.models import Project
from exchange.models import Member
from exchange.services.bootstrap import create_founding_member
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD, schema_of

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


@pytest.fixture
def neighbour(django_db_setup, django_db_blocker):
    """Committed in network A (the live server reads committed rows); removed afterwards."""
    with django_db_blocker.unblock():
        schema = schema_of("reseau-a")
        with schema_context(schema):
            member = create_founding_member(
                first_name="Jeanne",
                last_name="Compost",
                email="jeanne-projet@reseau-a.test",
                password=PASSWORD,
                role=Member.GroupRole.ANIMATEUR,
            )
        yield {"member": member, "schema": schema}
        with schema_context(schema):
            Project.objects.filter(created_by=member).delete()
            member.delete()
            member.user.delete()


def test_starting_the_compost_project_on_a_phone(site, new_page, neighbour):
    page = new_page(**PHONE)
    log_in(page, site.url("reseau-a", "/connexion/"), "jeanne-projet@reseau-a.test")
    page.goto(site.url("reseau-a", "/projets/fiches/"))
    page.screenshot(path=ARTIFACTS / "projects-sheets-phone.png", full_page=True)
    compost = page.get_by_role("listitem").filter(has_text="Compostage collectif")
    compost.get_by_role("link", name="Lancer ce projet").click()
    assert page.get_by_label("Partir d'une fiche de lancement").input_value() == "compost"
    page.get_by_label("Objectif").fill("Moins de déchets, du compost pour les jardinières.")
    page.get_by_role("button", name="Lancer le projet").click()
    page.wait_for_url(re.compile(r"/projets/\d+/$"))
    assert page.get_by_role("heading", name="Compostage collectif").is_visible()
    expect(page.get_by_text("0 étape faite sur 7")).to_be_visible()
    first = page.get_by_role("button", name=re.compile("référents compost"))
    assert first.get_attribute("aria-pressed") == "false"
    first.click()
    page.wait_for_url(re.compile(r"#etape-\d+$"))
    expect(page.get_by_text("1 étape faite sur 7")).to_be_visible()
    tick = page.get_by_role("button", name=re.compile("référents compost"))
    assert tick.get_attribute("aria-pressed") == "true"
    page.screenshot(path=ARTIFACTS / "projects-compost-phone.png", full_page=True)
    with schema_context(neighbour["schema"]):
        project = Project.objects.get(created_by=neighbour["member"])
        assert project.started_from.slug == "compost"
        assert project.steps.filter(done_at__isnull=False).count() == 1


def test_a_sheet_prints_on_one_a4_page(site, new_page, neighbour):
    page = new_page()
    log_in(page, site.url("reseau-a", "/connexion/"), "jeanne-projet@reseau-a.test")
    page.goto(site.url("reseau-a", "/projets/fiches/eco-gestes-energie/"))
    page.emulate_media(media="print")
    page.screenshot(path=ARTIFACTS / "projects-sheet-print.png", full_page=True)
    pdf = page.pdf(prefer_css_page_size=True)
    (ARTIFACTS / "projects-sheet.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
