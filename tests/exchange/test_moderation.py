"""Neutralité: members report, animators hide or restore with a note, the author is told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchange import selectors
from exchange.models import ModerationEvent, Notification, Report
from exchange.services import connections, moderation

from .factories import PostFactory


@pytest.fixture
def post(rose):
    return PostFactory(author=rose, title="Votez pour moi")


def _report(post, reporter, reason="Propos politiques"):
    return moderation.report_content(actor=reporter, post=post, reason=reason)


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_a_report_needs_a_short_reason(post, paul, reason):
    with pytest.raises(ValidationError) as exc:
        _report(post, paul, reason)
    assert "reason" in exc.value.message_dict
    assert not Report.objects.exists()


def test_a_report_waits_for_the_groupe_d_animation(post, paul):
    report = _report(post, paul, reason="  Propos politiques  ")
    assert report.reason == "Propos politiques"
    assert list(selectors.pending_reports()) == [report]


def test_only_animators_hide_or_restore(post, paul, rose):
    for member in (paul, rose):
        with pytest.raises(PermissionDenied):
            moderation.hide_content(actor=member, post=post, note="Neutralité")
    post.refresh_from_db()
    assert not post.is_hidden
    assert not ModerationEvent.objects.exists()

    post.is_hidden = True
    post.save()
    with pytest.raises(PermissionDenied):
        moderation.restore_content(actor=rose, post=post, note="C'est à moi")
    post.refresh_from_db()
    assert post.is_hidden


@pytest.mark.parametrize("note", ["", "  ", "x" * 501])
def test_a_decision_needs_a_short_note(post, animator, note):
    with pytest.raises(ValidationError) as exc:
        moderation.hide_content(actor=animator, post=post, note=note)
    assert "note" in exc.value.message_dict
    post.refresh_from_db()
    assert not post.is_hidden
    assert not ModerationEvent.objects.exists()


def test_hiding_a_post(post, rose, paul, zoe, animator):
    _report(post, paul)
    _report(post, zoe, reason="Pub électorale")

    event = moderation.hide_content(actor=animator, post=post, note="Pas de politique ici")

    post.refresh_from_db()
    assert post.is_hidden
    assert (event.action, event.moderator, event.note, event.post) == (
        ModerationEvent.Action.HIDE,
        animator,
        "Pas de politique ici",
        post,
    )
    assert not selectors.pending_reports().exists()
    told = Notification.objects.get(member=rose, kind=Notification.Kind.MODERATION)
    assert "Votez pour moi" in told.text and "Pas de politique ici" in told.text
    assert list(selectors.browse_posts()) == []

    # Hiding twice changes nothing.
    with pytest.raises(ValidationError):
        moderation.hide_content(actor=animator, post=post, note="Encore")
    assert ModerationEvent.objects.count() == 1


def test_restoring_a_post(post, rose, paul, animator):
    moderation.hide_content(actor=animator, post=post, note="À vérifier")
    _report(post, paul, reason="Toujours visible ?")  # a report arriving meanwhile

    event = moderation.restore_content(actor=animator, post=post, note="Vérifié, c'est un jeu")

    post.refresh_from_db()
    assert not post.is_hidden
    assert event.action == ModerationEvent.Action.RESTORE
    assert list(ModerationEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "hide",
        "restore",
    ]
    assert not selectors.pending_reports().exists()
    assert rose.notifications.filter(kind="moderation").count() == 2
    assert list(selectors.browse_posts()) == [post]

    with pytest.raises(ValidationError):
        moderation.restore_content(actor=animator, post=post, note="Encore")


def test_hiding_a_message(rose, paul, animator):
    conn = connections.express_interest(actor=paul, member=paul, post=PostFactory(author=rose))
    message = connections.send_message(actor=paul, member=paul, connection=conn, body="Achetez !")
    moderation.report_content(actor=rose, message=message, reason="Publicité")

    moderation.hide_content(actor=animator, message=message, note="Pas de commerce")

    message.refresh_from_db()
    assert message.is_hidden
    assert not selectors.pending_reports().exists()
    assert paul.notifications.filter(kind="moderation").count() == 1
