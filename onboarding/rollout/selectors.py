"""Reads of the roll-out, from public rows only: the registry (Network, Region) and the
monthly snapshots each network writes of itself (NetworkSnapshot). A region's or the
nation's figures take a fixed number of queries, whatever the number of networks."""

from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coopere.accounts.models import User
from coopere.accounts.selectors import coaches
from onboarding.coaching.models import HealthAlert
from tenants.models import Network, NetworkSnapshot, Region

# Exchanges are a monthly flow: the figures add up the last twelve months, this one included.
EXCHANGE_MONTHS = 12
PHASES = Network.Phase.choices


@dataclass
class Figures:
    """One region's (or the nation's) figures. Stocks (households, residents) are each
    network's latest snapshot; exchanges add up the months since `since`."""

    networks: int = 0
    by_phase: dict = field(default_factory=dict)  # phase code -> live networks
    households_in_perimeter: int = 0
    households_reached: int = 0
    residents: int = 0
    accompanied: int = 0
    exchanges: int = 0
    reporting: int = 0  # networks with at least one snapshot

    def add(self, other: "Figures") -> None:
        for name in (
            "networks",
            "households_in_perimeter",
            "households_reached",
            "residents",
            "accompanied",
            "exchanges",
            "reporting",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for code, n in other.by_phase.items():
            self.by_phase[code] = self.by_phase.get(code, 0) + n

    @property
    def phases(self) -> list[tuple[str, str, int]]:
        return [(code, label, self.by_phase.get(code, 0)) for code, label in PHASES]

    @property
    def reach_percent(self) -> int | None:
        if not self.households_in_perimeter:
            return None
        return round(100 * self.households_reached / self.households_in_perimeter)


def exchanges_since():
    """The first day of the oldest month the exchange figures count."""
    return timezone.localdate().replace(day=1) - relativedelta(months=EXCHANGE_MONTHS - 1)


def figures_by_region(region: Region | None = None) -> dict[int | None, Figures]:
    """Figures per region id (None: live networks without a region), three queries: the
    networks by phase, the sums of their latest snapshots, the exchanges of the period."""
    live = Network.objects.filter(state=Network.State.LIVE)
    snapshots = NetworkSnapshot.objects.filter(network__state=Network.State.LIVE)
    if region is not None:
        live = live.filter(region=region)
        snapshots = snapshots.filter(network__region=region)
    figures: dict[int | None, Figures] = {}
    for region_id, phase, n in (
        live.order_by().values_list("region_id", "phase").annotate(n=Count("pk"))
    ):
        row = figures.setdefault(region_id, Figures())
        row.by_phase[phase] = n
        row.networks += n
    # Each network's latest month (DISTINCT ON, along the (network, month) unique index).
    latest = (
        NetworkSnapshot.objects.order_by("network_id", "-month").distinct("network_id").values("pk")
    )
    stocks = (
        snapshots.filter(pk__in=Subquery(latest))
        .order_by()
        .values_list("network__region_id")
        .annotate(
            Sum("households_in_perimeter"),
            Sum("households_reached"),
            Sum("residents"),
            Sum("accompanied"),
            Count("pk"),
        )
    )
    for region_id, perimeter, reached, residents, accompanied, reporting in stocks:
        row = figures.setdefault(region_id, Figures())
        row.households_in_perimeter = perimeter or 0
        row.households_reached = reached or 0
        row.residents = residents or 0
        row.accompanied = accompanied or 0
        row.reporting = reporting
    flows = (
        snapshots.filter(month__gte=exchanges_since())
        .order_by()
        .values_list("network__region_id")
        .annotate(Sum("exchanges_done"))
    )
    for region_id, exchanges in flows:
        figures.setdefault(region_id, Figures()).exchanges = exchanges or 0
    return figures


def regions_for_console() -> list[Region]:
    """Every region with its coaches (two queries)."""
    return list(
        Region.objects.prefetch_related(
            Prefetch("coaches", queryset=User.objects.order_by("first_name", "email"))
        ).order_by("name")
    )


def region_by_code(code: str) -> Region:
    return get_object_or_404(Region, code=code)


@dataclass
class National:
    total: Figures
    rows: list[tuple[Region | None, Figures]]  # each region, then networks without one


def national() -> National:
    """The nation's totals and each region's share: four queries."""
    by_region = figures_by_region()
    total = Figures()
    rows = []
    for region in Region.objects.order_by("name"):
        figures = by_region.get(region.pk, Figures())
        rows.append((region, figures))
        total.add(figures)
    if None in by_region:
        rows.append((None, by_region[None]))
        total.add(by_region[None])
    return National(total=total, rows=rows)


# --- Coaches' load -------------------------------------------------------------------


@dataclass
class CoachLoad:
    coach: User | None  # None: the networks nobody follows
    by_phase: dict = field(default_factory=dict)
    networks: int = 0
    open_alerts: int = 0

    @property
    def phases(self) -> list[tuple[str, str, int]]:
        return [(code, label, self.by_phase.get(code, 0)) for code, label in PHASES]


def coach_loads() -> list[CoachLoad]:
    """Every active coach with the live networks they follow by phase and those networks'
    open alerts, then a row for the networks without a coach: four queries."""
    loads = {
        coach.pk: CoachLoad(coach)
        for coach in coaches().prefetch_related(
            Prefetch("coached_regions", queryset=Region.objects.order_by("name"))
        )
    }
    nobody = CoachLoad(None)
    live = Network.objects.filter(state=Network.State.LIVE)
    for coach_id, phase, n in (
        live.order_by().values_list("coach_id", "phase").annotate(n=Count("pk"))
    ):
        load = loads.get(coach_id, nobody) if coach_id else nobody
        load.by_phase[phase] = load.by_phase.get(phase, 0) + n
        load.networks += n
    alerts = (
        HealthAlert.objects.filter(closed_at__isnull=True, network__state=Network.State.LIVE)
        .order_by()
        .values_list("network__coach_id")
        .annotate(n=Count("pk"))
    )
    for coach_id, n in alerts:
        load = loads.get(coach_id, nobody) if coach_id else nobody
        load.open_alerts += n
    return [*loads.values(), nobody]


def coach_by_pk(pk: int) -> User:
    """An active coach, or 404 (partner and resident accounts are not coaches)."""
    return get_object_or_404(
        coaches().prefetch_related(
            Prefetch("coached_regions", queryset=Region.objects.order_by("name"))
        ),
        pk=pk,
    )


def networks_of_coach(coach: User) -> list[Network]:
    """The live networks a coach follows, by phase then name, with their open alerts."""
    from django.db.models import Case, When

    alerts = (
        HealthAlert.objects.filter(network=OuterRef("pk"), closed_at__isnull=True)
        .order_by()
        .values("network")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rank = Case(
        *(When(phase=code, then=Value(i)) for i, (code, _l) in enumerate(PHASES)),
        output_field=IntegerField(),
    )
    return list(
        Network.objects.filter(state=Network.State.LIVE, coach=coach)
        .select_related("region")
        .only("name", "slug", "phase", "member_count", "region__name", "coach_id")
        .annotate(open_alerts=Coalesce(Subquery(alerts, output_field=IntegerField()), Value(0)))
        .order_by(rank, "name", "pk")
    )
