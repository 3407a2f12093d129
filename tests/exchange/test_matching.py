"""Matching and notifications, with tranquillité: a daily digest unless asked otherwise."""

import pytest
from django.utils import timezone

from exchange import tasks
from exchange.models import Member, Notification, Post
from exchange.services import matching, registration

from .factories import MemberFactory, PostFactory


@pytest.fixture
def need(rose, theme):
    return PostFactory(author=rose, theme=theme, kind=Post.Kind.NEED, title="Monter une étagère")


def _notified(post):
    return set(
        Notification.objects.filter(post=post, kind=Notification.Kind.MATCH).values_list(
            "member_id", flat=True
        )
    )


def test_a_need_reaches_the_neighbours_who_can_help(need, theme, other_theme, paul, zoe):
    PostFactory(author=paul, theme=theme, kind=Post.Kind.OFFER)  # an open offer
    registration.save_answer(member=zoe, theme=theme, can_offer=True)
    curious = MemberFactory()
    registration.save_answer(member=curious, theme=theme, interested=True)
    lender = MemberFactory()
    PostFactory(author=lender, theme=theme, kind=Post.Kind.LOAN, status="in_progress")

    # Not told: the author, another theme, a closed offer, a hidden offer, a need,
    # and members who left or were deactivated.
    registration.save_answer(member=need.author, theme=theme, can_offer=True)
    PostFactory(theme=other_theme, kind=Post.Kind.OFFER)
    PostFactory(theme=theme, kind=Post.Kind.OFFER, status="closed")
    PostFactory(theme=theme, kind=Post.Kind.OFFER, is_hidden=True)
    PostFactory(theme=theme, kind=Post.Kind.NEED)
    needy = MemberFactory()
    registration.save_answer(member=needy, theme=theme, would_need=True)
    gone = PostFactory(theme=theme, kind=Post.Kind.OFFER).author
    Member.objects.filter(pk=gone.pk).update(anonymised_at=timezone.now())
    inactive = PostFactory(theme=theme, kind=Post.Kind.OFFER).author
    inactive.user.is_active = False
    inactive.user.save()

    assert matching.notify_matches(need) == 4
    assert _notified(need) == {paul.pk, zoe.pk, curious.pk, lender.pk}
    note = Notification.objects.get(post=need, member=paul)
    assert "Monter une étagère" in note.text and note.read_at is None


def test_an_offer_reaches_the_neighbours_who_need_it(rose, paul, zoe, theme):
    offer = PostFactory(author=rose, theme=theme, kind=Post.Kind.GIFT)
    PostFactory(author=paul, theme=theme, kind=Post.Kind.NEED)
    registration.save_answer(member=zoe, theme=theme, would_need=True)
    PostFactory(theme=theme, kind=Post.Kind.OFFER)  # another offer is no match

    assert matching.notify_matches(offer) == 2
    assert _notified(offer) == {paul.pk, zoe.pk}


def test_matching_twice_tells_nobody_twice(need, theme, paul):
    registration.save_answer(member=paul, theme=theme, can_offer=True)
    matching.notify_matches(need)
    matching.notify_matches(need)
    # Also through the task, as a retried delivery would.
    tasks.notify_matches(need.pk)
    assert Notification.objects.filter(member=paul).count() == 1


def test_drafts_and_hidden_posts_are_not_announced(rose, paul, theme):
    registration.save_answer(member=paul, theme=theme, can_offer=True)
    draft = PostFactory(author=rose, theme=theme, kind="need", status="draft")
    hidden = PostFactory(author=rose, theme=theme, kind="need", is_hidden=True)
    assert matching.notify_matches(draft) == 0
    assert matching.notify_matches(hidden) == 0
    assert tasks.notify_matches(0) == 0  # a post deleted meanwhile
    assert not Notification.objects.exists()


def test_by_default_no_email_goes_out_straight_away(
    need, theme, paul, django_capture_on_commit_callbacks, mailoutbox
):
    assert paul.notification_mode == Member.Digest.DAILY
    registration.save_answer(member=paul, theme=theme, can_offer=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        matching.notify_matches(need)
    assert callbacks == []
    assert mailoutbox == []
    assert matching.send_immediate_emails(paul) == 0


def test_a_member_who_wants_it_straight_away_is_emailed(
    need,
    theme,
    paul,
    network_a,
    as_tenant,
    monkeypatch,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    monkeypatch.setattr(tasks.send_immediate_emails, "delay", tasks.send_immediate_emails)
    paul.notification_mode = Member.Digest.IMMEDIATE
    paul.save()
    registration.save_answer(member=paul, theme=theme, can_offer=True)

    with as_tenant(network_a), django_capture_on_commit_callbacks(execute=True):
        matching.notify_matches(need)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [paul.user.email]
    assert "Monter une étagère" in mailoutbox[0].body
    assert "http://reseau-a." in mailoutbox[0].body
    assert not Notification.objects.filter(member=paul, emailed_at__isnull=True).exists()
    # Sent once: a second run (retry) has nothing left to send.
    with as_tenant(network_a):
        assert matching.send_immediate_emails(paul) == 0
    assert len(mailoutbox) == 1


def _notify(member, n):
    matching.notify(
        member, kind=Notification.Kind.MESSAGE, text=f"Nouvelle {n}", dedupe_key=f"test:{n}"
    )


def test_the_daily_digest_gathers_everything_in_one_email(paul, network_a, as_tenant, mailoutbox):
    for n in range(3):
        _notify(paul, n)

    with as_tenant(network_a):
        assert matching.send_daily_digest(paul) == 3
        assert len(mailoutbox) == 1
        body = mailoutbox[0].body
        assert all(f"Nouvelle {n}" in body for n in range(3))

        # Idempotent: a second run the same day sends nothing...
        assert matching.send_daily_digest(paul) == 0
        assert len(mailoutbox) == 1

        # ...and the next digest carries only what is new.
        _notify(paul, 3)
        assert matching.send_daily_digest(paul) == 1
    assert "Nouvelle 3" in mailoutbox[1].body
    assert "Nouvelle 0" not in mailoutbox[1].body


def test_the_digest_task_covers_every_member_due_one(
    paul, zoe, rose, network_a, as_tenant, mailoutbox
):
    _notify(paul, 1)
    _notify(zoe, 1)
    _notify(zoe, 2)
    rose.notification_mode = Member.Digest.NEVER
    rose.save()
    _notify(rose, 1)

    with as_tenant(network_a):
        assert tasks.send_daily_digests() == 3
        assert tasks.send_daily_digests() == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted([paul.user.email, zoe.user.email])


def test_members_due_a_digest_are_those_with_something_new(paul, zoe, rose):
    _notify(paul, 1)
    _notify(paul, 2)
    Notification.objects.create(
        member=zoe, kind="message", text="Envoyée", dedupe_key="old", emailed_at=timezone.now()
    )
    offline = MemberFactory(without_email=True)
    _notify(offline, 1)
    # rose has no notification at all: not due either.
    assert list(matching.members_due_a_digest()) == [paul]


def test_no_digest_for_a_member_without_email(in_a, mailoutbox):
    offline = MemberFactory(without_email=True)
    _notify(offline, 1)
    assert matching.send_daily_digest(offline) == 0
    assert mailoutbox == []
    # Still there to read on the site (or on the sponsor's printed sheet).
    assert offline.notifications.count() == 1


def test_mark_read(paul, zoe):
    for n in range(3):
        _notify(paul, n)
    _notify(zoe, 9)
    first, *_others = Notification.objects.filter(member=paul).order_by("pk")
    zoes = Notification.objects.get(member=zoe)

    # Only one's own notifications, whatever ids are sent.
    assert matching.mark_read(member=paul, ids=[first.pk, zoes.pk]) == 1
    assert Notification.objects.filter(member=paul, read_at__isnull=True).count() == 2
    assert matching.mark_read(member=paul) == 2
    assert matching.mark_read(member=paul) == 0
    zoes.refresh_from_db()
    assert zoes.read_at is None
