"""Composing: the text is sanitised, bad input gets a clear French message and nothing is
written; only the Groupe d'Animation composes and sends."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community.newsletter import services
from community.newsletter.models import Newsletter
from tests.exchange.factories import MemberFactory

from .conftest import error_of


def test_a_draft_keeps_simple_formatting_and_loses_everything_else(pilote):
    newsletter = services.compose_newsletter(
        actor=pilote,
        subject="  La lettre\nde juin ",
        body_html=(
            '<h2 style="color:red">Le café</h2><p onclick="x()">Venez <strong>samedi</strong>'
            '<script>alert("x")</script> <a href="https://coopere-asso.org/" target="_blank">'
            'le site</a> <a href="javascript:alert(1)">piège</a></p><img src=x onerror=alert(1)>'
            "<ul><li>des gâteaux</li></ul><iframe src=https://evil.test></iframe>"
        ),
    )
    body = newsletter.body_html
    assert newsletter.subject == "La lettre de juin"  # no line break can reach a header
    assert newsletter.status == Newsletter.Status.DRAFT and newsletter.created_by == pilote
    for gone in (
        "<script",
        "alert",
        "onclick",
        "style=",
        "<img",
        "onerror",
        "javascript:",
        "<iframe",
        "target=",
    ):
        assert gone not in body, gone
    for kept in (
        "<h2>Le café</h2>",
        "<strong>samedi</strong>",
        "<li>des gâteaux</li>",
        '<a href="https://coopere-asso.org/"',
    ):
        assert kept in body, kept


def test_plain_writing_becomes_paragraphs(pilote):
    newsletter = services.compose_newsletter(
        actor=pilote, subject="Bonjour", body_html="Premier.\nSuite.\n\nDeuxième & dernier."
    )
    assert newsletter.body_html == "<p>Premier.<br>Suite.</p><p>Deuxième &amp; dernier.</p>"


@pytest.mark.parametrize(
    "subject, body, field, message",
    [
        ("", "Du texte", "subject", "Donnez un objet à la lettre"),
        ("   ", "Du texte", "subject", "Donnez un objet à la lettre"),
        ("x" * 201, "Du texte", "subject", "L'objet est trop long"),
        ("Objet", "", "body_html", "La lettre est vide"),
        ("Objet", "<p> &nbsp; </p>", "body_html", "La lettre est vide"),
        # Only what sanitising removes: empty too.
        ("Objet", "<script>alert('x')</script><img src=x>", "body_html", "La lettre est vide"),
        ("Objet", "x" * 50_001, "body_html", "La lettre est trop longue"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(
    pilote, subject, body, field, message
):
    before = Newsletter.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.compose_newsletter(actor=pilote, subject=subject, body_html=body)
    assert message in error_of(exc, field)
    assert Newsletter.objects.count() == before


def test_a_draft_can_change_until_it_is_sent(pilote, draft):
    services.update_newsletter(
        actor=pilote, newsletter=draft, subject="Nouvel objet", body_html="<p>Nouveau</p>"
    )
    draft.refresh_from_db()
    assert (draft.subject, draft.body_html) == ("Nouvel objet", "<p>Nouveau</p>")
    with pytest.raises(ValidationError) as exc:
        services.update_newsletter(actor=pilote, newsletter=draft, subject="", body_html="")
    assert set(exc.value.message_dict) == {"subject", "body_html"}
    Newsletter.objects.filter(pk=draft.pk).update(status=Newsletter.Status.SENT)
    with pytest.raises(ValidationError) as exc:
        services.update_newsletter(
            actor=pilote, newsletter=draft, subject="Trop tard", body_html="x"
        )
    assert "déjà été envoyée" in error_of(exc)
    assert Newsletter.objects.get(pk=draft.pk).subject == "Nouvel objet"


def test_only_the_group_composes_and_sends(in_a, draft):
    rose = MemberFactory()
    with pytest.raises(PermissionDenied):
        services.compose_newsletter(actor=rose, subject="Pub", body_html="Achetez")
    with pytest.raises(PermissionDenied):
        services.send_newsletter(actor=rose, newsletter=draft)
    assert Newsletter.objects.get().status == Newsletter.Status.DRAFT
    assert not draft.deliveries.exists()


def test_the_preview_is_the_email_with_a_sample_unsubscribe_link(draft):
    preview = services.preview_newsletter(newsletter=draft)
    assert preview["subject"] == "Des nouvelles du réseau"
    assert "<p>Le café de juin a réuni 30 voisins.</p>" in preview["html"]
    assert "Le café de juin a réuni 30 voisins." in preview["text"]
    assert "Réseau A" in preview["html"] and "Ne plus la recevoir par e-mail" in preview["html"]


def test_editing_again_shows_one_block_a_line_and_stores_the_same_text(pilote):
    from community.newsletter.sanitise import readable

    newsletter = services.compose_newsletter(
        actor=pilote,
        subject="Juin",
        body_html="<h2>Le café</h2><p>Samedi <em>matin</em></p><ul><li>un</li><li>deux</li></ul>",
    )
    shown = readable(newsletter.body_html)
    assert shown.splitlines()[:2] == ["<h2>Le café</h2>", "<p>Samedi <em>matin</em></p>"]
    body = newsletter.body_html
    services.update_newsletter(actor=pilote, newsletter=newsletter, subject="Juin", body_html=shown)
    newsletter.refresh_from_db()
    assert newsletter.body_html == body
