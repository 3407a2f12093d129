"""Reusable reads, with their joins applied once (constant query counts on lists)."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Connection, Exchange, Member, Notification, Post, Theme
from .search import query_for


def active_themes():
    return Theme.objects.filter(retired_at__isnull=True)


def posts_for_listing():
    return Post.objects.select_related("theme", "author", "acted_by")


def browse_posts(*, theme=None, kind=None, status=None, q=None):
    """Published, visible posts, filtered; with `q`, French full-text search (accents
    ignored) ranked by relevance."""
    posts = posts_for_listing().filter(is_hidden=False).exclude(status=Post.Status.DRAFT)
    if status:
        posts = posts.filter(status=status)
    else:
        posts = posts.filter(status__in=[Post.Status.OPEN, Post.Status.IN_PROGRESS])
    if theme:
        posts = posts.filter(theme_id=theme)
    if kind:
        posts = posts.filter(kind=kind)
    if q:
        query = query_for(q)
        posts = (
            posts.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-published_at")
        )
    return posts


def drafts_of(member: Member):
    return posts_for_listing().filter(author=member, status=Post.Status.DRAFT)


def connections_of(member: Member):
    return (
        Connection.objects.filter(Q(requester=member) | Q(post__author=member))
        .select_related("post__theme", "post__author", "requester", "exchange")
        .order_by("-created_at")
    )


def exchanges_of(member: Member):
    """Given and received, for the member's page (reciprocity made visible)."""
    base = Exchange.objects.select_related("theme", "giver", "receiver", "connection__post")
    return {
        "given": list(base.filter(giver=member)),
        "received": list(base.filter(receiver=member)),
    }


def exchanges_by_theme():
    return (
        Exchange.objects.values("theme__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "theme__name")
    )


def notifications_of(member: Member):
    return Notification.objects.filter(member=member).select_related("post", "connection")


def directory():
    return Member.objects.filter(show_in_directory=True, anonymised_at__isnull=True).select_related(
        "user"
    )


def sheet_for(member: Member):
    """For an accompanied member's paper sheet: open posts matching their interests —
    offers for what they need, needs for what they can offer, both where interested."""
    answers = list(member.answers.all())
    need_themes = [a.theme_id for a in answers if a.would_need or a.interested]
    offer_themes = [a.theme_id for a in answers if a.can_offer or a.interested]
    own_needs = member.posts.filter(kind=Post.Kind.NEED, status=Post.Status.OPEN).values("theme_id")
    own_offers = (
        member.posts.exclude(kind=Post.Kind.NEED).filter(status=Post.Status.OPEN).values("theme_id")
    )
    visible = browse_posts().exclude(author=member)
    return {
        "offers": list(
            visible.exclude(kind=Post.Kind.NEED).filter(
                Q(theme_id__in=need_themes) | Q(theme_id__in=own_needs)
            )
        ),
        "needs": list(
            visible.filter(kind=Post.Kind.NEED).filter(
                Q(theme_id__in=offer_themes) | Q(theme_id__in=own_offers)
            )
        ),
    }


def pending_reports():
    from .models import Report

    return Report.objects.filter(resolved_at__isnull=True).select_related(
        "post__author", "message__author", "reporter"
    )


def moderation_history():
    """The audit trail: every hide and restore, newest first."""
    from .models import ModerationEvent

    return ModerationEvent.objects.select_related("post", "message__author", "moderator")


def inactive_members(*, now=None):
    """RGPD retention: members with no login for `COOPERE_INACTIVE_MONTHS` (never logged in:
    since their activation, or their registration), oldest first, for the Groupe
    d'Animation to contact. Accompanied members are left out (their sponsor acts for them
    and they may never log in). Nothing is ever deleted from this list."""
    cutoff = (now or timezone.now()) - relativedelta(months=settings.COOPERE_INACTIVE_MONTHS)
    return (
        Member.objects.filter(anonymised_at__isnull=True, sponsor__isnull=True)
        .annotate(last_seen=Coalesce("user__last_login", "activated_at", "registered_at"))
        .filter(last_seen__lt=cutoff)
        .select_related("user")
        .order_by("last_seen", "pk")
    )
