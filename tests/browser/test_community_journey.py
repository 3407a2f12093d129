"""The community's month, in Chromium, with a real Celery worker on the real Redis: the
pilote schedules a monthly café series and prints its poster; at the first café (today) an
animator counts people on a phone and registers two newcomers; a project starts from the
compost sheet; three neighbours join a group purchase that is then closed; the newsletter
goes out exactly once per member, even when its batch task is queued again; the impact
page shows the new figures and shares them with Coop-ère."""

import re
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
import time_machine
from celery.signals import task_postrun
from django.core import mail
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from community.cafes.models import Attendance, Cafe, CafeSeries
from community.impact import indicators
from community.newsletter.models import Delivery, Newsletter
from community.newsletter.tasks import send_newsletter_batch
from community.projects.models import Project, Sheet
from community.purchases.models import GroupPurchase
from coopere.accounts.models import User
from exchange.models import Member
from exchange.services.bootstrap import create_founding_member
from tenants.models import Network, NetworkSnapshot
from tests.conftest import PASSWORD, wait_for

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
PLACE = "Kiosque du parc des Fêtes"
NEIGHBOURS = [  # (first name, email, quantity ordered, amount due)
    ("Nadia", "nadia-fete@reseau-a.test", 2, "9,00\u00a0€"),
    ("Olivier", "olivier-fete@reseau-a.test", 1, "4,50\u00a0€"),
    ("Lucie", "lucie-fete@reseau-a.test", 3, "13,50\u00a0€"),
]
# The figures this journey moves, as the impact page labels them.
FIGURES = {
    "cafes_held": "Cafés-rencontres tenus",
    "cafe_attendance": "Participation aux cafés-rencontres",
    "newcomers": "Nouveaux venus accueillis",
    "projects_started": "Projets lancés",
    "purchases_closed": "Achats groupés clôturés",
    "newsletters_sent": "Lettres d'information envoyées",
}


def _this_month():
    return timezone.localdate().replace(day=1)


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    """Committed people in network A: a pilote, an animator and three neighbours with an
    email. Everything the journey made is removed afterwards (and this month's shared
    figures, unless they existed before)."""
    with django_db_blocker.unblock():
        with schema_context(get_public_schema_name()):
            network = Network.objects.get(slug="reseau-a")
            had_snapshot = NetworkSnapshot.objects.filter(
                network=network, month=_this_month()
            ).exists()
        with schema_context(network.schema_name):
            pilote = create_founding_member(
                first_name="Fanny",
                last_name="Fête",
                email="pilote-fete@reseau-a.test",
                password=PASSWORD,
            )
            animator = create_founding_member(
                first_name="Anatole",
                last_name="Fête",
                email="animateur-fete@reseau-a.test",
                password=PASSWORD,
                role=Member.GroupRole.ANIMATEUR,
            )
            neighbours = []
            for first_name, email, _q, _amount in NEIGHBOURS:
                member = create_founding_member(
                    first_name=first_name,
                    last_name="Fête",
                    email=email,
                    password=PASSWORD,
                )
                # Founding members join the Groupe d'Animation: these are plain neighbours.
                member.group_role = ""
                member.save(update_fields=["group_role"])
                neighbours.append(member)
        yield {"network": network, "pilote": pilote, "animator": animator}
        with schema_context(network.schema_name):
            cast_ids = [pilote.pk, animator.pk, *(m.pk for m in neighbours)]
            cafes = Cafe.objects.filter(created_by__in=cast_ids)
            newcomers = list(
                Member.objects.filter(
                    cafe_attendances__cafe__in=cafes, cafe_attendances__is_newcomer=True
                )
            )
            Newsletter.objects.filter(created_by__in=cast_ids).delete()
            GroupPurchase.objects.filter(organiser__in=cast_ids).delete()
            Project.objects.filter(created_by__in=cast_ids).delete()
            Attendance.objects.filter(cafe__in=cafes).delete()
            cafes.delete()
            CafeSeries.objects.filter(created_by__in=cast_ids).delete()
            for member in [*newcomers, *neighbours, animator, pilote]:
                member.delete()
                User.objects.filter(pk=member.user_id).delete()
        if not had_snapshot:
            with schema_context(get_public_schema_name()):
                NetworkSnapshot.objects.filter(network=network, month=_this_month()).delete()


@pytest.fixture
def journey_clock():
    """The journey's own clock (time-machine, ticking): from now, or from just after
    midnight when today has under ten minutes left, since the first café must be today,
    minutes ahead. `journey_clock.move_to(moment)` jumps to the café instead of waiting."""
    now = timezone.localtime()
    if now.time() >= clock(23, 50):
        now = (now + timedelta(days=1)).replace(hour=0, minute=1, second=0, microsecond=0)
    with time_machine.travel(now, tick=True) as traveller:
        yield traveller


def _first_cafe_start() -> datetime:
    """A start time typed in whole minutes, four to five minutes from now, today."""
    return (timezone.localtime() + timedelta(minutes=5)).replace(second=0, microsecond=0)


def _figures(page) -> dict[str, int]:
    """The 'This month' table of the impact page, as numbers."""
    table = page.locator("table.figures")
    return {
        key: int(
            table.locator("tr")
            .filter(has=page.get_by_role("rowheader", name=label, exact=True))
            .locator("td")
            .inner_text()
        )
        for key, label in FIGURES.items()
    }


def test_a_month_of_community_life(site, new_page, cast, celery_worker, journey_clock):
    schema = cast["network"].schema_name
    with schema_context(schema):
        before = indicators.compute(_this_month())

    # 1. The pilote schedules a monthly series whose first café is today, and prints its poster.
    pilote = new_page()
    log_in(pilote, site.url("reseau-a", "/connexion/"), "pilote-fete@reseau-a.test")
    pilote.goto(site.url("reseau-a", "/cafes/"))
    pilote.get_by_role("link", name="Programmer un café mensuel").click()
    start = _first_cafe_start()
    week = (start.day - 1) // 7 + 1
    pilote.get_by_label("Lequel dans le mois").select_option(str(week if week <= 4 else -1))
    pilote.get_by_label("Jour de la semaine").select_option(str(start.weekday()))
    pilote.get_by_label("Heure").fill(start.strftime("%H:%M"))
    pilote.get_by_label("Combien de cafés programmer maintenant").select_option("3")
    pilote.get_by_label("Lieu (par exemple").fill(PLACE)
    pilote.get_by_label("Adresse", exact=True).fill("1 rue des Fêtes, 91000 Évry")
    pilote.get_by_role("button", name="Programmer").click()
    expect(pilote.get_by_text("3 cafés sont programmés")).to_be_visible()
    with schema_context(schema):
        cafe = Cafe.objects.filter(series__created_by=cast["pilote"]).order_by("starts_at")[0]
    assert timezone.localtime(cafe.starts_at) == start
    pilote.locator(f"a[href='/cafes/{cafe.pk}/']").click()
    pilote.get_by_role("link", name="Imprimer l'affiche").click()
    pilote.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    pilote.screenshot(path=str(ARTIFACTS / "cafe-poster-print.png"), full_page=True)
    poster = pilote.locator("article.poster")
    assert PLACE in poster.locator(".poster-where").inner_text()
    principles = poster.get_by_role("list", name="Nos quatre principes").get_by_role("listitem")
    assert principles.locator("strong").all_inner_texts() == [
        "Gratuité",
        "Réciprocité",
        "Neutralité",
        "Tranquillité",
    ]
    pilote.emulate_media(media="screen")

    # 2. At the café, on a phone: 9 members and 3 not yet members, then two newcomers.
    phone = new_page(**PHONE)
    log_in(phone, site.url("reseau-a", "/connexion/"), "animateur-fete@reseau-a.test")
    phone.goto(site.url("reseau-a", f"/cafes/{cafe.pk}/"))
    phone.get_by_role("link", name="Au café", exact=True).click()
    assert phone.get_by_text("Le comptage ouvre le jour du café").count() == 0
    phone.get_by_role("spinbutton", name="Membres du réseau").fill("9")
    phone.get_by_role("spinbutton", name="Pas encore membres").fill("3")
    phone.get_by_role("button", name="Enregistrer les nombres").click()
    for first_name, street in (("Yasmine", "Bâtiment D"), ("Gérard", "12 rue des Lilas")):
        phone.get_by_role("link", name="Inscrire un nouveau venu ici").click()
        phone.get_by_label("Prénom").fill(first_name)
        phone.get_by_label("Nom", exact=True).fill("Nouveau")
        phone.get_by_label("Bâtiment ou rue (dans le périmètre)").fill(street)
        phone.get_by_label(re.compile("accepte que le Groupe d'Animation enregistre")).check()
        phone.get_by_role("button", name="Inscrire et passer aux thèmes").click()
        phone.wait_for_url(re.compile(r"/membres/\d+/questionnaire/"))
        phone.go_back()  # the themes another time: back to the registration form…
        phone.get_by_role("link", name="Retour au café").click()  # …and to the café
    assert phone.get_by_role("spinbutton", name="Membres du réseau").input_value() == "9"
    assert phone.get_by_role("spinbutton", name="Pas encore membres").input_value() == "3"
    newcomers = phone.get_by_role("heading", name="Nouveaux venus inscrits ici")
    newcomer_list = newcomers.locator("xpath=following-sibling::ul[1]")
    for first_name in ("Yasmine", "Gérard"):
        assert first_name in newcomer_list.inner_text()
    phone.screenshot(path=str(ARTIFACTS / "community-at-the-cafe-phone.png"), full_page=True)

    # 3. A project starts from the compost sheet: its steps are the checklist.
    pilote.goto(site.url("reseau-a", "/projets/fiches/"))
    compost = pilote.get_by_role("listitem").filter(has_text="Compostage collectif")
    compost.get_by_role("link", name="Lancer ce projet").click()
    pilote.get_by_label("Objectif").fill("Un composteur au pied de chaque bâtiment.")
    pilote.get_by_role("button", name="Lancer le projet").click()
    pilote.wait_for_url(re.compile(r"/projets/\d+/$"))
    with schema_context(schema):
        steps = Sheet.objects.get(slug="compost").steps
    expect(pilote.get_by_text(f"0 étape faite sur {len(steps)}")).to_be_visible()
    step_list = pilote.locator("#etapes")
    for step in steps:
        assert step_list.get_by_text(step, exact=True).count() == 1

    # 4. A group purchase: three neighbours order from their own sessions, then it closes.
    pilote.goto(site.url("reseau-a", "/achats-groupes/nouveau/"))
    pilote.get_by_label("Ce que vous achetez ensemble").fill("Miel de l'Essonne (pot de 500 g)")
    pilote.get_by_label("Fournisseur", exact=True).fill("Rucher des Fêtes")
    pilote.get_by_label("Prix d'une unité, en euros").fill("4,50")
    pilote.get_by_label("Quantité minimale pour la commande").fill("5")
    tomorrow = timezone.localdate() + timedelta(days=1)
    pilote.get_by_label("Commandes jusqu'au").fill(tomorrow.isoformat())
    pilote.get_by_role("button", name="Ouvrir l'achat groupé").click()
    pilote.wait_for_url(re.compile(r"/achats-groupes/\d+/$"))
    purchase_url = pilote.url
    for first_name, email, quantity, amount in NEIGHBOURS:
        neighbour = new_page()
        log_in(neighbour, site.url("reseau-a", "/connexion/"), email)
        neighbour.goto(purchase_url)
        neighbour.get_by_label("Quantité").fill(str(quantity))
        neighbour.get_by_role("button", name="Commander", exact=True).click()
        expect(neighbour.get_by_text(f"Vous avez commandé {quantity}"), first_name).to_be_visible()
        assert amount in neighbour.locator(".my-order").inner_text()
    pilote.reload()
    pilote.get_by_role("button", name="Clôturer la commande").click()
    expect(pilote.get_by_text("La commande est clôturée").first).to_be_visible()
    pilote.get_by_role("link", name="Imprimer le bon de commande").click()
    table = pilote.get_by_role("table")
    for first_name, _email, quantity, amount in NEIGHBOURS:
        row = table.get_by_role("row").filter(has_text=f"{first_name} F.").inner_text()
        assert str(quantity) in row and amount in row, row
    assert "27,00\u00a0€" in table.locator("tfoot").inner_text()

    # 5. The newsletter: composed and sent in the browser, emailed by the worker once each.
    subject = "La lettre des Fêtes : café, compost et miel"
    pilote.goto(site.url("reseau-a", "/lettre/nouvelle/"))
    pilote.get_by_label("Objet").fill(subject)
    pilote.get_by_label("Texte de la lettre").fill(
        "Le café du mois a accueilli deux nouveaux voisins.\n\nLe compost démarre !"
    )
    pilote.get_by_role("button", name="Enregistrer et relire").click()
    pilote.get_by_role("button", name="Envoyer à tous les membres").click()
    newsletter_id = int(re.search(r"/lettre/(\d+)/", pilote.url).group(1))
    with schema_context(schema):
        deliveries = Delivery.objects.filter(newsletter_id=newsletter_id)
        member_ids = list(deliveries.values_list("member_id", flat=True))
        emails = list(deliveries.values_list("member__user__email", flat=True))
    assert "nadia-fete@reseau-a.test" in emails and len(emails) == len(member_ids) >= 5

    def received():
        return {e: sum(m.subject == subject and e in m.to for m in mail.outbox) for e in emails}

    assert wait_for(lambda: set(received().values()) == {1}), received()
    # The same batch queued again (a retry, a duplicated message): nobody gets it twice.
    done = set()

    def note_done(task_id=None, **_kwargs):
        done.add(task_id)

    task_postrun.connect(note_done, weak=False)
    try:
        with schema_context(schema):
            again = send_newsletter_batch.delay(newsletter_id, member_ids)
        assert wait_for(lambda: again.id in done), "the worker did not run the batch again"
    finally:
        task_postrun.disconnect(note_done)
    assert set(received().values()) == {1}, received()
    pilote.reload()
    assert pilote.get_by_text("Envoyée", exact=True).is_visible()

    # The café begins (the clock jumps to it): the animator writes the report, so it counts.
    assert timezone.now() < cafe.starts_at
    journey_clock.move_to(cafe.starts_at + timedelta(seconds=30))
    phone.goto(site.url("reseau-a", f"/cafes/{cafe.pk}/"))
    phone.get_by_role("link", name="Écrire le compte rendu").click()
    phone.get_by_label("Ce qui s'est dit").fill("Beaucoup d'idées : un composteur, du miel.")
    phone.get_by_role("button", name="Enregistrer le compte rendu").click()
    expect(phone.get_by_text("Compte rendu enregistré. Merci !")).to_be_visible()
    report = phone.get_by_role("region", name="Compte rendu").inner_text()
    assert "12 personnes sont venues" in report and "2 nouveaux venus inscrits" in report

    # 6. The impact page shows this month's new figures, and shares them with Coop-ère.
    pilote.goto(site.url("reseau-a", "/impact/"))
    shown = _figures(pilote)
    expected_moves = {
        "cafes_held": 1,
        "cafe_attendance": 12,
        "newcomers": 2,
        "projects_started": 1,
        "purchases_closed": 1,
        "newsletters_sent": 1,
    }
    assert shown == {k: before[k] + n for k, n in expected_moves.items()}, (shown, before)
    pilote.get_by_role("button", name="Partager les chiffres avec Coop-ère maintenant").click()
    expect(pilote.get_by_text("Les chiffres partagés avec Coop-ère sont à jour.")).to_be_visible()
    assert _figures(pilote) == shown
    with schema_context(get_public_schema_name()):
        snapshot = NetworkSnapshot.objects.get(network=cast["network"], month=_this_month())
    assert {key: getattr(snapshot, key) for key in FIGURES} == shown
