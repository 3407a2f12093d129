"""The residents' journey, in Chromium, with a real Celery worker on the real Redis:
an animator registers a neighbour at a café with the themes questionnaire; she activates
with the printed code and publishes a need; a neighbour whose offer matches is emailed,
answers, the exchange is marked done and thanked, and both see it on their pages.
Then a sponsor posts for a neighbour without internet and prints her paper sheet."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from exchange.models import Member, Post
from exchange.services.bootstrap import create_founding_member
from tenants.models import Network
from tests.conftest import PASSWORD, wait_for
from tests.fixtures.browser import LiveSite

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    """Committed people in network A: a pilote, and Bernard, an animator, made as
    `manage.py create_animator` makes a network's founding members (`--role animateur` for
    Bernard): no page makes them.

    The state the journey starts from (a Groupe d'Animation formed); how a pilote is named
    and a group formed through the pages is walked by tests/browser/test_method_journey.py
    and test_roles_journey.py. Bernard's own steps (his email preference, his offer) are
    walked by the journey."""
    with django_db_blocker.unblock():
        with schema_context(get_public_schema_name()):
            network = Network.objects.get(slug="reseau-a")
        with schema_context(network.schema_name):
            first_new = (
                Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            ) + 1
            pilote = create_founding_member(
                first_name="Paulette",
                last_name="Pilote",
                email="paulette@reseau-a.test",
                password=PASSWORD,
            )
            bernard = create_founding_member(
                first_name="Bernard",
                last_name="Bricole",
                email="bernard@reseau-a.test",
                password=PASSWORD,
                role=Member.GroupRole.ANIMATEUR,
            )
        yield {"network": network, "pilote": pilote, "bernard": bernard}
        # The journey's people stay (their posts and exchanges are committed) but leave the
        # Groupe d'Animation: later tests count network A's pilotes.
        with schema_context(network.schema_name):
            Member.objects.filter(pk__gte=first_new).update(group_role="", sponsor=None)


@pytest.fixture(scope="module")
def bernard_offers(cast, browser, live_server_port, django_db_blocker):
    """Bernard's own steps, through the pages: he wants to hear straight away when someone
    needs a hand (his profile), and offers one (the post form)."""
    cache.clear()
    with django_db_blocker.unblock():
        context = browser.new_context(locale="fr-FR")
        bernard = context.new_page()
        site = LiveSite(live_server_port)
        log_in(bernard, site.url("reseau-a", "/connexion/"), "bernard@reseau-a.test")
        bernard.goto(site.url("reseau-a", "/mon-profil/"))
        bernard.get_by_label("Tout de suite").check()
        bernard.get_by_role("main").get_by_role("button", name="Enregistrer").click()
        expect(bernard.get_by_role("main")).to_contain_text("Vos préférences sont enregistrées")
        bernard.get_by_role("link", name="Proposer ou demander de l'aide").first.click()
        bernard.get_by_label("Offre").check()
        bernard.get_by_label("Titre").fill("Petits travaux de bricolage")
        bernard.get_by_label("Thème").select_option(label="Coups de main")
        bernard.get_by_role("main").get_by_role("button", name="Publier").click()
        expect(bernard.get_by_role("heading", level=1)).to_contain_text(
            "Petits travaux de bricolage"
        )
        context.close()


def test_register_activate_publish_match_exchange_thank(
    site, new_page, cast, bernard_offers, celery_worker
):
    # 1. At the café, on a phone, the pilote registers Rose and walks the themes with her.
    animator = new_page(viewport={"width": 390, "height": 844})
    log_in(animator, site.url("reseau-a", "/connexion/"), "paulette@reseau-a.test")
    animator.get_by_role("banner").get_by_text("Menu", exact=True).click()  # folded on phones
    animator.get_by_role("link", name="Animation").click()
    animator.get_by_role("link", name="Inscrire un voisin").click()
    animator.get_by_label("Prénom").fill("Rose")
    animator.get_by_label("Nom", exact=True).fill("Lambert")
    animator.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("Bâtiment C")
    animator.get_by_label("Nombre de personnes du foyer").fill("2")
    animator.get_by_label("Adresse e-mail (facultatif)").fill("rose@reseau-a.test")
    animator.get_by_label("L'habitant·e accepte", exact=False).check()
    animator.get_by_role("button", name="Inscrire et passer aux thèmes").click()
    total = int(re.search(r"sur (\d+)", animator.locator(".progress").inner_text()).group(1))
    for step in range(total):
        heading = animator.get_by_role("heading", level=1).inner_text()
        if heading == "Coups de main":
            animator.get_by_label("J'aurais besoin").check()
            animator.get_by_label("Avec mes mots (facultatif)").fill("Monter une étagère")
        name = "Terminer" if step == total - 1 else "Thème suivant"
        animator.get_by_role("button", name=name).click()
    assert "Monter une étagère" in animator.content()  # the answer became a draft
    animator.get_by_role("button", name="Imprimer la carte de bienvenue").click()
    card_text = animator.locator(".welcome-card").inner_text()
    code = re.search(r"[A-Z2-9]{5}-[A-Z2-9]{5}", card_text).group(0)
    assert animator.locator(".welcome-card svg").count() == 1  # the QR code
    animator.emulate_media(media="print")
    animator.screenshot(path=str(ARTIFACTS / "welcome-card-print.png"), full_page=True)
    animator.emulate_media(media="screen")

    # 2. Rose activates at home with the printed code, then publishes her need.
    rose = new_page()
    rose.goto(site.url("reseau-a", "/activer/"))
    rose.get_by_label("Code d'activation (sur votre carte de bienvenue)").fill(code.lower())
    rose.get_by_label("Choisissez un mot de passe").fill("des-roses-au-balcon")
    rose.get_by_label("Le même mot de passe, une deuxième fois").fill("des-roses-au-balcon")
    rose.get_by_role("button", name="Activer").click()
    assert "Bienvenue, Rose" in rose.content()
    rose.get_by_role("link", name="Proposer ou demander de l'aide").first.click()
    rose.get_by_label("Besoin").check()
    rose.get_by_label("Titre").fill("Monter une étagère au salon")
    rose.get_by_label("Thème").select_option(label="Coups de main")
    rose.get_by_label("Description").fill("Une étagère en kit, deux heures environ.")
    rose.get_by_role("button", name="Publier").click()
    assert "Monter une étagère au salon" in rose.get_by_role("heading", level=1).inner_text()

    # 3. Bernard, whose offer matches, is emailed straight away (he chose to be).
    assert wait_for(
        lambda: any("bernard@reseau-a.test" in m.to and "étagère" in m.body for m in mail.outbox)
    ), [m.to for m in mail.outbox]
    bernard = new_page()
    log_in(bernard, site.url("reseau-a", "/connexion/"), "bernard@reseau-a.test")
    bernard.goto(site.url("reseau-a", "/notifications/"))
    bernard.get_by_role("link", name=re.compile("Monter une étagère au salon")).click()
    bernard.get_by_label("Un mot pour votre voisin (facultatif)").fill("J'ai une visseuse !")
    bernard.get_by_role("button", name="Je suis intéressé·e").last.click()
    assert "J'ai une visseuse !" in bernard.content()
    bernard.get_by_role("button", name="L'échange a eu lieu").click()

    # 4. Rose thanks him; both pages show the exchange.
    rose.goto(site.url("reseau-a", "/mises-en-relation/"))
    rose.get_by_role("link", name="Monter une étagère au salon").click()
    rose.get_by_label("Votre mot de remerciement").fill("Merci Bernard, elle tient !")
    rose.get_by_role("button", name="Remercier").click()
    with schema_context(cast["network"].schema_name):
        rose_id = Member.objects.get(user__email="rose@reseau-a.test").pk
    for page, member_id in ((bernard, cast["bernard"].pk), (rose, rose_id)):
        page.goto(site.url("reseau-a", f"/membres/{member_id}/"))
        assert "Monter une étagère au salon" in page.content()
    bernard_page = bernard.content()
    assert "A aidé des voisins 1 fois" in bernard_page and "remercié" in bernard_page


def test_sponsor_posts_for_a_neighbour_and_prints_her_sheet(site, new_page, cast, bernard_offers):
    # The pilote registers Odette at her door, as her sponsor, and walks the themes with her.
    page = new_page()
    log_in(page, site.url("reseau-a", "/connexion/"), "paulette@reseau-a.test")
    page.get_by_role("link", name="Animation").click()
    page.get_by_role("link", name="Inscrire un voisin").click()
    page.get_by_label("Prénom").fill("Odette")
    page.get_by_label("Nom", exact=True).fill("Sanstoile")
    page.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("Rez-de-chaussée B")
    page.get_by_label("Parrain ou marraine (pour un voisin sans internet)").select_option(
        label="Paulette P."
    )
    page.get_by_label("L'habitant·e accepte", exact=False).check()
    page.get_by_role("button", name="Inscrire et passer aux thèmes").click()
    total = int(re.search(r"sur (\d+)", page.locator(".progress").inner_text()).group(1))
    for step in range(total):
        if page.get_by_role("heading", level=1).inner_text() == "Coups de main":
            page.get_by_label("J'aurais besoin").check()
        name = "Terminer" if step == total - 1 else "Thème suivant"
        page.get_by_role("button", name=name).click()
    with schema_context(cast["network"].schema_name):
        odette = Member.objects.get(display_name="Odette S.")
        assert odette.sponsor_id == cast["pilote"].pk
    # From her page, the sponsor's link opens "new post" with "Pour" set to her.
    page.goto(site.url("reseau-a", f"/membres/{odette.pk}/"))
    page.get_by_role("link", name="Publier une annonce pour Odette").click()
    assert page.get_by_label("Pour").input_value() == str(odette.pk)
    page.get_by_label("Besoin").check()
    page.get_by_label("Titre").fill("Courses du jeudi")
    page.get_by_label("Thème").select_option(label="Coups de main")
    page.get_by_role("button", name="Publier").click()
    assert re.search(r"par Paulette P\.\s+pour Odette S\.", page.content())
    with schema_context(cast["network"].schema_name):
        post = Post.objects.get(title="Courses du jeudi")
        assert post.author_id == odette.pk and post.acted_by_id == cast["pilote"].pk

    page.goto(site.url("reseau-a", f"/membres/{odette.pk}/fiche/"))
    page.emulate_media(media="print")
    sheet = page.content()
    assert "Petits travaux de bricolage" in sheet  # Bernard's offer matches her need
    assert page.locator(".site-header").is_hidden()  # print CSS drops the navigation
    page.screenshot(path=str(ARTIFACTS / "sponsor-sheet-print.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_a_sponsor_confirms_a_questionnaire_draft_search_finds_it_then_posts_for_her(
    site, new_page, cast
):
    """All through the pages: Paulette registers Gisèle (no internet) as her sponsor, walks
    the themes with her, confirms Gisèle's draft from her own profile, finds it by a plural
    without accents, then posts a need for Gisèle from Gisèle's page."""
    page = new_page()
    log_in(page, site.url("reseau-a", "/connexion/"), "paulette@reseau-a.test")
    page.get_by_role("link", name="Animation").click()
    page.get_by_role("link", name="Inscrire un voisin").click()
    page.get_by_label("Prénom").fill("Gisèle")
    page.get_by_label("Nom", exact=True).fill("Vermeil")
    page.get_by_label("Bâtiment ou rue (dans le périmètre)").fill("Bâtiment D")
    page.get_by_label("Parrain ou marraine (pour un voisin sans internet)").select_option(
        label="Paulette P."
    )
    page.get_by_label("L'habitant·e accepte", exact=False).check()
    page.get_by_role("button", name="Inscrire et passer aux thèmes").click()
    total = int(re.search(r"sur (\d+)", page.locator(".progress").inner_text()).group(1))
    for step in range(total):
        if page.get_by_role("heading", level=1).inner_text() == "Prêt de matériel":
            page.get_by_label("Je peux proposer").check()
            page.get_by_label("Avec mes mots (facultatif)").fill("Je prête mes vélos d'enfant")
        name = "Terminer" if step == total - 1 else "Thème suivant"
        page.get_by_role("button", name=name).click()

    # Her sponsor confirms the draft: from "Mon profil", the neighbours she accompanies.
    page.get_by_role("link", name="Mon profil", exact=True).click()
    accompanied = page.locator("section", has_text="Les voisins que j'accompagne")
    accompanied.get_by_role("link", name="Je prête mes vélos d'enfant").click()
    page.get_by_role("button", name="Publier", exact=True).click()

    # Search finds it by a plural, accents left out.
    page.get_by_role("link", name="Offres et besoins").click()
    page.get_by_label("Rechercher").fill("velos enfants")
    page.get_by_role("button", name="Afficher").click()
    assert "Je prête mes vélos d'enfant" in page.locator(".post-list").inner_text()

    # From Gisèle's page, Paulette posts a need for her.
    page.get_by_role("link", name="Mon profil", exact=True).click()
    page.get_by_role("link", name="Gisèle V.").click()
    page.get_by_role("link", name="Publier une annonce pour Gisèle").click()
    assert page.locator("#id_pour option:checked").inner_text() == "Gisèle V."
    page.get_by_label("Besoin").check()
    page.get_by_label("Titre").fill("Changer une ampoule")
    page.get_by_label("Thème").select_option(label="Coups de main")
    page.get_by_role("button", name="Publier", exact=True).click()
    assert "L'annonce est publiée pour Gisèle V." in page.content()
    assert re.search(r"par Paulette P\.\s+pour Gisèle V\.", page.content())
    with schema_context(cast["network"].schema_name):
        post = Post.objects.get(title="Changer une ampoule")
        assert (post.author.display_name, post.acted_by_id) == ("Gisèle V.", cast["pilote"].pk)
