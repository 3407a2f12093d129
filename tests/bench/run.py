"""Provisioning and routing figures: `make bench`. Prints; asserts nothing.

Runs on its own database (`coopere_bench`, on the server the test settings pick), builds
the platform there if needed, and removes everything it made, so it can be run again.
"""

import logging
import os
import statistics
import time
from unittest import mock

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopere.settings.test")
# A database of its own on whichever server the settings pick: never the dev or test one.
os.environ.setdefault("COOPERE_DB_NAME", "coopere_bench")

import django
from django.conf import settings

RUNS = 10  # openings per method
REQUESTS = 300  # home-page requests per middleware, after WARMUP
WARMUP = 30
SLUG_PREFIX = "bench-"
STOCK_MIDDLEWARE = "django_tenants.middleware.main.TenantMainMiddleware"
CACHED_MIDDLEWARE = "tenants.middleware.CachedTenantMiddleware"


def set_up():
    """Migrate public, ensure the public site, the template and a region: all idempotent."""
    from django.core.management import call_command

    from tenants import services
    from tenants.models import Region

    call_command("migrate_schemas", interactive=False, verbosity=0)
    services.ensure_public_site()
    services.ensure_template()
    region, _created = Region.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    return region


def clean_up() -> None:
    """Drop the bench networks (rows, domains, schemas) and the pool's spares."""
    from django.db import connection
    from django_tenants.utils import quote_schema_name

    from tenants import services
    from tenants.models import Domain, Network

    connection.set_schema_to_public()
    networks = list(Network.objects.filter(slug__startswith=SLUG_PREFIX))
    schemas = {n.schema_name for n in networks}
    with connection.cursor() as cursor:
        # Also schemas whose row is gone (a run killed half-way through a migrate).
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", ["n\\_bench\\_%"])
        schemas |= {row[0] for row in cursor.fetchall()}
        for schema in sorted(schemas):
            cursor.execute(f"DROP SCHEMA IF EXISTS {quote_schema_name(schema)} CASCADE")
    Domain.objects.filter(tenant__in=networks).delete()
    Network.objects.filter(pk__in=[n.pk for n in networks]).delete()
    services.drain_pool()


def _open(region, slug: str, method: str):
    from tenants import services

    return services.create_network(
        name=f"Bench {slug}",
        slug=slug,
        region=region,
        estimated_households=250,
        phase="lancement",
        method=method,
    )


def _ms(seconds: float) -> float:
    return seconds * 1000


def time_fill_pool() -> list[float]:
    """Refill to RUNS spares one at a time: each call clones exactly one spare."""
    from tenants import services

    services.drain_pool()
    timings = []
    for target in range(1, RUNS + 1):
        start = time.perf_counter()
        made = services.fill_pool(target=target)
        timings.append(time.perf_counter() - start)
        if made != 1:
            print(f"  warning: fill_pool(target={target}) made {made} spares, not 1")
    return timings


def time_openings(region) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for method, letter in [("migrate", "m"), ("clone", "c"), ("pool", "p")]:
        timings[method] = []
        for i in range(RUNS):
            start = time.perf_counter()
            _open(region, f"{SLUG_PREFIX}{letter}-{i}", method)
            timings[method].append(time.perf_counter() - start)
    return timings


def print_openings(openings: dict[str, list[float]], fills: list[float]) -> None:
    pool = statistics.median(openings["pool"])
    print(f"Opening a network ({RUNS} runs each)")
    print(f"  {'method':<8} {'median ms':>10} {'min ms':>9} {'max ms':>9}  vs pool")
    for method, runs in openings.items():
        median = statistics.median(runs)
        print(
            f"  {method:<8} {_ms(median):>10.1f} {_ms(min(runs)):>9.1f} {_ms(max(runs)):>9.1f}"
            f"  {median / pool:>6.1f}×"
        )
    for method in ("migrate", "clone"):
        ratio = statistics.median(openings[method]) / pool
        print(f"  {method} is {ratio:.0f}× slower than pool")
    clone_gain = statistics.median(openings["migrate"]) / statistics.median(openings["clone"])
    print(f"  migrate / clone: {clone_gain:.2f}×")
    print(
        f"  fill_pool, per spare (background cost): median {_ms(statistics.median(fills)):.1f} ms"
        f" (min {_ms(min(fills)):.1f}, max {_ms(max(fills)):.1f})"
    )


def print_relations() -> None:
    """What every tenant schema carries, and what clone copies: from the template."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind, count(*) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s "
            "GROUP BY c.relkind",
            [settings.TENANT_BASE_SCHEMA],
        )
        kinds = dict(cursor.fetchall())
    tables = kinds.get("r", 0) + kinds.get("p", 0)
    indexes = kinds.get("i", 0) + kinds.get("I", 0)
    sequences = kinds.get("S", 0)
    other = sum(kinds.values()) - tables - indexes - sequences
    print(f"Relations per tenant schema ({settings.TENANT_BASE_SCHEMA})")
    print(
        f"  tables {tables}, indexes {indexes}, sequences {sequences}, other {other}, "
        f"total {sum(kinds.values())}"
    )


def time_home_page(hostname: str, middleware: str) -> tuple[list[float], int]:
    """Request timings and SQL queries per request, with `middleware` picking the tenant."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    stack = [middleware if m == CACHED_MIDDLEWARE else m for m in settings.MIDDLEWARE]
    with override_settings(MIDDLEWARE=stack):
        client = Client(HTTP_HOST=hostname)  # a new client loads the overridden stack
        for _ in range(WARMUP):  # fills the host cache, opens the connection, loads templates
            status = client.get("/").status_code
            if status != 200:
                raise RuntimeError(f"GET / on {hostname} answered {status}")
        timings = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            client.get("/")
            timings.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
    connection.set_schema_to_public()
    return timings, len(queries)


def print_home_page(hostname: str) -> None:
    cached, cached_queries = time_home_page(hostname, CACHED_MIDDLEWARE)
    stock, stock_queries = time_home_page(hostname, STOCK_MIDDLEWARE)
    print(f"GET / on {hostname} ({REQUESTS} requests after {WARMUP} warm-up)")
    for label, runs, queries in [
        ("cached host lookup (CachedTenantMiddleware)", cached, cached_queries),
        ("stock lookup (TenantMainMiddleware)", stock, stock_queries),
    ]:
        print(
            f"  {label:<44} median {_ms(statistics.median(runs)):6.2f} ms, "
            f"{queries} SQL queries/request"
        )
    ratio = statistics.median(stock) / statistics.median(cached)
    print(f"  stock / cached: {ratio:.2f}× time, {stock_queries - cached_queries:+d} queries")


def main() -> None:
    django.setup()
    from tenants import services

    # One "network opened" info line per opening would bury the figures.
    logging.getLogger("tenants.services").setLevel(logging.WARNING)
    print(f"Database {settings.DATABASES['default']['NAME']}")
    region = set_up()
    clean_up()  # leftovers of a previous (perhaps interrupted) run
    try:
        fills = time_fill_pool()  # also fills the pool, so the pool openings below only open
        # Opening from the pool queues a Celery refill on commit: replaced by a no-op here,
        # so the figure is the opening alone and a slow or absent broker cannot skew it.
        with mock.patch.object(services, "_schedule_pool_refill", lambda: None):
            openings = time_openings(region)
        print_openings(openings, fills)
        print()
        print_relations()
        print()
        print_home_page(services.network_hostname(f"{SLUG_PREFIX}p-0"))
        print()
        from tenants.models import Network

        from . import search

        search.report(Network.objects.get(slug=f"{SLUG_PREFIX}p-1"))
        print()
        from . import impact

        impact.report(Network.objects.get(slug=f"{SLUG_PREFIX}p-2"))
        print()
        from . import console

        console.report(region)
    finally:
        clean_up()


if __name__ == "__main__":
    main()
