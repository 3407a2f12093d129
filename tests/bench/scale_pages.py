"""Page timings, catalogue and memory on one provisioned database: `make bench-scale` runs
it once per database (COOPERE_DB_NAME) in a process of its own, which plays one web
worker: Django's test client, in process, persistent database connection (as gunicorn
would keep it). Prints one JSON object on its last line.

`python -m tests.bench.scale_pages SPREAD REQUESTS`: each residents' page is requested
REQUESTS times, round-robin over (a) the first 10 networks, then (b) SPREAD networks
picked at random, so (b) also says what a worker pays when each request lands on a
network it has not served lately (PostgreSQL's per-connection catalogue caches are cold).
"""

import json
import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.scale_settings")

PAGES = {
    "home": "/",
    "posts": "/annonces/",
    "search": "/annonces/?q=perceuse",
    "impact": "/impact/",
}
BASE_PAGES = {
    "console": "/console/",
    "portal": "/partenaires/",
    "portal_impact": "/partenaires/impact/",
}
BASE_RUNS = 10


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _backend_mib() -> float:
    """Memory of this worker's PostgreSQL backend (its catalogue caches live there)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(total_bytes) FROM pg_backend_memory_contexts")
        return float(cursor.fetchone()[0] or 0) / 2**20


def _clients(networks):
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import schema_context

    from coopere.accounts.models import User
    from tenants.services import network_hostname

    from .scale_provision import PILOTE

    clients = []
    for network in networks:
        client = Client(HTTP_HOST=network_hostname(network.slug))
        with schema_context(network.schema_name):
            client.force_login(User.objects.get(email=PILOTE))
        clients.append(client)
    connection.set_schema_to_public()
    return clients


def _time_pages(clients, requests: int) -> dict:
    """{page: [seconds]}: `requests` GETs per page, cycling over the clients."""
    timings = {}
    for name, path in PAGES.items():
        runs = []
        for i in range(requests):
            client = clients[i % len(clients)]
            start = time.perf_counter()
            response = client.get(path)
            runs.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
        timings[name] = runs
    return timings


def _summary(runs: list[float]) -> dict:
    ordered = sorted(runs)
    return {
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000,
    }


def _base_pages() -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coopere.accounts.models import User

    from .scale_provision import OPERATOR, PARTNER_USER

    connection.set_schema_to_public()
    results = {}
    for name, path in BASE_PAGES.items():
        email = OPERATOR if name == "console" else PARTNER_USER
        client = Client(HTTP_HOST=settings.COOPERE_BASE_DOMAIN)
        client.force_login(User.objects.get(email=email))
        response = client.get(path)  # warm-up
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        runs = []
        for _ in range(BASE_RUNS):
            start = time.perf_counter()
            client.get(path)
            runs.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        results[name] = {**_summary(runs), "queries": len(queries)}
    return results


def _catalogue() -> dict:
    from django.conf import settings
    from django.db import connection

    from tenants.models import Network

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class")
        relations = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_attribute")
        attributes = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s",
            [settings.TENANT_BASE_SCHEMA],
        )
        per_schema = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    return {
        "schemas": Network.objects.exclude(state="public").count(),
        "relations_per_schema": per_schema,
        "pg_class": relations,
        "pg_attribute": attributes,
        "database_mib": size / 2**20,
    }


def measure(spread: int, requests: int) -> dict:
    import django

    django.setup()
    from tenants.models import Network

    networks = list(Network.objects.filter(slug__startswith="scale-").order_by("slug"))
    rng = random.Random(12)
    result = {"networks": len(networks), "catalogue": _catalogue()}
    rss_start = _rss_mib()
    first = _clients(networks[:10])
    for client in first:  # warm-up: templates, URLconfs, the connection
        client.get("/")
    result["first10"] = {k: _summary(v) for k, v in _time_pages(first, requests).items()}
    result["rss_after_10_mib"] = _rss_mib()
    picked = rng.sample(networks, min(spread, len(networks)))
    result["spread_count"] = len(picked)
    spread_clients = _clients(picked)
    result["spread"] = {k: _summary(v) for k, v in _time_pages(spread_clients, requests).items()}
    result["rss_start_mib"] = rss_start
    result["rss_after_spread_mib"] = _rss_mib()
    result["backend_mib"] = _backend_mib()
    result["base"] = _base_pages()
    return result


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]))))
