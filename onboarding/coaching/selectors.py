"""Reads for the coaching pages, the panel and the digest: public rows only, a fixed number
of queries whatever the number of networks."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from coopere.accounts.models import User
from tenants.models import Network

from .models import CoachingSession, HealthAlert, Training, TrainingInvitation

TARGET_MINUTES_DEFAULT = 120  # the method: about 2 h of coaching a week per network
CLOSED_RECENTLY_DAYS = 30
CLOSED_RECENTLY_MAX = 100


def target_minutes() -> int:
    return int(
        getattr(settings, "COOPERE_COACHING_TARGET_MINUTES_PER_WEEK", TARGET_MINUTES_DEFAULT)
    )


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekFigure:
    """Minutes spent with a network (or by a coach) in one week, against the target."""

    start: date
    minutes: int
    target: int

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def percent(self) -> int:
        """Share of the target reached, for a bar (capped at 100)."""
        if self.target <= 0:
            return 100
        return min(100, round(self.minutes * 100 / self.target))

    @property
    def reached(self) -> bool:
        return self.minutes >= self.target


def minutes_by_week(network_ids, *, first_week: date, last_week: date) -> dict:
    """{(network_id, monday): minutes} for the weeks from first_week to last_week: one query."""
    rows = (
        CoachingSession.objects.filter(
            network_id__in=list(network_ids),
            date__gte=first_week,
            date__lt=last_week + timedelta(days=7),
        )
        .annotate(week=TruncWeek("date"))
        .values("network_id", "week")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by()
    )
    return {(row["network_id"], _as_date(row["week"])): row["minutes"] for row in rows}


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value


def weeks_of(network: Network, *, weeks: int = 8, today: date | None = None) -> list[WeekFigure]:
    """The network's last `weeks` weeks (this one first), minutes vs target: one query."""
    current = week_start(today or timezone.localdate())
    starts = [current - timedelta(weeks=n) for n in range(weeks)]
    minutes = minutes_by_week([network.pk], first_week=starts[-1], last_week=current)
    target = target_minutes()
    return [WeekFigure(s, minutes.get((network.pk, s), 0), target) for s in starts]


def sessions_of(network: Network, *, limit: int | None = None):
    sessions = CoachingSession.objects.filter(network=network).select_related("coach")
    return sessions[:limit] if limit else sessions


@dataclass(frozen=True)
class CoachedNetwork:
    network: Network
    week: WeekFigure
    open_alerts: int


def my_week(coach: User, *, today: date | None = None) -> list[CoachedNetwork]:
    """The coach's live networks with this week's minutes and open alerts: two queries."""
    current = week_start(today or timezone.localdate())
    networks = list(
        Network.objects.filter(coach=coach, state=Network.State.LIVE)
        .select_related("region")
        .annotate(open_alerts=Count("health_alerts", filter=Q(health_alerts__closed_at=None)))
        .order_by("name")
    )
    minutes = minutes_by_week([n.pk for n in networks], first_week=current, last_week=current)
    target = target_minutes()
    return [
        CoachedNetwork(
            n, WeekFigure(current, minutes.get((n.pk, current), 0), target), n.open_alerts
        )
        for n in networks
    ]


def _alerts(*, coach_id=None, kind=None):
    alerts = HealthAlert.objects.select_related(
        "network", "network__coach", "network__region", "acknowledged_by"
    ).filter(network__state=Network.State.LIVE)
    if coach_id:
        alerts = alerts.filter(network__coach_id=coach_id)
    if kind:
        alerts = alerts.filter(kind=kind)
    return alerts


def open_alerts(*, coach_id=None, kind=None):
    return (
        _alerts(coach_id=coach_id, kind=kind)
        .filter(closed_at=None)
        .order_by("network__name", "kind")
    )


def closed_recently(*, coach_id=None, kind=None, days: int = CLOSED_RECENTLY_DAYS):
    since = timezone.now() - timedelta(days=days)
    return (
        _alerts(coach_id=coach_id, kind=kind)
        .filter(closed_at__gte=since)
        .order_by("-closed_at")[:CLOSED_RECENTLY_MAX]
    )


@dataclass(frozen=True)
class Panel:
    network: Network
    alerts: list
    weeks: list[WeekFigure]
    sessions: list
    target: int


def panel_for(network: Network) -> Panel:
    """What the network detail page shows of coaching: three queries."""
    return Panel(
        network=network,
        alerts=list(
            HealthAlert.objects.filter(network=network, closed_at=None)
            .select_related("acknowledged_by")
            .order_by("kind")
        ),
        weeks=weeks_of(network, weeks=4),
        sessions=list(sessions_of(network, limit=3)),
        target=target_minutes(),
    )


def _trainings():
    return Training.objects.annotate(
        invited=Count("invitations"),
        present=Count("invitations", filter=Q(invitations__attended=True)),
    )


def upcoming_trainings():
    return _trainings().filter(starts_at__gte=timezone.now()).order_by("starts_at")


def past_trainings():
    return _trainings().filter(starts_at__lt=timezone.now()).order_by("-starts_at")


def invitations_of(training: Training):
    return TrainingInvitation.objects.filter(training=training).select_related("network")


def invitable_networks():
    return Network.objects.filter(state=Network.State.LIVE).order_by("name")


# --- The weekly digest ---------------------------------------------------------------


def digest_coach_ids() -> list[int]:
    """Operators who follow at least one live network."""
    return list(
        Network.objects.filter(state=Network.State.LIVE, coach__isnull=False)
        .values_list("coach_id", flat=True)
        .distinct()
        .order_by("coach_id")
    )


@dataclass(frozen=True)
class DigestLine:
    network: Network
    week: WeekFigure
    alerts: list


def digest_for(coach: User, week: date) -> list[DigestLine]:
    """Each of the coach's live networks: its open alerts and the week's minutes (3 queries)."""
    networks = list(Network.objects.filter(coach=coach, state=Network.State.LIVE).order_by("name"))
    ids = [n.pk for n in networks]
    minutes = minutes_by_week(ids, first_week=week, last_week=week)
    alerts: dict[int, list] = {pk: [] for pk in ids}
    for alert in HealthAlert.objects.filter(network_id__in=ids, closed_at=None).order_by("kind"):
        alerts[alert.network_id].append(alert)
    target = target_minutes()
    return [
        DigestLine(n, WeekFigure(week, minutes.get((n.pk, week), 0), target), alerts[n.pk])
        for n in networks
    ]
