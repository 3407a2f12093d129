"""In Chromium: the organiser closes a group purchase of three neighbours and prints the
order on one A4 page, amounts French style. Screenshots go to tests/browser/artifacts/."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from community.purchases import services
from community.purchases.models import GroupPurchase
from exchange.services.bootstrap import create_founding_member
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD, schema_of

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


@pytest.fixture
def purchase_world(django_db_setup, django_db_blocker):
    """Committed in network A (the live server reads committed rows); removed afterwards."""
    with django_db_blocker.unblock():
        schema = schema_of("reseau-a")
        with schema_context(schema):
            people = [
                create_founding_member(
                    first_name=name,
                    last_name="Achat",
                    email=f"{name.lower()}-achat@reseau-a.test",
                    password=PASSWORD,
                )
                for name in ("Paul", "Rose", "Odette", "Zoe")
            ]
            organiser = people[0]
            purchase = services.open_purchase(
                actor=organiser,
                item="Cageot de pommes (10 kg)",
                supplier="Ferme des Roches",
                unit_cost_cents=450,
                minimum_quantity=5,
                deadline=timezone.now() + timedelta(days=3),
                description="Livraison samedi au local commun.",
            )
            for member, quantity in zip(people[1:], (2, 1, 3), strict=True):
                services.join_purchase(
                    actor=member, member=member, purchase=purchase, quantity=quantity
                )
        yield {"purchase": purchase, "schema": schema}
        with schema_context(schema):
            GroupPurchase.objects.filter(pk=purchase.pk).delete()
            for member in people:
                member.delete()
                member.user.delete()


def test_close_and_print_the_order(site, new_page, purchase_world):
    purchase = purchase_world["purchase"]
    page = new_page()
    log_in(page, site.url("reseau-a", "/connexion/"), "paul-achat@reseau-a.test")
    page.goto(site.url("reseau-a", f"/achats-groupes/{purchase.pk}/"))
    page.get_by_role("button", name="Clôturer la commande").click()
    expect(page.get_by_text("La commande est clôturée").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "purchases-closed.png", full_page=True)
    page.get_by_role("link", name="Imprimer le bon de commande").click()
    table = page.get_by_role("table")
    for expected in ("Rose A.", "9,00\u00a0€", "4,50\u00a0€", "13,50\u00a0€", "27,00\u00a0€"):
        assert expected in table.inner_text()
    page.emulate_media(media="print")
    page.screenshot(path=ARTIFACTS / "purchases-order-print.png", full_page=True)
    pdf = page.pdf(prefer_css_page_size=True)
    (ARTIFACTS / "purchases-order.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    with schema_context(purchase_world["schema"]):
        assert GroupPurchase.objects.get(pk=purchase.pk).status == GroupPurchase.Status.CLOSED
