"""In Chromium, on a phone-sized screen: an animator runs a café (counts with the big
buttons, ticks who came, registers a newcomer who goes on to the themes), and the poster
prints on exactly one A4 (or A3) sheet. Screenshots go to tests/browser/artifacts/."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from community.cafes.models import Attendance, Cafe
from coopere.accounts.models import User
from exchange.models import Member
from exchange.services.bootstrap import create_founding_member
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD, schema_of

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


@pytest.fixture
def cafe_world(django_db_setup, django_db_blocker):
    """Committed in network A (the live server reads committed rows); removed afterwards."""
    with django_db_blocker.unblock():
        schema = schema_of("reseau-a")
        with schema_context(schema):
            animator = create_founding_member(
                first_name="Claire",
                last_name="Café",
                email="claire-cafe@reseau-a.test",
                password=PASSWORD,
                role=Member.GroupRole.ANIMATEUR,
            )
            neighbour = create_founding_member(
                first_name="Gaston",
                last_name="Voisin",
                email="gaston-cafe@reseau-a.test",
                password=PASSWORD,
            )
            cafe = Cafe.objects.create(
                starts_at=timezone.now() - timedelta(minutes=20),
                place_name="Square des Tilleuls",
                place_address="2 allée des Tilleuls, 91000 Évry",
                description="Café, thé et gâteaux maison. Venez avec vos idées pour le quartier !",
                created_by=animator,
            )
            cafe.hosts.add(animator)
        yield {"cafe": cafe, "schema": schema}
        with schema_context(schema):
            newcomers = list(
                Attendance.objects.filter(cafe=cafe, is_newcomer=True).values_list(
                    "member__user_id", "member_id"
                )
            )
            cafe.delete()
            for user_id, member_id in newcomers:
                Member.objects.filter(pk=member_id).delete()
                User.objects.filter(pk=user_id).delete()
            for member in (neighbour, animator):
                member.delete()
                member.user.delete()


def test_running_a_cafe_on_a_phone(site, new_page, cafe_world):
    cafe = cafe_world["cafe"]
    page = new_page(**PHONE)
    log_in(page, site.url("reseau-a", "/connexion/"), "claire-cafe@reseau-a.test")
    page.goto(site.url("reseau-a", f"/cafes/{cafe.pk}/au-cafe/"))
    plus = page.get_by_role("button", name="Un de plus : Pas encore membres")
    plus.click()
    page.get_by_role("button", name="Un de plus : Pas encore membres").click()
    assert page.get_by_role("spinbutton", name="Pas encore membres").input_value() == "2"
    page.get_by_role("button", name=re.compile("Gaston V.")).click()
    expect(page.get_by_text("1 membre coché")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "cafe-at-the-cafe-phone.png", full_page=True)

    page.get_by_role("link", name="Inscrire un nouveau venu ici").click()
    page.get_by_label("Prénom").fill("Odile")
    page.get_by_label("Nom", exact=True).fill("Nouvelle")
    page.get_by_label("Bâtiment ou rue").fill("7 rue des Lilas")
    page.get_by_label(re.compile("accepte que le Groupe d'Animation enregistre")).check()
    page.get_by_role("button", name="Inscrire et passer aux thèmes").click()
    page.wait_for_url(re.compile(r"/membres/\d+/questionnaire/"))
    with schema_context(cafe_world["schema"]):
        fresh = Cafe.objects.get(pk=cafe.pk)
        assert (fresh.headcount_members, fresh.headcount_non_members) == (2, 2)
        assert fresh.attendances.filter(is_newcomer=True).count() == 1


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_the_poster_prints_on_one_sheet(site, new_page, cafe_world, size):
    cafe = cafe_world["cafe"]
    page = new_page()
    log_in(page, site.url("reseau-a", "/connexion/"), "claire-cafe@reseau-a.test")
    page.goto(site.url("reseau-a", f"/cafes/{cafe.pk}/affiche/?format={size}"))
    page.emulate_media(media="print")
    page.screenshot(path=ARTIFACTS / f"cafe-poster-{size}.png", full_page=True)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (ARTIFACTS / f"cafe-poster-{size}.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    width_pt, height_pt = {"A4": (595, 842), "A3": (842, 1191)}[size]
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and round(float(box[1])) == width_pt and round(float(box[2])) == height_pt
