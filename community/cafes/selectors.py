"""Reusable reads about cafés, with their joins applied once."""

from datetime import datetime, timedelta

from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Prefetch, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from exchange.models import Member

from .models import Attendance, Cafe, Rsvp

# How far back the subscribable feed goes: enough for a calendar to keep recent history.
FEED_HISTORY = timedelta(days=180)


def _with_end(cafes):
    return cafes.annotate(
        ends_at_db=ExpressionWrapper(
            F("starts_at") + timedelta(minutes=1) * F("duration_minutes"),
            output_field=DateTimeField(),
        )
    )


def _for_listing(cafes):
    return cafes.prefetch_related(
        Prefetch("hosts", queryset=Member.objects.only("pk", "display_name"))
    ).annotate(rsvp_count=Count("rsvps", distinct=True))


def upcoming_cafes(*, include_cancelled: bool = False):
    """Cafés not yet over (one under way still shows: it is where to go now), soonest first."""
    cafes = _with_end(Cafe.objects.exclude(status=Cafe.Status.HELD)).filter(
        ends_at_db__gt=timezone.now()
    )
    if not include_cancelled:
        cafes = cafes.exclude(status=Cafe.Status.CANCELLED)
    return _for_listing(cafes).order_by("starts_at", "pk")


def next_cafe() -> Cafe | None:
    """For the network's home: one query, no counts nor hosts."""
    return (
        _with_end(Cafe.objects.filter(status=Cafe.Status.SCHEDULED))
        .filter(ends_at_db__gt=timezone.now())
        .order_by("starts_at", "pk")
        .first()
    )


def past_cafes():
    """Cafés already started, not cancelled, most recent first (to count and report)."""
    return _for_listing(
        Cafe.objects.filter(starts_at__lte=timezone.now()).exclude(status=Cafe.Status.CANCELLED)
    ).order_by("-starts_at", "-pk")


def feed_cafes():
    """What the public calendar feed shows: recent and future cafés, cancelled ones too
    (a subscribed calendar must learn of the cancellation)."""
    return Cafe.objects.filter(starts_at__gte=timezone.now() - FEED_HISTORY).order_by(
        "starts_at", "pk"
    )


def rsvp_ids_of(member: Member, cafes) -> set[int]:
    return set(
        Rsvp.objects.filter(member=member, cafe__in=[c.pk for c in cafes]).values_list(
            "cafe_id", flat=True
        )
    )


def rsvps_of(cafe: Cafe):
    return cafe.rsvps.select_related("member", "acted_by").order_by("member__display_name")


def attendance_sheet(cafe: Cafe) -> dict:
    """For the at-the-café screen: who said they would come first, then everyone else."""
    present = dict(cafe.attendances.values_list("member_id", "is_newcomer"))
    rsvped = set(cafe.rsvps.values_list("member_id", flat=True))
    everyone = list(
        Member.objects.filter(anonymised_at__isnull=True).only("pk", "display_name", "address")
    )
    for member in everyone:
        member.present = member.pk in present
        member.newcomer = present.get(member.pk, False)
    return {
        "expected": [m for m in everyone if m.pk in rsvped],
        "others": [m for m in everyone if m.pk not in rsvped and not m.newcomer],
        "newcomers": [m for m in everyone if m.newcomer],
        "ticked": len(present),
    }


def impact_counts(start: datetime, end: datetime) -> dict:
    """Cafés held in [start, end): how many, how many people came, newcomers welcomed."""
    held = Cafe.objects.filter(status=Cafe.Status.HELD, starts_at__gte=start, starts_at__lt=end)
    totals = held.aggregate(
        cafes_held=Count("pk"),
        attendance=Coalesce(Sum(F("headcount_members") + F("headcount_non_members")), 0),
    )
    totals["newcomers"] = Attendance.objects.filter(
        cafe__in=held.values("pk"), is_newcomer=True
    ).count()
    return totals


def cafes_scheduled(end: datetime) -> int:
    """Cafés still to come (scheduled, not cancelled, starting after now), as seen by a
    snapshot of a period ending at `end`: 0 for a past period (a launch condition)."""
    now = timezone.now()
    if end <= now:
        return 0
    return Cafe.objects.filter(status=Cafe.Status.SCHEDULED, starts_at__gt=now).count()
