"""Reading a network's checklist: which items are done, how, and what is still missing.

Automatic items are judged on tenants.NetworkSnapshot rows only (written by each network's
own task), never by reaching into a network's schema.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from tenants.models import Network, NetworkSnapshot

from .models import ChecklistItem, ChecklistVersion, ItemCheck, NetworkChecklist, PhaseTransition

# The method: a Groupe d'Animation of at least 6 is the target; 4 is the floor we accept.
GROUP_SIZE_FLOOR = 4
GROUP_SIZE_DEFAULT = 6
# Cafés are judged on the last three monthly snapshots.
CAFE_MONTHS = 3

Indicator = ChecklistItem.Indicator
# Indicators read from NetworkSnapshot (platform_opened is read from the Network row).
SNAPSHOT_INDICATORS = [v for v in Indicator.values if v != Indicator.PLATFORM_OPENED]


def min_group_size() -> int:
    return max(
        GROUP_SIZE_FLOOR, int(getattr(settings, "COOPERE_MIN_GROUP_SIZE", GROUP_SIZE_DEFAULT))
    )


def item_threshold(item: ChecklistItem) -> int | None:
    if item.kind != ChecklistItem.Kind.AUTOMATIC:
        return None
    if item.indicator == Indicator.GROUP_SIZE:
        return max(min_group_size(), item.threshold or 0)
    return item.threshold if item.threshold is not None else 1


def indicator_figure(
    indicator: str, snapshots: list[NetworkSnapshot], network: Network | None = None
) -> int:
    """The figure an automatic item is judged on; `snapshots` are newest first."""
    if indicator == Indicator.PLATFORM_OPENED:
        return int(network is not None and network.platform_opened_at is not None)
    if not snapshots:
        return 0
    if indicator == Indicator.CAFES_HELD:
        return sum(s.cafes_held for s in snapshots[:CAFE_MONTHS])
    if indicator == Indicator.NEWSLETTERS_SENT:
        # "At least one newsletter sent": the best month ever.
        return max(s.newsletters_sent for s in snapshots)
    # Stocks (group size, residents): as of the latest snapshot.
    return getattr(snapshots[0], indicator)


@dataclass(frozen=True)
class ItemState:
    item: ChecklistItem
    done: bool
    check: ItemCheck | None = None  # manual items: who, when, note
    figure: int | None = None  # automatic items: the figure judged
    threshold: int | None = None

    @property
    def automatic(self) -> bool:
        return self.item.kind == ChecklistItem.Kind.AUTOMATIC


@dataclass(frozen=True)
class PhaseChecklist:
    phase: str
    label: str
    items: list[ItemState] = field(default_factory=list)

    @property
    def missing_required(self) -> list[ItemState]:
        return [s for s in self.items if s.item.required and not s.done]

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.items if s.done)


@dataclass(frozen=True)
class Checklist:
    network: Network
    version: ChecklistVersion | None
    phases: list[PhaseChecklist]

    def phase(self, code: str) -> PhaseChecklist:
        return next(p for p in self.phases if p.phase == code)


def version_for(network: Network) -> ChecklistVersion | None:
    """The network's own version, or the latest one if it has not started yet (no write)."""
    chosen = NetworkChecklist.objects.select_related("version").filter(network=network).first()
    if chosen is not None:
        return chosen.version
    return ChecklistVersion.objects.order_by("-number").first()


def checklist_for(network: Network) -> Checklist:
    """Every item of the network's version, by phase, with its state: four queries."""
    version = version_for(network)
    items = list(version.items.order_by("phase", "position", "pk")) if version else []
    checks = {
        c.item_id: c
        for c in ItemCheck.objects.select_related("done_by").filter(
            network=network, item__version=version
        )
    }
    snapshots = list(
        NetworkSnapshot.objects.filter(network=network)
        .order_by("-month")
        .only("month", *SNAPSHOT_INDICATORS)
    )
    by_phase: dict[str, list[ItemState]] = {code: [] for code in Network.Phase.values}
    for item in items:
        if item.kind == ChecklistItem.Kind.AUTOMATIC:
            figure = indicator_figure(item.indicator, snapshots, network)
            threshold = item_threshold(item)
            state = ItemState(item, figure >= threshold, figure=figure, threshold=threshold)
        else:
            check = checks.get(item.pk)
            state = ItemState(item, check is not None, check=check)
        by_phase[item.phase].append(state)
    phases = [PhaseChecklist(code, label, by_phase[code]) for code, label in Network.Phase.choices]
    return Checklist(network, version, phases)


def entered_phase_at(network: Network, phase: str):
    """When the network last entered `phase`; opened directly in it: when it was opened."""
    transition = (
        PhaseTransition.objects.filter(network=network, to_phase=phase).order_by("-at").first()
    )
    if transition is not None:
        return transition.at
    return network.opened_at or network.created_at or timezone.now()


def unticks_of(network: Network) -> list:
    """The traces unticked items left, newest first (who, when, why, what the tick said)."""
    from .models import ItemUntick

    return list(
        ItemUntick.objects.filter(network=network)
        .select_related("item", "unticked_by", "was_done_by")
        .order_by("-unticked_at", "-pk")
    )


def transitions_of(network: Network) -> list[PhaseTransition]:
    return list(PhaseTransition.objects.select_related("by").filter(network=network).order_by("at"))


def catalogue_items(version: ChecklistVersion) -> list[dict]:
    """A version's items as the dicts `services.publish_checklist_version` takes."""
    return list(
        version.items.order_by("phase", "position", "pk").values(
            "phase", "key", "label", "kind", "indicator", "threshold", "required"
        )
    )


# --- The console ---------------------------------------------------------------------

# How many monthly snapshots the network page shows.
DETAIL_SNAPSHOTS = 6


def latest_snapshot(network: Network) -> NetworkSnapshot | None:
    return NetworkSnapshot.objects.filter(network=network).order_by("-month", "-pk").first()


def platform_reasons(network: Network) -> list[str]:
    """What the latest snapshot says is missing to open the residents' platform (French);
    empty when both launch conditions are met. Reads public snapshots only."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    snapshot = latest_snapshot(network)
    reasons = []
    if snapshot is None:
        reasons.append(
            _("No indicators have been recorded for this network yet: refresh the indicators.")
        )
    group_size = snapshot.group_size if snapshot else 0
    needed = min_group_size()
    if group_size < needed:
        reasons.append(
            ngettext(
                "The Groupe d'Animation has %(count)d member; it needs at least %(min)d.",
                "The Groupe d'Animation has %(count)d members; it needs at least %(min)d.",
                group_size,
            )
            % {"count": group_size, "min": needed}
        )
    if not (snapshot and snapshot.cafes_scheduled >= 1):
        reasons.append(_("No café-rencontre is scheduled."))
    return reasons


def recent_snapshots(network: Network, months: int = DETAIL_SNAPSHOTS) -> list[NetworkSnapshot]:
    return list(NetworkSnapshot.objects.filter(network=network).order_by("-month")[:months])


def network_for_console(slug: str) -> Network:
    """A live network by its address, with what its console page shows; 404 otherwise."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Network.objects.select_related("region", "coach"), state=Network.State.LIVE, slug=slug
    )


@dataclass(frozen=True)
class _Figures:
    """The snapshot figures indicator_figure reads, without building model instances."""

    group_size: int
    cafes_held: int
    residents: int


@dataclass
class PipelineRow:
    network: Network
    done: int
    total: int
    days_in_phase: int
    open_alerts: int


# The pipeline shows this many networks a page: at 2,000 networks, one long page took half
# a second to render and longer to read; the phase counts above it say where the rest are.
PIPELINE_PAGE_SIZE = 50


@dataclass
class Pipeline:
    phases: list[tuple[str, str, list[PipelineRow]]]  # (code, label, rows of this page)
    count: int  # every network the filters keep, on all pages
    phase_counts: list[tuple[str, str, int]] = field(default_factory=list)
    page: int = 1
    pages: int = 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * PIPELINE_PAGE_SIZE + 1 if self.count else 0

    @property
    def last_index(self) -> int:
        return min(self.page * PIPELINE_PAGE_SIZE, self.count)


def _filtered_live_networks(*, region, coach, phase, health, q):
    """Live networks kept by the pipeline's filters (a queryset, not evaluated)."""
    from django.db.models import Exists, OuterRef, Q

    from onboarding.coaching.models import HealthAlert

    networks = Network.objects.filter(state=Network.State.LIVE)
    if region:
        networks = networks.filter(region__code=region)
    if coach == "none":
        networks = networks.filter(coach__isnull=True)
    elif coach.isdigit():
        networks = networks.filter(coach_id=int(coach))
    if phase in Network.Phase.values:
        networks = networks.filter(phase=phase)
    if health in ("alerts", "ok"):
        open_alert = Exists(
            HealthAlert.objects.filter(network=OuterRef("pk"), closed_at__isnull=True)
        )
        networks = networks.filter(open_alert if health == "alerts" else ~open_alert)
    text = q.strip()
    if text:
        networks = networks.filter(Q(name__icontains=text) | Q(slug__icontains=text))
    return networks


def pipeline(
    *,
    region: str = "",
    coach: str = "",
    phase: str = "",
    health: str = "",
    q: str = "",
    page: int = 1,
) -> Pipeline:
    """Live networks by phase (amorçage first, then by name), one page of them, with the
    figures a coach scans, in a fixed number of queries whatever the number of networks:
    the counts by phase, the latest version, the page's networks (annotated), their last
    three snapshots and the items of their versions (five).

    coach: an operator's id, or "none" for networks without a coach; health: "alerts"
    (with an open health alert) or "ok" (without); q: part of the name or the address;
    page: from 1, brought back within range.
    """
    from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Subquery, Value, When
    from django.db.models.expressions import Window
    from django.db.models.functions import Coalesce, RowNumber

    from onboarding.coaching.models import HealthAlert

    filtered = _filtered_live_networks(region=region, coach=coach, phase=phase, health=health, q=q)
    per_phase = dict(filtered.order_by().values_list("phase").annotate(n=Count("pk")))
    phase_counts = [(code, label, per_phase.get(code, 0)) for code, label in Network.Phase.choices]
    count = sum(per_phase.values())
    pages = max(1, -(-count // PIPELINE_PAGE_SIZE))
    page = min(max(1, page), pages)

    latest_version_id = (
        ChecklistVersion.objects.order_by("-number").values_list("pk", flat=True).first()
    )
    alerts = (
        HealthAlert.objects.filter(network=OuterRef("pk"), closed_at__isnull=True)
        .order_by()
        .values("network")
        .annotate(n=Count("pk"))
        .values("n")
    )
    entered = (
        PhaseTransition.objects.filter(network=OuterRef("pk"), to_phase=OuterRef("phase"))
        .order_by("-at")
        .values("at")[:1]
    )
    checked = (
        ItemCheck.objects.filter(network=OuterRef("pk"), item__phase=OuterRef("phase"))
        .order_by()
        .values("network")
        .annotate(n=Count("pk"))
        .values("n")
    )
    best_newsletter = (
        NetworkSnapshot.objects.filter(network=OuterRef("pk"))
        .order_by()
        .values("network")
        .annotate(n=Max("newsletters_sent"))
        .values("n")
    )
    phase_rank = Case(
        *(When(phase=code, then=Value(i)) for i, code in enumerate(Network.Phase.values)),
        output_field=IntegerField(),
    )
    offset = (page - 1) * PIPELINE_PAGE_SIZE
    order = (phase_rank, "name", "pk")
    # The page's ids first, in a subquery on the registry alone (a top-N sort of narrow
    # rows): the joins and per-network subqueries below then run for 50 rows, not 2,000.
    page_ids = filtered.order_by(*order).values("pk")[offset : offset + PIPELINE_PAGE_SIZE]
    networks = list(
        Network.objects.filter(pk__in=Subquery(page_ids))
        .select_related("region", "coach")
        .only(
            "name",
            "slug",
            "phase",
            "member_count",
            "platform_opened_at",
            "region__name",
            "coach__first_name",
            "coach__last_name",
            "coach__email",
        )
        .annotate(
            open_alerts=Coalesce(Subquery(alerts, output_field=IntegerField()), Value(0)),
            entered_at=Coalesce(Subquery(entered), F("opened_at"), F("created_at")),
            manual_done=Coalesce(Subquery(checked, output_field=IntegerField()), Value(0)),
            best_newsletter=Coalesce(
                Subquery(best_newsletter, output_field=IntegerField()), Value(0)
            ),
            version_id=Coalesce(
                Subquery(
                    NetworkChecklist.objects.filter(network=OuterRef("pk")).values("version")[:1]
                ),
                Value(latest_version_id),
                output_field=IntegerField(),
            ),
        )
        .order_by(*order)
    )

    # Each network's last CAFE_MONTHS snapshots, newest first, as light rows (not models).
    recent: dict[int, list[_Figures]] = {n.pk: [] for n in networks}
    if networks:
        ranked = (
            NetworkSnapshot.objects.filter(network_id__in=list(recent))
            .annotate(
                rank=Window(RowNumber(), partition_by=F("network_id"), order_by=F("month").desc())
            )
            .filter(rank__lte=CAFE_MONTHS)
            .order_by("network_id", "-month")
            .values_list("network_id", "group_size", "cafes_held", "residents")
        )
        for network_id, group_size, cafes_held, residents in ranked:
            recent[network_id].append(_Figures(group_size, cafes_held, residents))
    # Per (version, phase): how many items, and the automatic ones with their thresholds.
    totals: dict[tuple[int, str], int] = {}
    automatic: dict[tuple[int, str], list[tuple[str, int]]] = {}
    versions = {n.version_id for n in networks if n.version_id}
    for item in ChecklistItem.objects.filter(version_id__in=versions).only(
        "version_id", "phase", "kind", "indicator", "threshold"
    ):
        key = (item.version_id, item.phase)
        totals[key] = totals.get(key, 0) + 1
        if item.kind == ChecklistItem.Kind.AUTOMATIC:
            automatic.setdefault(key, []).append((item.indicator, item_threshold(item)))

    now = timezone.now()
    by_phase: dict[str, list[PipelineRow]] = {code: [] for code in Network.Phase.values}
    for network in networks:
        key = (network.version_id, network.phase)
        done = network.manual_done
        for indicator, threshold in automatic.get(key, ()):
            if indicator == Indicator.NEWSLETTERS_SENT:
                figure = network.best_newsletter
            else:
                figure = indicator_figure(indicator, recent[network.pk], network)
            done += figure >= threshold
        by_phase[network.phase].append(
            PipelineRow(
                network=network,
                done=done,
                total=totals.get(key, 0),
                days_in_phase=max(0, (now - network.entered_at).days),
                open_alerts=network.open_alerts,
            )
        )
    return Pipeline(
        phases=[(code, label, by_phase[code]) for code, label in Network.Phase.choices],
        count=count,
        phase_counts=phase_counts,
        page=page,
        pages=pages,
    )


def regions_with_counts() -> list:
    """Every region with its number of live networks (`live_count`): one query."""
    from django.db.models import Count, Q

    from tenants.models import Region

    return list(
        Region.objects.annotate(
            live_count=Count("networks", filter=Q(networks__state=Network.State.LIVE))
        ).order_by("name")
    )
