"""Newsletter pages: the group composes, sends and prints; members read the archive;
visitors are sent to log in (except the unsubscribe link); network B reaches nothing of A."""

import html

import pytest
from django.core import signing
from django.db import connection

from community.newsletter import services
from community.newsletter.models import Delivery, Newsletter, NewsletterOptOut
from community.newsletter.tokens import unsubscribe_token
from exchange.models import Member
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member


@pytest.fixture
def world(db, network_a):
    """In A: a pilote, a plain member, Ginette (no email, the pilote is her sponsor),
    Firmin (no email, no sponsor), a draft and a sent issue."""
    pilote = _member(network_a, "pilote-lettre@a.test", role=Member.GroupRole.PILOTE)
    voisin = _member(network_a, "voisin-lettre@a.test")
    with inside(network_a):
        odette = _no_email("Ginette", sponsor=pilote)
        lucien = _no_email("Firmin")
        draft = services.compose_newsletter(
            actor=pilote, subject="Brouillon secret de A", body_html="Pas encore."
        )
        sent = services.compose_newsletter(
            actor=pilote, subject="Lettre envoyée de A", body_html="<h2>Le café</h2>Samedi."
        )
        Newsletter.objects.filter(pk=sent.pk).update(status="sent", sent_at=sent.created_at)
    return {
        "pilote": pilote,
        "voisin": voisin,
        "odette": odette,
        "lucien": lucien,
        "draft": draft,
        "sent": sent,
    }


def _no_email(name, sponsor=None):
    from tests.exchange.factories import MemberFactory

    return MemberFactory(without_email=True, display_name=name, sponsor=sponsor)


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _group_pages(w):
    d = w["draft"].pk
    return [
        "/lettre/",
        "/lettre/nouvelle/",
        f"/lettre/{d}/",
        f"/lettre/{d}/modifier/",
        f"/lettre/{d}/imprimer/",
    ]


def _member_pages(w):
    return ["/lettre/archives/", f"/lettre/archives/{w['sent'].pk}/"]


def test_every_page_renders_for_the_group(world, client_for, network_a):
    client = _logged(client_for, network_a, "pilote-lettre@a.test")
    for path in _group_pages(world) + _member_pages(world):
        assert client.get(path).status_code == 200, path


def test_members_read_the_archive_but_not_drafts_nor_group_pages(world, client_for, network_a):
    client = _logged(client_for, network_a, "voisin-lettre@a.test")
    archive = _text(client.get("/lettre/archives/"))
    assert "Lettre envoyée de A" in archive and "Brouillon secret" not in archive
    issue = _text(client.get(f"/lettre/archives/{world['sent'].pk}/"))
    assert "<h2>Le café</h2>" in issue
    assert client.get(f"/lettre/archives/{world['draft'].pk}/").status_code == 404
    for path in _group_pages(world):
        assert client.get(path).status_code == 403, path
    for action in ("envoyer", "relancer"):
        assert client.post(f"/lettre/{world['draft'].pk}/{action}/").status_code == 403
    with inside(network_a):
        assert Newsletter.objects.get(pk=world["draft"].pk).status == "draft"
        assert not Delivery.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(world, client_for, network_a):
    client = client_for(network_a)
    d = world["draft"].pk
    for path in _group_pages(world) + _member_pages(world):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")
    for path in (f"/lettre/{d}/envoyer/", f"/lettre/{d}/relancer/", "/lettre/abonnement/"):
        assert client.post(path)["Location"].startswith("/connexion/"), path


def test_a_pilote_of_b_reaches_nothing_of_a(world, client_for, network_a, network_b):
    _member(network_b, "pilote-lettre@b.test", role=Member.GroupRole.PILOTE)
    client_b = _logged(client_for, network_b, "pilote-lettre@b.test")
    d, s = world["draft"].pk, world["sent"].pk
    for path in [*_group_pages(world)[2:], f"/lettre/archives/{s}/"]:
        assert client_b.get(path).status_code == 404, path
    for path in ("/lettre/", "/lettre/archives/"):
        text = _text(client_b.get(path))
        assert "secret de A" not in text and "envoyée de A" not in text
    for action in ("envoyer", "relancer", "modifier"):
        response = client_b.post(f"/lettre/{d}/{action}/", {"subject": "x", "body_html": "y"})
        assert response.status_code == 404, action
    with inside(network_a):
        draft = Newsletter.objects.get(pk=d)
        assert draft.status == "draft" and draft.subject == "Brouillon secret de A"
        assert not Delivery.objects.exists()


def test_composing_with_bad_input_shows_french_errors_and_writes_nothing(
    world, client_for, network_a
):
    client = _logged(client_for, network_a, "pilote-lettre@a.test")
    with inside(network_a):
        before = Newsletter.objects.count()
    response = client.post(
        "/lettre/nouvelle/", {"subject": "", "body_html": "<script>alert(1)</script>"}
    )
    text = _text(response)
    assert response.status_code == 200
    assert "Donnez un objet à la lettre" in text and "La lettre est vide" in text
    with inside(network_a):
        assert Newsletter.objects.count() == before


def test_compose_preview_send_over_http(world, client_for, network_a, monkeypatch):
    from community.newsletter import tasks

    queued = []
    monkeypatch.setattr(tasks.send_newsletter_batch, "delay", lambda *a: queued.append(a))
    client = _logged(client_for, network_a, "pilote-lettre@a.test")
    response = client.post(
        "/lettre/nouvelle/",
        {"subject": "Juin", "body_html": "Bonjour <b>à tous</b><script>x()</script>"},
    )
    assert response.status_code == 302
    with inside(network_a):
        newsletter = Newsletter.objects.get(subject="Juin")
    assert newsletter.body_html == "<p>Bonjour à tous</p>"
    preview = client.get(f"/lettre/{newsletter.pk}/")
    raw = preview.content.decode()
    # The email sits, escaped whole, in a sandboxed frame's srcdoc: no quote breaks out of it.
    assert 'sandbox srcdoc="&lt;!doctype html&gt;' in raw and "&lt;p&gt;Bonjour à tous" in raw
    assert "Envoyer à tous les membres" in _text(preview)
    assert client.post(f"/lettre/{newsletter.pk}/envoyer/").status_code == 302
    again = client.post(f"/lettre/{newsletter.pk}/envoyer/", follow=True)
    assert "déjà été envoyée" in _text(again)
    with inside(network_a):
        newsletter.refresh_from_db()
        assert newsletter.status == "sending"
        assert Delivery.objects.filter(newsletter=newsletter).count() >= 2  # pilote, voisin


def test_the_paper_edition_lists_accompanied_members_under_their_sponsor(
    world, client_for, network_a
):
    client = _logged(client_for, network_a, "pilote-lettre@a.test")
    text = _text(client.get(f"/lettre/{world['sent'].pk}/imprimer/"))
    assert "Lettre envoyée de A" in text and "<h2>Le café</h2>" in text
    pilote_name = world["pilote"].display_name
    sponsor_part = text.split(f"{pilote_name} la remet à")[1].split("</section>")[0]
    group_part = text.split("Sans parrain ni marraine")[1].split("</section>")[0]
    assert "Ginette" in sponsor_part and "Firmin" not in sponsor_part
    assert "Firmin" in group_part and "Ginette" not in group_part
    assert "Voisin-Lettre" not in text.split("Qui la remet à qui")[1]  # has an email


def test_members_stop_and_resume_the_email_from_the_archive(world, client_for, network_a):
    client = _logged(client_for, network_a, "voisin-lettre@a.test")
    client.post("/lettre/abonnement/", {"email": "non"})
    with inside(network_a):
        assert NewsletterOptOut.objects.filter(member=world["voisin"]).exists()
    assert "Recevoir à nouveau" in _text(client.get("/lettre/archives/"))
    client.post("/lettre/abonnement/", {"email": "oui"})
    with inside(network_a):
        assert not NewsletterOptOut.objects.exists()


def test_the_unsubscribe_link_works_without_login(world, client_for, network_a):
    with inside(network_a):
        token = unsubscribe_token(world["voisin"])
    client = client_for(network_a)
    page = client.get(f"/lettre/desabonnement/{token}/")
    assert page.status_code == 200 and "Ne plus la recevoir" in _text(page)
    with inside(network_a):
        assert not NewsletterOptOut.objects.exists()  # a GET (a mail scanner) changes nothing
    done = client.post(f"/lettre/desabonnement/{token}/")
    assert done.status_code == 200 and "vous ne recevrez plus la lettre" in _text(done)
    client.post(f"/lettre/desabonnement/{token}/")  # twice: still one opt-out
    with inside(network_a):
        assert NewsletterOptOut.objects.get().member == world["voisin"]


@pytest.mark.parametrize("kind", ["forged", "altered", "other_network", "garbage"])
def test_a_bad_unsubscribe_link_is_refused_clearly_and_changes_nothing(
    world, client_for, network_a, network_b, kind
):
    with inside(network_a):
        good = unsubscribe_token(world["voisin"])
    if kind == "forged":
        token = signing.dumps(world["voisin"].pk, salt="something else")
    elif kind == "altered":
        token = signing.dumps(world["pilote"].pk, salt="x").split(":")[0] + good[good.index(":") :]
    elif kind == "other_network":
        with inside(network_b):  # a genuine link of B, on A's host, for the same id
            token = unsubscribe_token(world["voisin"])
        connection.set_schema_to_public()
    else:
        token = "pas-un-jeton"
    client = client_for(network_a)
    for method in (client.get, client.post):
        response = method(f"/lettre/desabonnement/{token}/")
        assert response.status_code == 404
        assert "Ce lien ne fonctionne pas" in _text(response)
    with inside(network_a):
        assert not NewsletterOptOut.objects.exists()
