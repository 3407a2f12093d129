"""The console's pipeline (GET /console/) with 3, 300 and 2,000 live networks: median
render time and SQL queries per request. `make bench` calls `report`; alone:
`DJANGO_SETTINGS_MODULE=coopere.settings.test python -m tests.bench.console`.

Networks are public rows only (fake schema names, no schema): the console never enters a
network's schema, it reads the registry and the monthly snapshots.
"""

import datetime
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

SIZES = (3, 300, 2000)
REQUESTS = 10  # per size, after one warm-up
SLUG_PREFIX = "bench-console-"  # also removed by run.clean_up ("bench-")


def _grow_to(target: int, region, operator, version) -> None:
    from onboarding.coaching.models import HealthAlert
    from onboarding.models import ChecklistItem, ItemCheck, NetworkChecklist
    from tenants.models import Network, NetworkSnapshot

    have = Network.objects.filter(slug__startswith=SLUG_PREFIX).count()
    phases = Network.Phase.values
    networks = Network.objects.bulk_create(
        Network(
            schema_name=f"n_bench_console_{i}",
            state=Network.State.LIVE,
            name=f"Bench console {i:05d}",
            slug=f"{SLUG_PREFIX}{i}",
            region=region,
            estimated_households=250,
            phase=phases[i % len(phases)],
            coach=operator if i % 2 else None,
            opened_at=timezone.now(),
            member_count=i % 90,
        )
        for i in range(have, target)
    )
    month = timezone.localdate().replace(day=1)
    NetworkSnapshot.objects.bulk_create(
        NetworkSnapshot(
            network=n,
            month=(month - datetime.timedelta(days=31 * back)).replace(day=1),
            computed_at=timezone.now(),
            group_size=4 + back,
            cafes_held=1,
            newsletters_sent=back % 2,
        )
        for n in networks
        for back in range(6)
    )
    HealthAlert.objects.bulk_create(
        HealthAlert(network=n, kind="no_cafe", opened_at=timezone.now()) for n in networks[::4]
    )
    NetworkChecklist.objects.bulk_create(
        NetworkChecklist(network=n, version=version) for n in networks
    )
    manual = list(version.items.filter(kind=ChecklistItem.Kind.MANUAL)[:3])
    ItemCheck.objects.bulk_create(
        ItemCheck(network=n, item=item, done_at=timezone.localdate(), done_by=operator)
        for n in networks
        for item in manual
    )


def _measure(client) -> tuple[float, int, int]:
    response = client.get("/console/")  # warm-up
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get("/console/")
        timings.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/console/")
    listed = response.content.decode().count('<th scope="row"><a href="/console/reseaux/')
    return statistics.median(timings) * 1000, len(queries), listed


def clean_up() -> None:
    from coopere.accounts.models import User
    from tenants.models import Network

    connection.set_schema_to_public()
    Network.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    # A raw delete: the ORM's cascade would look for tenant tables (Member) in public.
    User.objects.filter(email="bench-console@coopere.test")._raw_delete(using="default")


def report(region) -> None:
    from coopere.accounts.models import User
    from onboarding.models import ChecklistVersion
    from tenants.models import Network

    clean_up()
    operator = User.objects.create_superuser(
        email="bench-console@coopere.test", password="!", first_name="Bench"
    )
    version = ChecklistVersion.objects.order_by("-number").first()
    client = Client(HTTP_HOST=_base_domain())
    client.force_login(operator)
    others = Network.objects.filter(state=Network.State.LIVE).exclude(slug__startswith=SLUG_PREFIX)
    print(f"Console pipeline GET /console/ (median of {REQUESTS} after one warm-up)")
    if others.exists():
        print(f"  (plus {others.count()} other live networks already in this database)")
    try:
        for size in SIZES:
            _grow_to(size, region, operator, version)
            median_ms, queries, listed = _measure(client)
            print(
                f"  {size:>5} networks: median {median_ms:8.1f} ms, {queries} SQL queries"
                f" ({listed} listed)"
            )
    finally:
        clean_up()


def _base_domain() -> str:
    from django.conf import settings

    return settings.COOPERE_BASE_DOMAIN


def main() -> None:
    import os

    os.environ.setdefault("COOPERE_DB_NAME", "coopere_bench")
    import django

    django.setup()
    from . import run

    region = run.set_up()
    report(region)


if __name__ == "__main__":
    main()
