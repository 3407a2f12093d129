"""Matching and notifications, with tranquillité: a daily digest by default, never more
than one email a day unless the member asked for 'straight away'.

Every send is idempotent: a notification carries `emailed_at`, set in the same transaction
that locked it, so a task run twice (retry, duplicate delivery) sends nothing twice.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tenants.hosts import network_url

from ..models import Member, Notification, Post, QuestionnaireAnswer

OPPOSITE = {
    Post.Kind.NEED: [Post.Kind.OFFER, Post.Kind.LOAN, Post.Kind.GIFT],
    Post.Kind.OFFER: [Post.Kind.NEED],
    Post.Kind.LOAN: [Post.Kind.NEED],
    Post.Kind.GIFT: [Post.Kind.NEED],
}


def matching_members(post: Post):
    """Members whose open posts or questionnaire answers fit this post's theme."""
    opposite_posts = Post.objects.filter(
        theme_id=post.theme_id,
        kind__in=OPPOSITE[post.kind],
        status__in=[Post.Status.OPEN, Post.Status.IN_PROGRESS],
        is_hidden=False,
    ).values("author_id")
    if post.kind == Post.Kind.NEED:
        answer_filter = Q(can_offer=True) | Q(interested=True)
    else:
        answer_filter = Q(would_need=True) | Q(interested=True)
    answering = QuestionnaireAnswer.objects.filter(answer_filter, theme_id=post.theme_id).values(
        "member_id"
    )
    return (
        Member.objects.filter(Q(pk__in=opposite_posts) | Q(pk__in=answering))
        .exclude(pk=post.author_id)
        .filter(anonymised_at__isnull=True, user__is_active=True)
    )


def notify(member: Member, *, kind: str, text: str, dedupe_key: str, post=None, connection=None):
    """Record one in-app notification (once per member and key); queue its email if the
    member wants them straight away."""
    try:
        with transaction.atomic():  # a savepoint: a duplicate only undoes itself
            Notification.objects.create(
                member=member,
                kind=kind,
                text=text[:300],
                dedupe_key=dedupe_key,
                post=post,
                connection=connection,
            )
    except IntegrityError:
        return  # already told
    if member.notification_mode == Member.Digest.IMMEDIATE:
        from ..tasks import send_immediate_emails

        transaction.on_commit(lambda: send_immediate_emails.delay(member.pk))


def notify_matches(post: Post) -> int:
    """Tell every matching member about a newly published post. Safe to run twice."""
    if post.status != Post.Status.OPEN or post.is_hidden:
        return 0
    text = (
        _("New need in “%(theme)s”: %(title)s")
        if post.kind == Post.Kind.NEED
        else _("New post in “%(theme)s” (%(kind)s): %(title)s")
    ) % {"theme": post.theme.name, "title": post.title, "kind": post.get_kind_display()}
    members = list(matching_members(post))
    with transaction.atomic():
        for member in members:
            notify(
                member,
                kind=Notification.Kind.MATCH,
                text=text,
                dedupe_key=f"match:{post.pk}",
                post=post,
            )
    return len(members)


def _send(member: Member, notifications: list[Notification], *, subject: str) -> None:
    user = member.user
    if not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "exchange/email/notifications.txt",
            {
                "member": member,
                "notifications": notifications,
                "notifications_url": network_url("/notifications/"),
                "preferences_url": network_url("/mon-profil/"),
            },
        )
        send_mail(subject, body, None, [user.email])


def send_immediate_emails(member: Member) -> int:
    """Email this member's not-yet-emailed notifications now (immediate mode only)."""
    if member.notification_mode != Member.Digest.IMMEDIATE:
        return 0
    return _send_pending(member, subject=_("News from your neighbours"))


def send_daily_digest(member: Member) -> int:
    """One email gathering what is new since the last one (daily mode only)."""
    if member.notification_mode != Member.Digest.DAILY:
        return 0
    return _send_pending(member, subject=_("Your daily news from the network"))


def _send_pending(member: Member, *, subject: str) -> int:
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(member=member, emailed_at__isnull=True)
            .order_by("created_at")
        )
        if not pending or not member.user.email:
            return 0
        _send(member, pending, subject=subject)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
    return len(pending)


def members_due_a_digest():
    # A subquery, not `notifications__emailed_at__isnull=True`: through the reverse join that
    # also matches members with no notification at all. No email address, nothing to send.
    return Member.objects.filter(
        notification_mode=Member.Digest.DAILY,
        anonymised_at__isnull=True,
        user__email__isnull=False,
        pk__in=Notification.objects.filter(emailed_at__isnull=True).values("member_id"),
    )


def mark_read(*, member: Member, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(member=member, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
