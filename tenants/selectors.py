from itertools import groupby

from .models import Network, Region


def live_networks():
    return Network.objects.filter(state=Network.State.LIVE).select_related("region")


def networks_by_region() -> list[tuple[Region, list[Network]]]:
    """Live networks grouped by region, for the public directory: one query."""
    networks = live_networks().order_by("region__name", "name")
    return [(region, list(group)) for region, group in groupby(networks, key=lambda n: n.region)]
