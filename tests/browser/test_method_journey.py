"""Issue 10's journey: the whole method, walked in Chromium by the people who live it, every
step through the pages (the ORM only prepares what no person does — an operator account,
a spare schema — reads what the test checks, and cleans up).

A coach opens "Les Noyers" from the console and registers its two amorceurs as pilotes
(Fatou by email, Michel with a printed welcome card); the network moves to lancement;
Fatou registers five neighbours (Gisèle without internet, sponsored by Michel, walks the
themes questionnaire) and gives four of them roles; with five in the Groupe d'Animation
and no café the platform stays closed and says why; with six and a café it opens; Michel
confirms Gisèle's questionnaire need and posts for her; Ahmed finds that need by searching
"velos"; he answers the café, Fatou moves it and Ahmed is told; Ahmed forgets his password
and sets a new one. The residents walk it on 390 px phones, and no page they are shown
scrolls sideways (each page checks itself when it has loaded); the coach is at her desk.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import wait_for

from .conftest import ARTIFACTS, coach_with_a_spare, log_in

pytestmark = pytest.mark.browser

COACH = "coach-noyers@coopere.test"
SLUG = "les-noyers"
PHONE = {"width": 390, "height": 844}
# Run in every page a person opens, once it has loaded: its width against the screen's.
WIDTH_CHECK = """
window.addEventListener("load", () => {
  console.log(`coopere-width ${document.documentElement.scrollWidth} ${window.innerWidth}`);
});
"""
AMORCAGE_ITEMS = [
    "Amorceurs identifiés",
    "Première réunion tenue",
    "Périmètre défini",
    "Lieu de rencontre trouvé",
    "Lettre d'invitation préparée et envoyée à chaque foyer",
]


@pytest.fixture
def coach(site, celery_worker, settings):
    """A coach, a spare schema for the network she opens (removed afterwards); emailed links
    name the live server's port."""
    settings.COOPERE_URL_PORT = str(site.port)
    with coach_with_a_spare(COACH, SLUG) as operator:
        yield operator


class Person:
    """One person's browser (own cookies): the residents' phones, the coach's desktop; on a
    phone, the width of every page they were shown."""

    def __init__(self, new_page, name, *, phone=True):
        self.name = name
        self.page = new_page(viewport=PHONE) if phone else new_page()
        self.widths: list[tuple[str, int, int]] = []
        self.page.add_init_script(WIDTH_CHECK)
        self.page.on("console", self._measured)

    def _measured(self, message):
        if message.text.startswith("coopere-width "):
            page_width, screen_width = map(int, message.text.split()[1:])
            self.widths.append((message.page.url, page_width, screen_width))


def _email_to(address, words):
    assert wait_for(lambda: any(address in m.to and words in m.body for m in mail.outbox)), [
        (m.to, m.subject) for m in mail.outbox
    ]
    return next(m for m in reversed(mail.outbox) if address in m.to and words in m.body)


def _link_in(message, path):
    return re.search(rf"http://\S+{re.escape(path)}\S*", message.body).group(0)


def _tick(page, label):
    item = page.get_by_role("listitem").filter(has_text=label)
    item.get_by_text("Cocher", exact=True).first.click()
    item.get_by_role("button", name="Cocher").click()
    expect(page.get_by_text(f"Coché : {label}.")).to_be_visible()


def _activate(page, url, password):
    page.goto(url)
    page.get_by_label("Choisissez un mot de passe").fill(password)
    page.get_by_label("Le même mot de passe").fill(password)
    page.get_by_role("main").get_by_role("button", name="Activer").click()
    expect(page.get_by_text("Bienvenue ! Votre compte est prêt.")).to_be_visible()


def _register(page, site, first, last, *, email="", sponsor=""):
    page.goto(site.url(SLUG, "/animation/"))
    page.get_by_role("link", name="Inscrire un voisin").click()
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Nom", exact=True).fill(last)
    page.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("Allée des Noyers")
    if email:
        page.get_by_label("Adresse e-mail (facultatif)").fill(email)
    if sponsor:
        page.get_by_label("Parrain ou marraine (pour un voisin sans internet)").select_option(
            label=sponsor
        )
    page.get_by_label("L'habitant·e accepte", exact=False).check()
    page.get_by_role("button", name="Inscrire et passer aux thèmes").click()
    expect(page.get_by_role("main")).to_contain_text("Thème 1 sur")


def _give_role(page, site, name, role):
    page.goto(site.url(SLUG, "/animation/membres/"))
    page.get_by_role("link", name=name, exact=True).click()
    page.get_by_label("Nouveau rôle").select_option(label=role)
    page.get_by_role("button", name="Changer le rôle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer le changement")
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("main")).to_contain_text(f"{name} : le rôle est désormais {role}.")


def _refresh_and_open(page):
    page.get_by_role("button", name="Actualiser les indicateurs").click()
    page.get_by_role("button", name="Ouvrir la plateforme aux habitant·es").click()


def test_the_method_from_the_console_to_a_neighbour_helped(new_page, site, coach):
    ARTIFACTS.mkdir(exist_ok=True)
    camille = Person(new_page, "coach", phone=False)
    console = camille.page
    log_in(console, site.url(path="/console/"), COACH)

    # 1. The coach opens the network from the console, with its two resident amorceurs.
    console.get_by_role("navigation", name="Console").get_by_role(
        "link", name="Ouvrir un réseau"
    ).click()
    console.locator("[name=name]").fill("Les Noyers")
    console.locator("[name=slug]").fill(SLUG)
    console.locator("[name=region]").select_option(label="Essonne")
    console.locator("[name=perimeter_description]").fill("Les deux allées des Noyers")
    console.locator("[name=perimeter_streets]").fill("Allée des Noyers\nSquare des Noyers")
    console.locator("[name=estimated_households]").fill("160")
    console.locator("[name=meeting_place]").fill("Maison de quartier des Noyers")
    for index, name in enumerate(["Fatou Diallo", "Michel Roche"]):
        console.locator(f"[name=amorceurs-{index}-name]").fill(name)
        console.locator(f"[name=amorceurs-{index}-kind]").select_option("resident")
    console.get_by_role("button", name="Ouvrir le réseau").click()
    expect(console.get_by_role("heading", level=1)).to_contain_text("Les Noyers")
    network_page = console.url

    # 2. Both amorceurs become pilotes: Fatou by email, Michel with a printed card.
    console.get_by_role("link", name="Inscrire Fatou Diallo comme pilote").click()
    console.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("2 allée des Noyers")
    console.get_by_label("Adresse e-mail (facultatif)").fill("fatou@noyers.test")
    console.get_by_label("L'habitant·e accepte", exact=False).check()
    console.get_by_role("button", name="Inscrire comme pilote").click()
    expect(console.get_by_role("main")).to_contain_text("comme pilote.")
    console.goto(network_page)
    console.get_by_role("link", name="Inscrire Michel Roche comme pilote").click()
    console.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("4 square des Noyers")
    console.get_by_label("L'habitant·e accepte", exact=False).check()
    console.get_by_role("button", name="Inscrire comme pilote").click()
    console.get_by_role("button", name="Imprimer la carte de bienvenue de Michel Roche").click()
    michel_code = console.locator(".welcome-card .code").inner_text().strip()

    fatou = Person(new_page, "Fatou")
    welcome = _email_to("fatou@noyers.test", "/activer/")
    _activate(fatou.page, _link_in(welcome, "/activer/"), "noyers-et-noisettes")
    michel = Person(new_page, "Michel")
    michel.page.goto(site.url(SLUG, "/activer/"))
    michel.page.get_by_label("Code d'activation", exact=False).fill(michel_code)
    michel.page.get_by_label("Choisissez un mot de passe").fill("square-des-noyers")
    michel.page.get_by_label("Le même mot de passe").fill("square-des-noyers")
    michel.page.get_by_role("main").get_by_role("button", name="Activer").click()
    expect(michel.page.get_by_text("Bienvenue ! Votre compte est prêt.")).to_be_visible()

    # 3. The apéro-info is scheduled (its item ticks itself), amorçage is done: lancement.
    console.goto(network_page)
    console.get_by_role("link", name="Programmer l'apéro-info").click()
    when = timezone.localtime() + timedelta(days=12)
    console.locator("[name=day]").fill(when.strftime("%Y-%m-%d"))
    console.locator("[name=time]").fill("18:30")
    console.get_by_role("main").get_by_role("button", name="Programmer").click()
    console.goto(network_page)
    for label in AMORCAGE_ITEMS:
        _tick(console, label)
    console.get_by_role("button", name="Passer en Lancement").click()
    expect(console.get_by_text(re.compile("Lancement")).first).to_be_visible()

    # 4. Fatou registers five neighbours; Gisèle, without internet, is sponsored by Michel
    #    and answers the themes with Fatou: she would need help with the children's bikes.
    page = fatou.page
    _register(page, site, "Ahmed", "Benali", email="ahmed@noyers.test")
    _register(page, site, "Brigitte", "Caron")
    _register(page, site, "Chantal", "Durand")
    _register(page, site, "Denis", "Ernault")
    _register(page, site, "Gisèle", "Vidal", sponsor="Michel R.")
    total = int(re.search(r"sur (\d+)", page.locator(".progress").inner_text()).group(1))
    for step in range(total):
        if page.get_by_role("heading", level=1).inner_text() == "Coups de main":
            page.get_by_label("J'aurais besoin").check()
            page.get_by_label("Avec mes mots (facultatif)").fill("Réparer les vélos des enfants")
        name = "Terminer" if step == total - 1 else "Thème suivant"
        page.get_by_role("button", name=name).click()
    expect(page.get_by_role("main")).to_contain_text("Réparer les vélos des enfants")

    # 5. Roles for three: with Fatou and Michel, five in the Groupe d'Animation.
    _give_role(page, site, "Ahmed B.", "Copilote")
    _give_role(page, site, "Brigitte C.", "Animateur")
    _give_role(page, site, "Chantal D.", "Animateur")
    console.goto(network_page)
    _refresh_and_open(console)
    refusal = console.get_by_role("alert").filter(has_text="ne peut pas encore ouvrir")
    expect(refusal).to_contain_text(
        "Le Groupe d'Animation compte 5 membres ; il en faut au moins 6."
    )
    expect(refusal).to_contain_text("Aucun café-rencontre n'est programmé.")

    # 6. A sixth in the group and a café scheduled: the platform opens.
    _give_role(page, site, "Denis E.", "Animateur")
    page.goto(site.url(SLUG, "/cafes/"))
    page.get_by_role("link", name="Programmer un café", exact=True).click()
    cafe_day = (timezone.localtime() + timedelta(days=20)).date()
    page.get_by_label("Date").fill(cafe_day.isoformat())
    page.get_by_label("Heure").fill("10:00")
    page.get_by_label("Lieu (par exemple : la place, la salle commune)").fill(
        "Maison de quartier des Noyers"
    )
    page.get_by_role("main").get_by_role("button", name="Programmer").click()
    expect(page.get_by_role("main")).to_contain_text("Maison de quartier des Noyers")
    cafe_url = page.url
    console.goto(network_page)
    _refresh_and_open(console)
    expect(console.get_by_text(re.compile("Ouverte depuis le")).first).to_be_visible()

    # 7. Michel, her sponsor, publishes Gisèle's questionnaire need and posts for her.
    page = michel.page
    page.goto(site.url(SLUG, "/mon-profil/"))
    page.get_by_role("link", name="Réparer les vélos des enfants").click()
    page.get_by_role("main").get_by_role("button", name="Publier").click()
    page.goto(site.url(SLUG, "/mon-profil/"))
    page.get_by_role("link", name="Publier une annonce pour Gisèle").first.click()
    page.get_by_label("Besoin").check()
    page.get_by_label("Titre").fill("Courses du jeudi")
    page.get_by_label("Thème").select_option(label="Coups de main")
    page.get_by_role("main").get_by_role("button", name="Publier").click()
    expect(page.get_by_role("main")).to_contain_text(
        re.compile(r"par Michel R\.\s+pour Gisèle V\.")
    )

    # 8. Ahmed activates from his email and finds Gisèle's need by searching "velos".
    ahmed = Person(new_page, "Ahmed")
    page = ahmed.page
    welcome = _email_to("ahmed@noyers.test", "/activer/")
    _activate(page, _link_in(welcome, "/activer/"), "ahmed-aime-les-noix")
    page.goto(site.url(SLUG, "/annonces/"))
    page.get_by_label("Rechercher").fill("velos")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("main")).to_contain_text("Réparer les vélos des enfants")

    # 9. He will come to the café; Fatou moves it; he is told in the site and by email.
    page.goto(cafe_url)
    page.get_by_role("button", name="Je viens").click()
    expect(page.get_by_role("main")).to_contain_text("Vous venez")
    fatou.page.goto(cafe_url)
    fatou.page.get_by_role("link", name="Modifier l'heure ou le lieu").click()
    fatou.page.get_by_label("Heure").fill("15:00")
    fatou.page.get_by_label("Lieu (par exemple : la place, la salle commune)").fill(
        "Square des Noyers"
    )
    fatou.page.get_by_role("button", name="Enregistrer les modifications").click()
    expect(fatou.page.get_by_role("main")).to_contain_text("1 personne est prévenue")
    page.goto(site.url(SLUG, "/notifications/"))
    expect(page.get_by_role("main")).to_contain_text("Square des Noyers")
    _email_to("ahmed@noyers.test", "Square des Noyers")

    # 10. Ahmed forgets his password and sets a new one from the emailed link.
    forgetful = Person(new_page, "Ahmed, another day")
    page = forgetful.page
    page.goto(site.url(SLUG, "/connexion/"))
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_label("Adresse e-mail").fill("ahmed@noyers.test")
    page.get_by_role("button", name="M'envoyer un lien").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Consultez vos e-mails")
    reset = _email_to("ahmed@noyers.test", "/mot-de-passe-oublie/")
    page.goto(_link_in(reset, "/mot-de-passe-oublie/"))
    page.get_by_label("Nouveau mot de passe", exact=True).fill("noix-de-grenoble-2027")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("noix-de-grenoble-2027")
    page.get_by_role("button", name="Enregistrer mon nouveau mot de passe").click()
    expect(page.get_by_role("main")).to_contain_text("Votre nouveau mot de passe est enregistré")
    log_in(page, site.url(SLUG, "/connexion/"), "ahmed@noyers.test", "noix-de-grenoble-2027")
    expect(page.get_by_role("main")).to_contain_text("Bienvenue, Ahmed !")
    page.get_by_role("banner").get_by_text("Menu", exact=True).click()  # folded on a phone
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    # 11. No page the residents were shown scrolls sideways on their 390 px phones (the
    #     console's pages on a phone: tests/browser/test_phone.py).
    checked = [(p.name, *row) for p in (fatou, michel, ahmed, forgetful) for row in p.widths]
    wide = [row for row in checked if row[2] > row[3] or row[3] != PHONE["width"]]
    print(f"\n{len(checked)} pages checked at 390 px")
    assert len(checked) > 50, checked
    assert not wide, wide
