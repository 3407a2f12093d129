"""The console with 3, 300 and 2,000 live networks: p50/p95 render time and SQL queries
per request of the pipeline (GET /console/) as it is now (paged, 50 networks a page) and as
it was (every network on one page, measured in the same run by lifting the page size), of a
search on it, and of the roll-out pages (national totals, regions, coaches' load) and the
partners list. `make bench` calls `report`; alone (its own database; `make bench-console`):
`DJANGO_SETTINGS_MODULE=coopere.settings.test python -m tests.bench.console`.

Networks are public rows only (fake schema names, no schema): the console never enters a
network's schema, it reads the registry and the monthly snapshots (checked: the pipeline,
the region pages and the coaches' load read public tables only).
"""

import datetime
import statistics
import time
from unittest import mock

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

SIZES = (3, 300, 2000)
REQUESTS = 20  # per page and size, after one warm-up
SLUG_PREFIX = "bench-console-"  # also removed by run.clean_up ("bench-")


COACHES = 20  # half the networks are spread over them: a coach follows 50 of 2,000
COACH_EMAIL = "bench-console-coach-{}@coopere.test"


def _coaches() -> list:
    from coopere.accounts.models import User

    return [
        User.objects.get_or_create(
            email=COACH_EMAIL.format(k),
            defaults={"first_name": f"Coach {k}", "kind": User.Kind.OPERATOR},
        )[0]
        for k in range(COACHES)
    ]


def _grow_to(target: int, region, operator, version) -> None:
    from onboarding.coaching.models import HealthAlert
    from onboarding.models import ChecklistItem, ItemCheck, NetworkChecklist
    from tenants.models import Network, NetworkSnapshot

    have = Network.objects.filter(slug__startswith=SLUG_PREFIX).count()
    phases = Network.Phase.values
    coaches = _coaches()
    networks = Network.objects.bulk_create(
        Network(
            schema_name=f"n_bench_console_{i}",
            state=Network.State.LIVE,
            name=f"Bench console {i:05d}",
            slug=f"{SLUG_PREFIX}{i}",
            region=region,
            estimated_households=250,
            phase=phases[i % len(phases)],
            coach=coaches[i % COACHES] if i % 2 else None,
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


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _measure(client, path: str) -> tuple[float, float, float, int, int]:
    """(p50 ms, p95 ms, p50 of this process's CPU ms, SQL queries, networks listed) of GET
    `path`. The CPU time (Python's share, not PostgreSQL's) is steadier than wall time on
    a machine shared with other jobs."""
    response = client.get(path)  # warm-up
    assert response.status_code == 200, (path, response.status_code)
    timings, cpu = [], []
    for _ in range(REQUESTS):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    listed = response.content.decode().count(f'<a href="/console/reseaux/{SLUG_PREFIX}')
    return (
        statistics.median(timings) * 1000,
        _p95(timings) * 1000,
        statistics.median(cpu) * 1000,
        len(queries),
        listed,
    )


def _pages(operator_pk: int) -> list[tuple[str, str, bool]]:
    """(label, path, whole list on one page as before?)"""
    return [
        ("pipeline, one page of all (before)", "/console/", True),
        ("pipeline, paged (now)", "/console/", False),
        ("pipeline, search by name", "/console/?q=01999", False),
        ("national totals", "/console/national/", False),
        ("regions", "/console/regions/", False),
        ("coaches' load", "/console/coachs/", False),
        ("one coach's page", f"/console/coachs/{operator_pk}/", False),
        ("partners list", "/console/partenaires/", False),
    ]


def clean_up() -> None:
    from coopere.accounts.models import User
    from tenants.models import Network

    connection.set_schema_to_public()
    Network.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    # A raw delete: the ORM's cascade would look for tenant tables (Member) in public.
    User.objects.filter(email="bench-console@coopere.test")._raw_delete(using="default")
    bench_coaches = User.objects.filter(email__startswith="bench-console-coach-")
    User.coached_regions.through.objects.filter(user__in=bench_coaches).delete()
    bench_coaches._raw_delete(using="default")


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
    print(f"Console pages (p50 / p95 of {REQUESTS} requests after one warm-up)")
    if others.exists():
        print(f"  (plus {others.count()} other live networks already in this database)")
    try:
        for size in SIZES:
            _grow_to(size, region, operator, version)
            print(f"  {size} networks:")
            figures = {}
            for label, path, all_on_one_page in _pages(_coaches()[1].pk):
                # The page size lifted: the pipeline as it was, every network on one page.
                size_patch = mock.patch(
                    "onboarding.selectors.PIPELINE_PAGE_SIZE", 10**6 if all_on_one_page else 50
                )
                with size_patch:
                    p50, p95, cpu, queries, listed = _measure(client, path)
                figures[label] = (p50, cpu)
                print(
                    f"    {label:<36} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  cpu {cpu:6.1f} ms"
                    f"  {queries:>2} queries  ({listed} listed)"
                )
            before = figures["pipeline, one page of all (before)"]
            now = figures["pipeline, paged (now)"]
            print(
                f"    pipeline ratio before/now: p50 {before[0] / now[0]:.1f}×,"
                f" cpu {before[1] / now[1]:.1f}×"
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
