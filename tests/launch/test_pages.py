"""The launch kit's console pages: operators only, French refusals that write nothing,
each network's own data, the printable letter and its PDF, the presentation kit."""

import re
import zlib

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import set_urlconf

from onboarding.launch.models import AperoInfo, InvitationLetter
from onboarding.launch.services import record_apero_info_held, save_letter_addresses
from onboarding.models import Amorceur
from tests.conftest import PASSWORD

from .conftest import in_days, make_past

BASE = "/console/lancement"
PAGES = [
    "apero-info/",
    "lettre/",
    "lettre/apercu/",
    "lettre/invitation.pdf",
    "lettre/publipostage/",
    "lettre/publipostage/apercu/",
    "lettre/publipostage/lettres.pdf",
    "kit/",
]


def _pdf_objects(body: bytes) -> bytes:
    """The PDF's objects as text: WeasyPrint packs them in compressed object streams."""
    parts = [body]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def pdf_pages(body: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", _pdf_objects(body)))


def pdf_media_box(body: bytes) -> tuple[int, int]:
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", _pdf_objects(body))
    return round(float(box[1])), round(float(box[2]))


# --- Who may open them --------------------------------------------------------------


@pytest.mark.parametrize("page", [*PAGES, "apero-info/tenu/"])
def test_anonymous_visitors_are_sent_to_the_login(client_for, network_a, page):
    response = client_for(None).get(f"{BASE}/reseau-a/{page}")
    assert response.status_code == 302 and "/connexion/" in response["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_partner_users_are_refused(login, partner_user, network_a, page):
    assert login(partner_user.email).get(f"{BASE}/reseau-a/{page}").status_code == 403


def test_partners_cannot_schedule(login, partner_user, network_a):
    response = login(partner_user.email).post(
        f"{BASE}/reseau-a/apero-info/", {"day": in_days(5).date(), "time": "18:30"}
    )
    assert response.status_code == 403
    assert not AperoInfo.objects.exists()


def test_the_console_does_not_exist_on_a_networks_host(client_for, network_a):
    assert client_for(network_a).get(f"{BASE}/reseau-a/kit/").status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_unknown_networks_are_404(console, page):
    assert console.get(f"{BASE}/nulle-part/{page}").status_code == 404


# --- Scheduling and recording the apéro-info ----------------------------------------------


def test_schedule_then_reschedule_from_the_console(console, network_b):
    day = in_days(9).date()
    response = console.post(
        f"{BASE}/reseau-b/apero-info/",
        {"day": day.isoformat(), "time": "18:30", "place": "", "notes": "Prévoir des chaises"},
    )
    assert response.status_code == 302
    apero = AperoInfo.objects.get(network=network_b)
    assert apero.place == "Place de la mairie" and apero.notes == "Prévoir des chaises"
    page = console.get(f"{BASE}/reseau-b/apero-info/").content.decode()
    assert "L&#x27;apéro-info est programmé." in page and "18\u00a0h\u00a030" in page
    console.post(
        f"{BASE}/reseau-b/apero-info/",
        {"day": in_days(20).date().isoformat(), "time": "11:00", "place": "Salle Brel"},
    )
    apero.refresh_from_db()
    assert apero.place == "Salle Brel" and AperoInfo.objects.count() == 1


def test_a_past_date_shows_the_french_error_and_writes_nothing(console, network_b):
    response = console.post(
        f"{BASE}/reseau-b/apero-info/",
        {"day": in_days(-2).date().isoformat(), "time": "18:30", "place": "Salle Brel"},
    )
    assert response.status_code == 400
    assert "Cette date est déjà passée" in response.content.decode()
    assert not AperoInfo.objects.exists()


def test_a_missing_day_is_a_french_error(console, network_b):
    response = console.post(f"{BASE}/reseau-b/apero-info/", {"day": "", "time": "18:30"})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not AperoInfo.objects.exists()


def test_record_the_attendance(console, network_b, schedule):
    make_past(schedule(network_b))
    response = console.post(
        f"{BASE}/reseau-b/apero-info/tenu/", {"attendance": "27", "notes": "8 volontaires"}
    )
    assert response.status_code == 302
    apero = AperoInfo.objects.get(network=network_b)
    assert (apero.held, apero.attendance) == (True, 27)
    page = console.get(f"{BASE}/reseau-b/apero-info/").content.decode()
    assert "Tenu" in page and "Corriger la participation" in page


@pytest.mark.parametrize(
    ("attendance", "message"),
    [
        ("-4", "La participation est un nombre de personnes : 0 ou plus."),
        ("beaucoup", "Saisissez un nombre entier."),
    ],
)
def test_bad_attendance_is_refused_in_french(console, network_b, schedule, attendance, message):
    make_past(schedule(network_b))
    response = console.post(f"{BASE}/reseau-b/apero-info/tenu/", {"attendance": attendance})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AperoInfo.objects.get(network=network_b).held


def test_attendance_before_the_date_is_refused(console, network_b, schedule):
    schedule(network_b, days=3)
    response = console.post(f"{BASE}/reseau-b/apero-info/tenu/", {"attendance": "10"})
    assert response.status_code == 400
    assert "L&#x27;apéro-info n&#x27;a pas encore eu lieu" in response.content.decode()
    assert not AperoInfo.objects.get(network=network_b).held


def test_a_network_only_changes_its_own_apero(console, network_a, network_b, schedule):
    apero_a = schedule(network_a, place="Salle A")
    console.post(
        f"{BASE}/reseau-b/apero-info/",
        {"day": in_days(4).date().isoformat(), "time": "10:00", "place": "Salle B"},
    )
    apero_a.refresh_from_db()
    assert apero_a.place == "Salle A"
    assert AperoInfo.objects.get(network=network_b).place == "Salle B"
    assert "Salle A" not in console.get(f"{BASE}/reseau-b/apero-info/").content.decode()


# --- The letter ---------------------------------------------------------------------------


def test_no_letter_without_an_apero(console, network_b):
    for page in ("lettre/apercu/", "lettre/invitation.pdf", "lettre/publipostage/apercu/"):
        response = console.get(f"{BASE}/reseau-b/{page}")
        assert response.status_code == 409
        assert "Pas de lettre sans apéro-info" in response.content.decode()


def test_the_letter_names_the_amorceurs_and_the_day(console, network_a, schedule, amorceurs):
    schedule(network_a, place="Salle des fêtes Jacques Brel")
    response = console.get(f"{BASE}/reseau-a/lettre/apercu/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Invitation à un apéro-info" in page
    assert "Martine Lefèvre" in page
    assert "Karim Benali (Amicale des locataires des Tilleuls)" in page
    assert "Salle des fêtes Jacques Brel" in page
    assert "Sophie Bertin" not in page  # network B's amorceur
    assert "À chaque foyer du réseau « Réseau A »" in page
    assert "{date}" not in page and "avec l&#x27;association Coop-ère" in page
    assert 'href="/static/launch/letter.css"' in page


def test_the_letter_text_is_edited_refused_in_french_and_reset(console, network_a):
    response = console.post(f"{BASE}/reseau-a/lettre/", {"body": "Le {jour} !"})
    assert response.status_code == 400
    assert "Champ inconnu {jour}" in response.content.decode()
    assert not InvitationLetter.objects.exists()
    console.post(f"{BASE}/reseau-a/lettre/", {"body": "Venez le {date} à {heure}."})
    assert InvitationLetter.objects.get(network=network_a).body == "Venez le {date} à {heure}."
    console.post(f"{BASE}/reseau-a/lettre/", {"body": "ignored", "reset": "1"})
    assert InvitationLetter.objects.get(network=network_a).body == ""
    assert "Nous habitons le quartier" in console.get(f"{BASE}/reseau-a/lettre/").content.decode()


def test_the_letter_pdf_is_one_a4_page(console, network_a, schedule, amorceurs):
    schedule(network_a)
    response = console.get(f"{BASE}/reseau-a/lettre/invitation.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="invitation-reseau-a.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    assert pdf_pages(response.content) == 1
    assert pdf_media_box(response.content) == (595, 842)  # A4 in points


def test_mail_merge_prints_one_page_per_address(console, network_a, schedule, amorceurs):
    network_a.perimeter_streets = "rue des Lilas\nallée des Tilleuls"
    network_a.save()
    schedule(network_a)
    form = console.get(f"{BASE}/reseau-a/lettre/publipostage/").content.decode()
    assert "rue des Lilas\nallée des Tilleuls" in form  # prefilled from the perimeter
    addresses = "12 rue des Lilas\n14 rue des Lilas\n3 allée des Tilleuls, bât. B"
    response = console.post(f"{BASE}/reseau-a/lettre/publipostage/", {"addresses": addresses})
    assert response.status_code == 302

    page = console.get(f"{BASE}/reseau-a/lettre/publipostage/apercu/").content.decode()
    assert page.count('class="letter"') == 3
    assert "Aux habitant·es du 12 rue des Lilas" in page
    assert "Aux habitant·es du 3 allée des Tilleuls, bât. B" in page
    assert page.count("Karim Benali (Amicale des locataires des Tilleuls)") == 3

    response = console.get(f"{BASE}/reseau-a/lettre/publipostage/lettres.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert pdf_pages(response.content) == 3


def test_the_longest_text_still_fits_one_page_per_letter(
    console, coach, network_a, schedule, amorceurs
):
    """Read with WeasyPrint's document API: two addresses, the longest text, two pages."""
    import weasyprint

    from frontend.pdf import _local_files_fetcher_class

    schedule(network_a)
    for number in range(4):  # six amorceurs in all, organisations named
        Amorceur.objects.create(
            network=network_a,
            name=f"Jean-Baptiste Durand-Lefort {number}",
            kind="centre_social",
            organisation="Centre social des Aulnes et des Tilleuls",
        )
    sentence = "Une phrase simple pour dire aux voisins que nous les attendons avec plaisir. "
    longest = "\n\n".join([sentence * 6] * 8)[:2000]
    assert console.post(f"{BASE}/reseau-a/lettre/", {"body": longest}).status_code == 302
    save_letter_addresses(network=network_a, addresses="1 rue A\n2 rue A", actor=coach)
    html = console.get(f"{BASE}/reseau-a/lettre/publipostage/apercu/").content.decode()
    document = weasyprint.HTML(
        string=html,
        base_url="http://coopere.localhost/",
        url_fetcher=_local_files_fetcher_class()(),
    ).render()
    assert len(document.pages) == 2
    # Nothing cut off: the signature sits on each page.
    texts = [box for box in _texts(document.pages[1]._page_box)]
    assert any("Karim Benali" in text for text in texts)


def _texts(box):
    if hasattr(box, "text"):
        yield box.text
    for child in getattr(box, "children", []):
        yield from _texts(child)


def test_the_mail_merge_refuses_an_empty_list_in_french(console, network_a):
    response = console.post(f"{BASE}/reseau-a/lettre/publipostage/", {"addresses": "  \n"})
    assert response.status_code == 400
    assert "Indiquez au moins une adresse, une par ligne." in response.content.decode()
    assert not InvitationLetter.objects.exists()


def test_no_invitation_once_the_apero_is_held(console, coach, network_a, schedule):
    make_past(schedule(network_a))
    record_apero_info_held(network=network_a, attendance=12, actor=coach)
    response = console.get(f"{BASE}/reseau-a/lettre/apercu/")
    assert response.status_code == 409
    assert "L'apéro-info a déjà eu lieu" in response.content.decode()


def test_another_networks_letter_shows_only_its_own(
    console, network_a, network_b, schedule, amorceurs
):
    schedule(network_a, place="Salle A")
    schedule(network_b, place="Salle B")
    page = console.get(f"{BASE}/reseau-b/lettre/apercu/").content.decode()
    assert "Salle B" in page and "Sophie Bertin" in page
    assert "Salle A" not in page and "Martine Lefèvre" not in page


# --- The presentation kit -----------------------------------------------------------------


def test_the_kit_has_its_slides_and_its_keyboard_script(console, network_a, schedule):
    schedule(network_a, place="Salle Brel")
    response = console.get(f"{BASE}/reseau-a/kit/")
    page = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'<section class="slide[ "]', page)) == 8
    assert 'src="/static/launch/kit.js"' in page
    assert 'href="/static/launch/kit.css"' in page
    for words in (
        "Un fort potentiel de partages",
        "Pourquoi coopérer ?",
        "Se simplifier la vie",
        "Quatre principes",
        "Gratuité",
        "Réciprocité",
        "Neutralité",
        "Tranquillité",
        "Notre prochain rendez-vous",
        "Salle Brel",
        "Notre lieu de rencontre : Place de la mairie.",
    ):
        assert words in page, words
    assert 'aria-label="Diapositive suivante"' in page
    assert 'aria-label="Diapositive précédente"' in page
    assert 'aria-label="Plein écran (F)"' in page
    # Without JavaScript the controls stay hidden and every slide shows, one after another.
    assert re.search(r'<nav class="deck-controls[^"]*"[^>]*\shidden>', page)


def test_the_kit_shows_the_networks_next_cafe(console, network_a):
    from datetime import timedelta

    from django.utils import timezone
    from django_tenants.utils import schema_context

    from community.cafes.models import Cafe
    from exchange.services.bootstrap import create_founding_member

    with schema_context(network_a.schema_name):
        animator = create_founding_member(
            first_name="Claire", last_name="Kit", email="ck@a.test", password=PASSWORD
        )
        Cafe.objects.create(
            starts_at=timezone.now() + timedelta(days=6),
            place_name="Square des Tilleuls",
            created_by=animator,
        )
    page = console.get(f"{BASE}/reseau-a/kit/").content.decode()
    assert "Square des Tilleuls" in page
    assert "Square des Tilleuls" not in console.get(f"{BASE}/reseau-b/kit/").content.decode()


# --- The network page's panel -------------------------------------------------------------


@pytest.fixture
def public_urls():
    set_urlconf(settings.PUBLIC_SCHEMA_URLCONF)
    yield
    set_urlconf(None)


def test_the_panel_renders_on_its_own(network_a, schedule, coach, public_urls):
    request = RequestFactory().get("/")
    html = render_to_string("console/launch/_panel.html", {"network": network_a}, request=request)
    assert "Aucun apéro-info programmé" in html
    assert f"{BASE}/reseau-a/kit/" in html and "lettre/apercu" not in html
    schedule(network_a, place="Salle Brel")
    html = render_to_string("console/launch/_panel.html", {"network": network_a}, request=request)
    assert "Programmé" in html and "Salle Brel" in html
    for page in ("apero-info/", "lettre/", "lettre/apercu/", "lettre/invitation.pdf"):
        assert f"{BASE}/reseau-a/{page}" in html
    assert f"{BASE}/reseau-a/lettre/publipostage/" in html


def test_the_network_page_includes_the_panel(console, network_a):
    page = console.get("/console/reseaux/reseau-a/").content.decode()
    assert "Apéro-info et lettre d'invitation" in page
    assert f"{BASE}/reseau-a/apero-info/" in page


def test_the_panel_costs_two_queries(network_a, schedule, public_urls, django_assert_num_queries):
    schedule(network_a)
    render_to_string("console/launch/_panel.html", {"network": network_a})  # search_path set
    with django_assert_num_queries(2):
        html = render_to_string("console/launch/_panel.html", {"network": network_a})
    assert "Programmé" in html
