from itertools import groupby

from .models import Network, Region


def live_networks():
    return Network.objects.filter(state=Network.State.LIVE).select_related("region")


def networks_by_region() -> list[tuple[Region, list[Network]]]:
    """Live networks grouped by region, for the public directory: one query."""
    networks = live_networks().order_by("region__name", "name")
    return [(region, list(group)) for region, group in groupby(networks, key=lambda n: n.region)]


def network_counts_by_phase() -> dict[str, int]:
    from django.db.models import Count

    rows = live_networks().values("phase").annotate(n=Count("pk"))
    counts = {phase: 0 for phase in Network.Phase.values}
    counts.update({row["phase"]: row["n"] for row in rows})
    return counts
