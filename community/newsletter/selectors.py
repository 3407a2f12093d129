"""Reads of the newsletter: who gets it by email, who gets it on paper, the archive."""

from datetime import datetime

from django.db.models import Q

from exchange.models import Member

from .models import Newsletter


def email_recipients():
    """Members to email: registered, not left, an email address, not opted out."""
    return (
        Member.objects.filter(
            anonymised_at__isnull=True,
            user__is_active=True,
            user__email__isnull=False,
            newsletter_opt_out__isnull=True,
        )
        .exclude(user__email="")
        .select_related("user")
    )


def paper_recipients() -> dict:
    """Members without email, for the printed edition: under their sponsor, who hands it
    to them (`by_sponsor`: [(sponsor, [members])]), or for the group to bring it
    (`without_sponsor`). Two lists from one query."""
    members = (
        Member.objects.filter(anonymised_at__isnull=True, user__is_active=True)
        .filter(Q(user__email__isnull=True) | Q(user__email=""))
        .select_related("sponsor")
        .order_by("display_name", "pk")
    )
    by_sponsor: dict[Member, list[Member]] = {}
    without_sponsor = []
    for member in members:
        if member.sponsor and member.sponsor.anonymised_at is None:
            by_sponsor.setdefault(member.sponsor, []).append(member)
        else:
            without_sponsor.append(member)
    return {
        "by_sponsor": sorted(by_sponsor.items(), key=lambda item: item[0].display_name),
        "without_sponsor": without_sponsor,
        "count": len(members),
    }


def archive():
    """Issues sent, newest first (for every member)."""
    return Newsletter.objects.filter(status=Newsletter.Status.SENT).order_by("-sent_at", "-pk")


def all_issues():
    """Every issue, drafts first (for the group)."""
    return Newsletter.objects.select_related("created_by").order_by("-created_at", "-pk")


def impact_counts(start: datetime, end: datetime) -> dict:
    """Issues whose sending finished in [start, end)."""
    sent = Newsletter.objects.filter(
        status=Newsletter.Status.SENT, sent_at__gte=start, sent_at__lt=end
    )
    return {"newsletters_sent": sent.count()}
