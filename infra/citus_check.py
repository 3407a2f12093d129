"""`make citus`, the Django side: the platform on a Citus coordinator, side by side with a
plain PostgreSQL 16 (same binaries, same settings), then browser journeys on Citus.

For each of the two servers, in a database made afresh (so the run can be repeated):
migrations, the template and the warm pool (`setup_platform`), the demo (through the
services), networks opened from the pool (`create_network`: `ALTER SCHEMA … RENAME` of a
spare), one opened by migrating a new schema, a no-op `migrate_schemas`; on Citus, where
each schema's tables landed; then the pages a member visits, through Django's test client
after logging in through the form, and their p50/p95. Then pytest runs browser journeys
with DATABASE_URL at the coordinator. Figures go to `.data/citus/figures.json` and a
table is printed; a step that fails is named with its error, and the run stops there.
"""

import json
import os
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

from infra import citus

DATABASE = "coopere"
TEST_DATABASE = f"test_{DATABASE}"
FIGURES = citus.ROOT / "figures.json"
NETWORKS = int(os.environ.get("CITUS_NETWORKS", "6"))  # opened from the pool, per server
# Requests per page and pass, after warm-up; passes alternate plain, Citus, plain, Citus…
# so that the machine's load (shared, noisy) falls on both alike.
ROUNDS = int(os.environ.get("CITUS_ROUNDS", "20"))
PASSES = int(os.environ.get("CITUS_PASSES", "3"))
JOURNEYS = os.environ.get(
    "CITUS_JOURNEYS",
    "tests/browser/test_journey.py tests/browser/test_method_journey.py "
    "tests/browser/test_exchange_journey.py",
).split()
SETTINGS = {"plain": "coopere.settings.test", "coordinator": "coopere.settings.citus"}
MEMBER_EMAIL = "martine@bois-des-roches.demo"
MEMBER_PAGES = [
    "/",
    "/annonces/",
    "/annonces/?q=perceuse",
    "/membres/",
    "/mon-profil/",
    "/mises-en-relation/",
    "/notifications/",
    "/cafes/",
    "/projets/",
    "/achats-groupes/",
    "/impact/",
]


# --- One server (runs in a child process: Django binds to one database) ---------------


class Run:
    def __init__(self, target: str):
        self.target = target
        self.figures: dict = {"target": target, "steps": {}, "pages": {}}

    def step(self, name: str, fn, /, *args, **kwargs):
        print(f"  [{self.target}] {name}", flush=True)
        started = time.perf_counter()
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            self.figures["failed"] = {
                "step": name,
                "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(),
            }
            raise
        self.figures["steps"][name] = round(time.perf_counter() - started, 3)
        return result


def run_target(target: str, out: Path, *, pages_only: bool = False) -> int:
    # Citus needs its schema editor (tenants/citus_backend); the plain server keeps the stock one.
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS[target]
    os.environ["DATABASE_URL"] = citus.dsn(target, DATABASE)
    os.environ.pop("COOPERE_DB_NAME", None)
    import django

    django.setup()
    from django.core.management import call_command

    run = Run(target)
    if pages_only:
        try:
            run.step("member pages", _member_pages, run, ROUNDS)
        finally:
            out.write_text(json.dumps(run.figures, indent=2))
        return 0
    try:
        call_command("compile_catalogues", verbosity=0)
        run.step("migrate_schemas (public)", call_command, "migrate_schemas", interactive=False,
                 verbosity=0)  # fmt: skip
        run.step("setup_platform (template + 2 spares)", call_command, "setup_platform",
                 verbosity=0)  # fmt: skip
        _open_networks(run)
        if target == "coordinator":
            run.figures["placement"] = _placement()
            run.figures["not_distributed"] = _tenant_schemas_not_distributed()
        run.step("migrate_schemas, no-op over all schemas", call_command, "migrate_schemas",
                 interactive=False, verbosity=0)  # fmt: skip
        run.step("member pages answer 200", _member_pages, run, 1)
        run.step("isolation", _isolation)
    except BaseException:
        out.write_text(json.dumps(run.figures, indent=2))
        traceback.print_exc()
        return 1
    out.write_text(json.dumps(run.figures, indent=2))
    return 0


def _open_networks(run: Run) -> None:
    from unittest import mock

    from django.conf import settings

    from infra import demo
    from tenants import services
    from tenants.models import Region

    # The refill a web request queues for Celery is done here, in line and timed apart.
    with mock.patch.object(services, "_schedule_pool_refill", lambda: None):
        run.step("demo (2 networks from the pool, members, posts)", demo.load_demo)
        region = Region.objects.get(code="essonne")
        opens, refills = [], []
        for i in range(NETWORKS):
            services.fill_pool()  # the demo took the spares setup_platform made
            started = time.perf_counter()
            services.create_network(
                name=f"Quartier {i}", slug=f"quartier-{i}", region=region,
                estimated_households=200, method="pool",
            )  # fmt: skip
            opens.append(time.perf_counter() - started)
            started = time.perf_counter()
            services.fill_pool(settings.COOPERE_NETWORK_POOL_SIZE)
            refills.append(time.perf_counter() - started)
        run.figures["open_from_pool_ms"] = _summary(opens)
        run.figures["refill_one_spare_clone_ms"] = _summary(refills)
        spec = dict(demo.NETWORKS[0], slug="quartier-0")
        from django_tenants.utils import schema_context

        with schema_context("n_quartier_0"):
            run.step("fill quartier-0 like the demo", demo._fill_network, spec)
        run.step(
            "open 1 network by migrating a new schema",
            services.create_network,
            name="Migré", slug="migre", region=region, estimated_households=200,
            method="migrate",
        )  # fmt: skip


def _placement() -> dict:
    """Citus: the node each distributed schema's tables live on."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, s.nodeport, count(*) FROM citus_shards s"
            " JOIN pg_class c ON c.oid = s.table_name"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " GROUP BY 1, 2 ORDER BY 1"
        )
        return {schema: {"port": port, "tables": count} for schema, port, count in cursor}


def _tenant_schemas_not_distributed() -> list[str]:
    """Network, template and spare schemas that Citus does not hold as a distributed schema,
    or holding tables that stayed local on the coordinator."""
    from django.db import connection

    from tenants.models import Network

    schemas = list(
        Network.objects.exclude(state=Network.State.PUBLIC).values_list("schema_name", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name::text FROM citus_schemas")
        distributed = {row[0] for row in cursor}
        cursor.execute(
            "SELECT DISTINCT n.nspname FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND n.nspname = ANY(%s)"
            " AND c.oid NOT IN (SELECT logicalrelid FROM pg_dist_partition)",
            [schemas],
        )
        with_local_tables = {row[0] for row in cursor}
    return sorted((set(schemas) - distributed) | with_local_tables)


def _member_client():
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST=f"bois-des-roches.{settings.COOPERE_BASE_DOMAIN}")
    answer = client.post("/connexion/", {"username": MEMBER_EMAIL, "password": "cafe-rencontre"})
    if answer.status_code != 302:
        raise AssertionError(f"login answered {answer.status_code}, not a redirect")
    return client


def _member_pages(run: Run, rounds: int) -> None:
    from django.db import connection

    client = _member_client()
    for path in MEMBER_PAGES:
        for _ in range(3):  # warm-up: first queries, template loading
            answer = client.get(path)
            if answer.status_code != 200:
                raise AssertionError(f"GET {path} as a member answered {answer.status_code}")
        counter = _QueryCounter()
        # Counted below Django's query log, which each test-client request resets.
        with connection.execute_wrapper(counter):
            client.get(path)
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        run.figures["pages"][path] = {"queries": counter.count, "seconds": times}


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _isolation() -> None:
    """A member of Bois des Roches is a stranger on Quartier 0 (on another schema, and on
    Citus possibly another worker): asked to log in, and their posts are not there."""
    from django.conf import settings

    client = _member_client()
    answer = client.get("/mon-compte/", HTTP_HOST=f"quartier-0.{settings.COOPERE_BASE_DOMAIN}")
    if answer.status_code != 302 or "/connexion/" not in answer["Location"]:
        raise AssertionError(f"quartier-0 let a stranger in: {answer.status_code}")


def _summary(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "n": len(ms),
        "p50": round(statistics.median(ms), 1),
        "p95": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 1),
    }


# --- The whole run ---------------------------------------------------------------------


def _child(target: str, *extra: str) -> dict:
    out = citus.ROOT / f"figures-{target}{''.join(extra)}.json"
    out.unlink(missing_ok=True)
    code = subprocess.call([sys.executable, "-m", "infra.citus_check", "--target", target, *extra])
    figures = json.loads(out.read_text()) if out.exists() else {"failed": {"step": "start"}}
    figures["exit"] = code
    return figures


def _interleaved_pages(results: dict) -> None:
    """Page timings in alternating passes, pooled per server: p50, p95, queries."""
    samples: dict = {"plain": {}, "coordinator": {}}
    queries: dict = {"plain": {}, "coordinator": {}}
    for _ in range(PASSES):
        for target in samples:
            figures = _child(target, "--pages")
            if figures["exit"]:
                results[target]["failed"] = figures.get("failed", {"step": "member pages"})
                results[target]["exit"] = figures["exit"]
                return
            for path, page in figures["pages"].items():
                samples[target].setdefault(path, []).extend(page["seconds"])
                queries[target][path] = page["queries"]
    for target, pages in samples.items():
        results[target]["pages"] = {
            path: _summary(times) | {"queries": queries[target][path]}
            for path, times in pages.items()
        }


def _journeys() -> dict:
    """Browser journeys on the coordinator: their test database is made here (pytest-django
    cannot add Citus to a database it creates), hence --reuse-db."""
    citus.create_database(TEST_DATABASE, fresh=True)
    env = dict(os.environ, DATABASE_URL=citus.dsn("coordinator", DATABASE))
    env["COOPERE_REQUIRE_BROWSER"] = "1"
    started = time.perf_counter()
    code = subprocess.call(
        [
            sys.executable,
            "-m",
            "pytest",
            "--ds",
            SETTINGS["coordinator"],
            "--reuse-db",
            "-p",
            "no:cacheprovider",
            "-q",
            *JOURNEYS,
        ],
        env=env,
    )
    return {"files": JOURNEYS, "exit": code, "seconds": round(time.perf_counter() - started, 1)}


def report(results: dict) -> None:
    plain, on_citus = results["plain"], results["coordinator"]
    print("\n== Citus (coordinator + 2 workers) vs plain PostgreSQL 16, same binaries ==")
    for target in (plain, on_citus):
        if target.get("failed"):
            failed = target["failed"]
            print(
                f"!! {target.get('target')}: step «{failed['step']}» failed: {failed.get('error')}"
            )
    print(f"{'step':<40}{'plain':>10}{'citus':>10}")
    for step in on_citus.get("steps", {}) | plain.get("steps", {}):
        a, b = plain["steps"].get(step), on_citus["steps"].get(step)
        print(f"{step:<40}{_fmt(a, 's'):>10}{_fmt(b, 's'):>10}")
    for key in ("open_from_pool_ms", "refill_one_spare_clone_ms"):
        a, b = plain.get(key, {}).get("p50"), on_citus.get(key, {}).get("p50")
        print(f"{key + ' p50':<40}{_fmt(a, 'ms'):>10}{_fmt(b, 'ms'):>10}")
    ratios = []
    for path in MEMBER_PAGES:
        a = plain.get("pages", {}).get(path, {}).get("p50")
        b = on_citus.get("pages", {}).get(path, {}).get("p50")
        if a and b:
            ratios.append(b / a)
        q = on_citus.get("pages", {}).get(path, {}).get("queries")
        line = f"{'GET ' + path + ' p50':<40}{_fmt(a, 'ms'):>10}{_fmt(b, 'ms'):>10}"
        print(f"{line}   {q} queries" if q is not None else line)
    if ratios:
        print(f"{'member pages, median ratio citus/plain':<40}{statistics.median(ratios):>20.2f}")
    placement = on_citus.get("placement", {})
    by_port: dict[int, int] = {}
    for info in placement.values():
        by_port[info["port"]] = by_port.get(info["port"], 0) + 1
    print(f"distributed schemas by worker port: {by_port}")
    if on_citus.get("not_distributed"):
        print(f"!! tenant schemas NOT distributed: {on_citus['not_distributed']}")
    journeys = results.get("journeys")
    if journeys:
        verdict = "passed" if journeys["exit"] == 0 else f"FAILED (exit {journeys['exit']})"
        print(f"browser journeys on Citus: {verdict} in {journeys['seconds']} s")


def _fmt(value, unit: str) -> str:
    return "—" if value is None else f"{value:.3g} {unit}" if unit == "s" else f"{value:.1f} {unit}"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--target"]:
        out = citus.ROOT / f"figures-{''.join(argv[1:])}.json"
        return run_target(argv[1], out, pages_only="--pages" in argv)
    citus.create_database(DATABASE, fresh=True)
    results = {"plain": _child("plain"), "coordinator": _child("coordinator")}
    if not (results["plain"]["exit"] or results["coordinator"]["exit"]):
        _interleaved_pages(results)
    if results["coordinator"]["exit"] == 0 and os.environ.get("CITUS_SKIP_JOURNEYS") != "1":
        results["journeys"] = _journeys()
    FIGURES.write_text(json.dumps(results, indent=2))
    report(results)
    print(f"figures: {FIGURES.relative_to(citus.BASE_DIR)}")
    failed = [r for r in results.values() if r.get("exit")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
