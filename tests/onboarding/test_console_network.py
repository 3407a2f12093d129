"""A network's console page: checklist forms, gate, coach, contacts, documents, indicators."""

import datetime
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coopere.accounts.services import create_operator
from onboarding.models import Amorceur, ItemCheck, NetworkDocument, PhaseTransition, Relay
from onboarding.services import tick_item
from tenants.models import Network, NetworkSnapshot
from tests.onboarding.conftest import messages_of

PAGE = "/console/reseaux/reseau-b/"


def test_the_page_shows_the_network_its_checklist_and_the_panels(console, network_b, item):
    response = console.get(PAGE)
    assert response.status_code == 200
    body = unescape(response.content.decode())
    assert "Réseau B" in body and "Place de la mairie" in body
    assert "Périmètre défini" in body and "Plateforme ouverte aux habitant·es" in body
    assert "Il manque : Amorceurs identifiés" in body  # the gate to lancement
    assert "Actualiser les indicateurs" in body
    assert console.get("/console/reseaux/inconnu/").status_code == 404


def test_spare_and_template_rows_have_no_page(console):
    template = Network.objects.get(state="template")
    template_slug = template.slug or "coopere-template"
    assert console.get(f"/console/reseaux/{template_slug}/").status_code == 404


def test_a_page_runs_the_same_queries_however_much_it_shows(
    console, network_a, operator, item, snapshot
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        console.get("/console/reseaux/reseau-a/")
        with CaptureQueriesContext(connection) as queries:
            assert console.get("/console/reseaux/reseau-a/").status_code == 200
        return len(queries)

    tick_item(network=network_a, item=item("perimeter-defined"), actor=operator)
    snapshot(network_a, group_size=6)
    Amorceur.objects.create(network=network_a, name="A", kind="resident")
    Relay.objects.create(network=network_a, name="R")
    few = count()
    for key in ("fete-held", "posters-displayed", "actions-shared"):
        tick_item(network=network_a, item=item(key), actor=operator)
    for back in range(1, 12):
        snapshot(network_a, months_ago=back, group_size=6)
    for n in range(6):
        Amorceur.objects.create(network=network_a, name=f"A{n}", kind="resident")
        Relay.objects.create(network=network_a, name=f"R{n}")
        PhaseTransition.objects.create(
            network=network_a, from_phase="a", to_phase="b", at=timezone.now(), by=operator
        )
    assert count() == few


# --- Ticking ----------------------------------------------------------------------------


def test_tick_with_a_date_a_note_and_an_attachment(console, network_b, item, operator, media):
    target = item("first-meeting-held")
    response = console.post(
        f"{PAGE}elements/{target.pk}/cocher/",
        {
            f"item-{target.pk}-done_at": "2026-10-02",
            f"item-{target.pk}-note": "Chez Mme Diallo, 8 personnes",
            f"item-{target.pk}-attachment": SimpleUploadedFile("cr.txt", b"compte rendu"),
        },
    )
    assert response.status_code == 302
    check = ItemCheck.objects.get(network=network_b, item=target)
    assert (check.done_at, check.note, check.done_by) == (
        datetime.date(2026, 10, 2),
        "Chez Mme Diallo, 8 personnes",
        operator,
    )
    page = unescape(console.get(PAGE).content.decode())
    assert "Chez Mme Diallo" in page
    download = console.get(f"{PAGE}elements/{target.pk}/piece-jointe/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"compte rendu"
    # Without a reason: refused in French, still ticked.
    console.post(f"{PAGE}elements/{target.pk}/decocher/", {"reason": " "})
    page = unescape(console.get(PAGE).content.decode())
    assert "Écrivez pourquoi cet élément est décoché." in page
    assert ItemCheck.objects.filter(network=network_b).count() == 1
    response = console.post(
        f"{PAGE}elements/{target.pk}/decocher/", {"reason": "Le local n'est plus disponible"}
    )
    assert response.status_code == 302
    assert not ItemCheck.objects.filter(network=network_b).exists()
    page = unescape(console.get(PAGE).content.decode())
    assert "Éléments décochés" in page
    assert "Le local n'est plus disponible" in page
    assert "Il avait été coché comme fait le 2 octobre 2026" in page
    assert "Chez Mme Diallo" in page  # the removed tick's note stays in the trace


def test_an_untick_on_network_b_leaves_network_a_alone(
    console, network_a, network_b, item, operator
):
    tick_item(network=network_a, item=item("perimeter-defined"), actor=operator)
    target = item("perimeter-defined")
    response = console.post(
        f"/console/reseaux/{network_b.slug}/elements/{target.pk}/decocher/", {"reason": "x"}
    )
    assert response.status_code == 302
    assert ItemCheck.objects.filter(network=network_a).count() == 1
    page = console.get(f"/console/reseaux/{network_a.slug}/").content.decode()
    assert "Éléments décochés" not in page


def test_a_tick_in_the_future_is_refused_in_french(console, network_b, item):
    target = item("first-meeting-held")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = console.post(
        f"{PAGE}elements/{target.pk}/cocher/", {f"item-{target.pk}-done_at": tomorrow}
    )
    assert response.status_code == 400
    assert "La date ne peut pas être dans le futur." in unescape(response.content.decode())
    assert not ItemCheck.objects.exists()


def test_automatic_items_cannot_be_ticked_over_http(console, network_b, item):
    response = console.post(f"{PAGE}elements/{item('group-formed').pk}/cocher/", {}, follow=True)
    assert "ne se coche ni ne se décoche à la main" in " ".join(messages_of(response))
    assert not ItemCheck.objects.exists()


def test_a_tick_on_network_b_leaves_network_a_alone(console, network_a, network_b, item):
    console.post(f"{PAGE}elements/{item('perimeter-defined').pk}/cocher/", {})
    assert ItemCheck.objects.filter(network=network_b).count() == 1
    assert not ItemCheck.objects.filter(network=network_a).exists()


# --- Moving ----------------------------------------------------------------------------


def test_moving_needs_the_gate_and_says_what_is_missing(console, network_b, operator, item):
    response = console.post(f"{PAGE}phase/", {"to_phase": "lancement"})
    assert response.status_code == 400
    assert "Il manque : Amorceurs identifiés" in unescape(response.content.decode())
    for key in (
        "amorceurs-identified",
        "first-meeting-held",
        "perimeter-defined",
        "meeting-place-found",
        "invitation-letter-sent",
        "apero-info-scheduled",
    ):
        console.post(f"{PAGE}elements/{item(key).pk}/cocher/", {})
    response = console.post(f"{PAGE}phase/", {"to_phase": "lancement"})
    assert response.status_code == 302
    network_b.refresh_from_db()
    assert network_b.phase == "lancement"
    history = unescape(console.get(PAGE).content.decode())
    assert "Nadia" in history and "Lancement" in history


def test_an_override_without_a_reason_is_refused(console, network_a):
    response = console.post(
        "/console/reseaux/reseau-a/phase/",
        {"to_phase": "autonomie", "override": "on", "override_reason": "  "},
    )
    assert response.status_code == 400
    assert "Écrivez pourquoi le réseau passe en autonomie" in unescape(response.content.decode())
    network_a.refresh_from_db()
    assert network_a.phase == "structuration"
    assert not PhaseTransition.objects.exists()
    response = console.post(
        "/console/reseaux/reseau-a/phase/",
        {"to_phase": "autonomie", "override": "on", "override_reason": "Validé en comité."},
    )
    assert response.status_code == 302
    assert PhaseTransition.objects.get().override_reason == "Validé en comité."


# --- Coach and perimeter ------------------------------------------------------------------


def test_assign_and_change_the_coach(console, network_b, operator, partner):
    other = create_operator(email="karim@coopere.test", password="x" * 12, first_name="Karim")
    assert console.post(f"{PAGE}coach/", {"coach": operator.pk}).status_code == 302
    network_b.refresh_from_db()
    assert network_b.coach == operator
    console.post(f"{PAGE}coach/", {"coach": other.pk})
    network_b.refresh_from_db()
    assert network_b.coach == other
    # A partner account is not a coach: not even offered.
    assert console.post(f"{PAGE}coach/", {"coach": partner.pk}).status_code == 400
    network_b.refresh_from_db()
    assert network_b.coach == other


def test_perimeter_out_of_range_is_refused(console, network_b):
    response = console.post(
        f"{PAGE}perimetre/",
        {"estimated_households": "800", "perimeter_streets": "Rue A", "meeting_place": "Salle"},
    )
    assert response.status_code == 400
    assert "entre 100 et 500 logements (vous avez indiqué 800)" in unescape(
        response.content.decode()
    )
    network_b.refresh_from_db()
    assert network_b.estimated_households == 250 and network_b.perimeter_streets == ""
    response = console.post(
        f"{PAGE}perimetre/",
        {
            "estimated_households": "320",
            "perimeter_streets": " Rue A \n\n Bâtiment C ",
            "meeting_place": "Salle Brel",
        },
    )
    assert response.status_code == 302
    network_b.refresh_from_db()
    assert (network_b.estimated_households, network_b.perimeter_streets) == (
        320,
        "Rue A\nBâtiment C",
    )


# --- Contacts ---------------------------------------------------------------------------


def test_add_edit_and_remove_amorceurs(console, network_a, network_b):
    response = console.post(
        f"{PAGE}amorceurs/", {"amorceur-name": "Amicale", "amorceur-kind": "amicale"}
    )
    assert response.status_code == 400
    assert "Indiquez le nom de l'organisation." in unescape(response.content.decode())
    assert not Amorceur.objects.exists()
    console.post(f"{PAGE}amorceurs/", {"amorceur-name": "Mme Diallo", "amorceur-kind": "resident"})
    console.post(
        f"{PAGE}amorceurs/",
        {
            "amorceur-name": "M. Petit",
            "amorceur-kind": "amicale",
            "amorceur-organisation": "Amicale des Tilleuls",
        },
    )
    first, second = Amorceur.objects.filter(network=network_b).order_by("position")
    response = console.post(
        f"{PAGE}amorceurs/{first.pk}/",
        {"name": "Awa Diallo", "kind": "resident", "email": "pas-un-email"},
    )
    assert response.status_code == 400
    assert "Cette adresse e-mail ne semble pas correcte." in unescape(response.content.decode())
    console.post(
        f"{PAGE}amorceurs/{first.pk}/",
        {"name": "Awa Diallo", "kind": "resident", "email": "awa@exemple.test"},
    )
    first.refresh_from_db()
    assert (first.name, first.email) == ("Awa Diallo", "awa@exemple.test")
    # Network A's page cannot reach B's amorceur.
    assert (
        console.post(f"/console/reseaux/reseau-a/amorceurs/{first.pk}/retirer/").status_code == 404
    )
    assert console.post(f"{PAGE}amorceurs/{second.pk}/retirer/").status_code == 302
    # The last one stays: a network keeps at least one amorceur.
    response = console.post(f"{PAGE}amorceurs/{first.pk}/retirer/", follow=True)
    assert "Un réseau garde au moins un amorceur" in " ".join(messages_of(response))
    assert list(Amorceur.objects.values_list("name", flat=True)) == ["Awa Diallo"]


def test_add_edit_and_remove_relays(console, network_b):
    assert console.post(f"{PAGE}relais/", {"relay-organisation": "Mairie"}).status_code == 400
    assert not Relay.objects.exists()
    console.post(
        f"{PAGE}relais/", {"relay-name": "Julie Martin", "relay-organisation": "Centre social"}
    )
    relay = Relay.objects.get(network=network_b)
    console.post(f"{PAGE}relais/{relay.pk}/", {"name": "Julie Martin", "contact": "06 12"})
    relay.refresh_from_db()
    assert relay.contact == "06 12" and relay.organisation == ""
    console.post(f"{PAGE}relais/{relay.pk}/retirer/")
    assert not Relay.objects.exists()


# --- Documents --------------------------------------------------------------------------


def test_upload_download_and_delete_a_document(console, network_b, media):
    response = console.post(
        f"{PAGE}documents/",
        {
            "document-title": "Plan du périmètre",
            "document-file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
        },
    )
    assert response.status_code == 302
    document = NetworkDocument.objects.get(network=network_b)
    assert "Plan du périmètre" in unescape(console.get(PAGE).content.decode())
    download = console.get(f"{PAGE}documents/{document.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"
    assert console.get(f"/console/reseaux/reseau-a/documents/{document.pk}/").status_code == 404
    assert console.post(f"{PAGE}documents/{document.pk}/supprimer/").status_code == 302
    assert not NetworkDocument.objects.exists()


def test_a_file_too_large_is_refused_in_french(console, network_b, media, settings):
    settings.COOPERE_CONSOLE_UPLOAD_MB = 1
    big = SimpleUploadedFile("gros.pdf", b"x" * (1024 * 1024 + 1))
    response = console.post(f"{PAGE}documents/", {"document-title": "Gros", "document-file": big})
    assert response.status_code == 400
    assert "Ce fichier est trop lourd : 1 Mo au maximum." in unescape(response.content.decode())
    assert not NetworkDocument.objects.exists()
    response = console.post(f"{PAGE}documents/", {"document-title": ""})
    assert "Donnez un titre au document." in unescape(response.content.decode())
    assert "Choisissez un fichier." in unescape(response.content.decode())


# --- Indicators -------------------------------------------------------------------------


def test_refresh_writes_this_month_for_this_network_only(console, network_a, network_b):
    response = console.post("/console/reseaux/reseau-a/indicateurs/", follow=True)
    assert response.status_code == 200
    assert "Les indicateurs sont à jour." in messages_of(response)
    (snapshot,) = NetworkSnapshot.objects.all()
    assert snapshot.network == network_a
    assert snapshot.month == timezone.localdate().replace(day=1)
    assert snapshot.residents >= 0
    page = unescape(response.content.decode())
    assert timezone.localdate().strftime("%Y") in page


def test_an_attachment_too_large_is_refused_and_nothing_is_ticked(
    console, network_b, item, media, settings
):
    settings.COOPERE_CONSOLE_UPLOAD_MB = 1
    target = item("first-meeting-held")
    response = console.post(
        f"{PAGE}elements/{target.pk}/cocher/",
        {f"item-{target.pk}-attachment": SimpleUploadedFile("cr.pdf", b"x" * (1024 * 1024 + 1))},
    )
    assert response.status_code == 400
    assert "Ce fichier est trop lourd : 1 Mo au maximum." in unescape(response.content.decode())
    assert not ItemCheck.objects.exists()


@pytest.mark.parametrize("name", ["outil.exe", "macro.js", "page.html", "sans-extension"])
def test_a_console_document_must_be_an_office_file(console, network_b, media, name):
    """Issue 11, finding 6: documents accepted `.exe`."""
    response = console.post(
        f"{PAGE}documents/",
        {"document-title": "Outil", "document-file": SimpleUploadedFile(name, b"MZ\x90\x00")},
    )
    assert response.status_code == 400
    assert "Ce type de fichier n'est pas accepté" in unescape(response.content.decode())
    assert not NetworkDocument.objects.exists()
