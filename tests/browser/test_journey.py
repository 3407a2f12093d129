"""A visitor finds a network on the public site and a resident logs in, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_visitor_finds_network_and_resident_logs_in(new_page, site):
    page = new_page()
    page.goto(site.url())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Des voisins qui s'entraident, près de chez soi"
    )
    essonne = page.get_by_role("heading", name="Essonne").locator("xpath=following-sibling::ul[1]")
    expect(essonne.get_by_role("link")).to_have_text(["Réseau A", "Réseau B"])

    essonne.get_by_role("link", name="Réseau A").click()
    expect(page).to_have_url(site.url("reseau-a"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Réseau A")

    page.get_by_role("banner").get_by_role("link", name="Se connecter").click()
    page.get_by_label("Adresse e-mail ou code membre", exact=True).fill("alice@reseau-a.test")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(site.url("reseau-a"))
    expect(page.get_by_text("Bienvenue, Alice !")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "reseau-a-home-logged-in.png", full_page=True)

    # Same browser, another network: its session does not carry over.
    page.goto(site.url("reseau-b", "/mon-compte/"))
    expect(page).to_have_url(site.url("reseau-b", "/connexion/?next=/mon-compte/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    expect(page.get_by_role("banner")).not_to_contain_text("Alice")


def test_network_home_fits_a_small_phone_and_switches_to_english(new_page, site):
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto(site.url("reseau-a"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Réseau A")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("banner").get_by_text("Menu", exact=True).click()  # folded on phones
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("banner").get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
