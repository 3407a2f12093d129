from itertools import groupby

from .models import Network, Region


def live_networks():
    return Network.objects.filter(state=Network.State.LIVE).select_related("region")


def networks_by_region() -> list[tuple[Region, list[Network]]]:
    """Live networks grouped by region, for the public directory: one query."""
    networks = live_networks().order_by("region__name", "name")
    return [(region, list(group)) for region, group in groupby(networks, key=lambda n: n.region)]


# A picker shows at most this many networks found by a search: a name is refined, not scrolled.
SEARCH_LIMIT = 20


def search_live_networks(text: str, *, exclude=(), limit: int = SEARCH_LIMIT) -> list[Network]:
    """Live networks whose name or address contains `text` (any case), by name: one query.
    Empty text finds nothing: pickers never list every network."""
    from django.db.models import Q

    text = (text or "").strip()
    if not text:
        return []
    return list(
        live_networks()
        .filter(Q(name__icontains=text) | Q(slug__icontains=text))
        .exclude(pk__in=list(exclude))
        .only("pk", "name", "slug", "region__name")
        .order_by("name", "pk")[:limit]
    )
