"""host -> network lookup, cached.

django-tenants queries the Domain table on every request; here a hit costs one cache read.
Entries (including 'no such host') are dropped as soon as a network or domain changes.
"""

from django.conf import settings
from django.core.cache import cache
from django_tenants.utils import get_public_schema_name, schema_context

from .models import Domain, Network

SERVING_STATES = (Network.State.LIVE, Network.State.PUBLIC)


def _key(hostname: str) -> str:
    return f"tenants:host:{hostname}"


def network_for_host(hostname: str):
    """The tenant (Network) serving hostname, or None. Always read and cached from public."""
    with schema_context(get_public_schema_name()):
        cached = cache.get(_key(hostname))
        if cached is not None:
            return cached
        # Only the public site and live networks serve requests; never a template or spare.
        domain = (
            Domain.objects.select_related("tenant")
            .filter(domain=hostname, tenant__state__in=SERVING_STATES)
            .first()
        )
        if domain is None:
            # Unknown hosts are not cached: requests to random names must not fill the cache
            # and evict what it holds (login throttling counters among them).
            return None
        cache.set(_key(hostname), domain.tenant, settings.COOPERE_HOST_CACHE_SECONDS)
        return domain.tenant


def forget_hosts(*hostnames: str) -> None:
    with schema_context(get_public_schema_name()):
        cache.delete_many([_key(h) for h in hostnames if h])


def site_url(request, slug: str | None = None) -> str:
    """Absolute URL of the public site (slug=None) or of a network, on the request's port."""
    port = request.get_port()
    port_part = "" if port in ("80", "443") else f":{port}"
    host = f"{slug}.{settings.COOPERE_BASE_DOMAIN}" if slug else settings.COOPERE_BASE_DOMAIN
    return f"{request.scheme}://{host}{port_part}/"


def network_url(path: str = "/", *, slug: str | None = None) -> str:
    """Absolute URL on the current network (or `slug`'s), for emails and printed QR codes,
    where there is no request to take the host from."""
    from django.db import connection

    if slug is None:
        slug = getattr(connection.tenant, "slug", None)
    if slug is None:  # inside schema_context(): the tenant is only a schema name
        schema = connection.schema_name  # read before switching to public
        with schema_context(get_public_schema_name()):
            slug = Network.objects.values_list("slug", flat=True).get(schema_name=schema)
    port = f":{settings.COOPERE_URL_PORT}" if settings.COOPERE_URL_PORT else ""
    host = f"{slug}.{settings.COOPERE_BASE_DOMAIN}"
    return f"{settings.COOPERE_URL_SCHEME}://{host}{port}{path}"
