"""Printing, in Chromium: the welcome card an animator prints is one A6 page
(105 × 148 mm = 297.6 × 419.5 pt) in the PDF Chromium makes of it, as a person's
"Print → Save as PDF" would with the page size the page asks for."""

import re

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from exchange.models import Member
from exchange.services.bootstrap import create_founding_member
from tenants.models import Network
from tests.conftest import PASSWORD

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

A6_POINTS = (105 / 25.4 * 72, 148 / 25.4 * 72)  # 297.6 × 419.5
PILOTE = "pia-imprime@reseau-a.test"
NEIGHBOUR = ("Lucien", "Papier")


def page_boxes(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height of every page's MediaBox (Chromium writes them uncompressed)."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", pdf)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


@pytest.fixture
def pilote(django_db_setup, django_db_blocker):
    """A committed pilote of network A; she and the neighbour she registers go after."""
    with django_db_blocker.unblock():
        with schema_context(get_public_schema_name()):
            network = Network.objects.get(slug="reseau-a")
        with schema_context(network.schema_name):
            create_founding_member(first_name="Pia", email=PILOTE, password=PASSWORD)
        yield
        with schema_context(network.schema_name):
            first, last = NEIGHBOUR
            users = User.objects.filter(email=PILOTE) | User.objects.filter(
                first_name=first, last_name=last
            )
            ids = list(users.values_list("pk", flat=True))
            Member.objects.filter(user_id__in=ids).delete()
            User.objects.filter(pk__in=ids).delete()


def test_the_welcome_card_prints_on_one_a6_page(site, new_page, pilote):
    page = new_page()
    log_in(page, site.url("reseau-a", "/connexion/"), PILOTE)

    # She registers a neighbour without email, then prints his card from the members' list.
    page.get_by_role("link", name="Animation", exact=True).click()
    page.get_by_role("link", name="Inscrire un voisin").click()
    page.get_by_label("Prénom").fill(NEIGHBOUR[0])
    page.get_by_label("Nom", exact=True).fill(NEIGHBOUR[1])
    page.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("Bâtiment D")
    page.get_by_label("Nombre de personnes du foyer").fill("1")
    page.get_by_label("L'habitant·e accepte", exact=False).check()
    page.get_by_role("button", name="Inscrire et passer aux thèmes").click()
    page.get_by_role("link", name="Animation", exact=True).click()
    page.get_by_role("link", name=re.compile(r"\d+ membres?")).click()
    row = page.locator("tr", has_text="Lucien")
    row.get_by_role("button", name="Imprimer une carte de bienvenue").click()
    assert "Bienvenue, Lucien" in page.locator(".welcome-card").inner_text()

    # The QR code scales with the card (a viewBox), rather than being cropped to its box.
    assert page.locator(".welcome-card svg").get_attribute("viewBox")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (ARTIFACTS / "welcome-card.pdf").write_bytes(pdf)
    boxes = page_boxes(pdf)
    assert len(boxes) == 1, boxes  # one card, one sheet: nothing spills onto a second page
    width, height = boxes[0]
    assert abs(width - A6_POINTS[0]) <= 1 and abs(height - A6_POINTS[1]) <= 1, boxes
