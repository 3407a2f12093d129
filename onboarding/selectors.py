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


def indicator_figure(indicator: str, snapshots: list[NetworkSnapshot]) -> int:
    """The figure an automatic item is judged on; `snapshots` are newest first."""
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
        .only("month", *Indicator.values)
    )
    by_phase: dict[str, list[ItemState]] = {code: [] for code in Network.Phase.values}
    for item in items:
        if item.kind == ChecklistItem.Kind.AUTOMATIC:
            figure = indicator_figure(item.indicator, snapshots)
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


def transitions_of(network: Network) -> list[PhaseTransition]:
    return list(PhaseTransition.objects.select_related("by").filter(network=network).order_by("at"))


def catalogue_items(version: ChecklistVersion) -> list[dict]:
    """A version's items as the dicts `services.publish_checklist_version` takes."""
    return list(
        version.items.order_by("phase", "position", "pk").values(
            "phase", "key", "label", "kind", "indicator", "threshold", "required"
        )
    )
