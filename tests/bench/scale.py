"""`make bench-scale N=1000`: the platform with 10 networks and with N, side by side, in one
run. Prints; asserts nothing.

Two databases of their own, kept between runs (a rerun only adds missing networks):
`coopere_scale_10` and `coopere_scale_<N>` (tests/bench/scale_provision.py). Then:
- residents' pages (home, posts list, search, impact): p50/p95 over the first 10 networks,
  and over SPREAD networks picked at random (each request a network the worker has not
  just served); console pipeline and partner portal; catalogue size; memory of the worker
  process (tests/bench/scale_pages.py, one process per database);
- no-op migrations over every schema: django-tenants' standard executor (what
  `migrate_schemas` runs) against `migrate_networks` run as `manage.py` would;
- a one-column migration (tests/bench/scale_column) over the networks: the stock serial
  executor, `migrate_networks --processes 1`, and `--processes 2`.

Options: --networks N (default 1000), --spread (200), --requests (200 per page and set),
--sample S: the stock executor's runs (no-op and one column) and the one-column runs
cover only the first S schemas (the stock figure is then scaled to all schemas: it is one
migrate command per schema, linear); migrate_networks' no-op always covers every schema.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.scale_settings")

BASE_DIR = Path(__file__).resolve().parents[2]
SMALL = 10


def _env(database: str) -> dict:
    return {
        **os.environ,
        "COOPERE_DB_NAME": database,
        "DJANGO_SETTINGS_MODULE": "tests.bench.scale_settings",
    }


def _run(database: str, *args: str, capture=True) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=_env(database),
        capture_output=capture,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout or ""


def provision(database: str, count: int) -> None:
    print(f"Préparation de {database} ({count} réseaux)", flush=True)
    _run(database, "-m", "tests.bench.scale_provision", str(count), capture=False)


def pages(database: str, spread: int, requests: int) -> dict:
    _elapsed, out = _run(database, "-m", "tests.bench.scale_pages", str(spread), str(requests))
    return json.loads(out.strip().splitlines()[-1])


# --- Migrations (in the big database, this process) ---------------------------------


def _tenant_schemas() -> list[str]:
    from tenants.models import Network

    return list(
        Network.objects.exclude(state="public").order_by("pk").values_list("schema_name", flat=True)
    )


def take_column_back(schemas: list[str]) -> None:
    """Undo the one-column migration by hand: the column and its history row."""
    from django.db import connection, transaction

    column = import_module("tests.bench.scale_column.migrations.0001_one_column").COLUMN
    for start in range(0, len(schemas), 100):
        with transaction.atomic(), connection.cursor() as cursor:
            for schema in schemas[start : start + 100]:
                cursor.execute(
                    f'ALTER TABLE "{schema}".django_session DROP COLUMN IF EXISTS {column};'
                    f"DELETE FROM \"{schema}\".django_migrations WHERE app = 'scale_column'"
                )


def _behind(schemas) -> int:
    from tenants.migrating import tenant_schemas_behind

    return len(tenant_schemas_behind(schemas))


def _own_seconds(output: str) -> float | None:
    found = re.search(r"terminées en ([\d,]+) s", output)
    return float(found.group(1).replace(",", ".")) if found else None


def stock_serial(schemas: list[str]) -> float:
    """django-tenants' standard executor over `schemas`, in this process: exactly what
    `migrate_schemas` does per schema (Django's whole migrate command, system checks
    included), without its start-up."""
    from django.db import connection
    from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
    from django_tenants.migration_executors.standard import StandardExecutor

    parser = MigrateSchemasCommand().create_parser("manage.py", "migrate_schemas")
    options = vars(parser.parse_args(["--noinput", "-v", "0"]))
    start = time.perf_counter()
    StandardExecutor((), options).run_migrations(tenants=list(schemas))
    elapsed = time.perf_counter() - start
    connection.set_schema_to_public()
    return elapsed


def migrations(database: str, sample: int | None) -> dict:
    schemas = _tenant_schemas()
    results = {"schemas": len(schemas)}
    if _behind(schemas):
        _run(database, "manage.py", "migrate_networks", "--noinput", "-v0")
    some = schemas[: sample or len(schemas)]
    results["sample"] = len(some)
    print(f"  migrate_schemas à vide (stock) sur {len(some)} schémas…", flush=True)
    results["noop_stock"] = stock_serial(some)
    print("  migrate_networks à vide…", flush=True)
    results["noop_ours"], out = _run(database, "manage.py", "migrate_networks", "--noinput")
    results["noop_ours_inside"] = _own_seconds(out)
    for key in ("column_stock", "column_ours_1", "column_ours_2"):
        take_column_back(some)
        assert _behind(schemas) == len(some)
        print(f"  migration d'une colonne sur {len(some)} schémas : {key}…", flush=True)
        if key == "column_stock":
            results[key] = stock_serial(some)
        else:
            processes = key[-1]
            command = ["migrate_networks", "--noinput", "--processes", processes]
            wall, out = _run(database, "manage.py", *command)
            results[key] = _own_seconds(out)
            results[f"{key}_wall"] = wall
        if _behind(schemas):
            raise RuntimeError(f"{key} left schemas behind")
    return results


# --- Report --------------------------------------------------------------------------


def _ratio(a, b) -> str:
    return f"{a / b:5.2f}×" if a and b else "   — "


def report(small: dict, big: dict, mig: dict, n: int) -> None:
    print()
    print(f"Coop-ère à l'échelle : {SMALL} réseaux contre {n} (make bench-scale)")
    print(
        "Pages des habitant·es, ms (p50 / p95), client de test en processus, connexion persistante"
    )
    print(
        f"  {'page':<8} {SMALL:>5} réseaux     {n:>5}: les 10 mêmes   "
        f"{n:>5}: {big['spread_count']} au hasard   p50 {n}/{SMALL}"
    )
    for page in ("home", "posts", "search", "impact"):
        a, b, c = small["first10"][page], big["first10"][page], big["spread"][page]
        print(
            f"  {page:<8} {a['p50']:6.1f} / {a['p95']:6.1f}   {b['p50']:6.1f} / {b['p95']:6.1f}"
            f"     {c['p50']:6.1f} / {c['p95']:6.1f}      {_ratio(b['p50'], a['p50'])}"
            f" (hasard {_ratio(c['p50'], a['p50'])})"
        )
    print("Console et portail partenaire, ms (p50 / p95, requêtes SQL)")
    for page, label in [
        ("console", "GET /console/ (pipeline)"),
        ("portal", "GET /partenaires/"),
        ("portal_impact", "GET /partenaires/impact/"),
    ]:
        a, b = small["base"][page], big["base"][page]
        print(
            f"  {label:<28} {SMALL:>5}: {a['p50']:6.1f} / {a['p95']:6.1f} ({a['queries']} q)"
            f"   {n}: {b['p50']:6.1f} / {b['p95']:6.1f} ({b['queries']} q)"
        )
    print("Catalogue")
    for db in (small, big):
        c = db["catalogue"]
        print(
            f"  {c['schemas']:>5} schémas : {c['relations_per_schema']} relations par schéma,"
            f" pg_class {c['pg_class']:,}, pg_attribute {c['pg_attribute']:,},"
            f" base {c['database_mib']:,.0f} Mio".replace(",", " ")
        )
    print("Mémoire d'un processus web (RSS)")
    print(
        f"  {SMALL} réseaux : {small['rss_start_mib']:.0f} Mio au départ, "
        f"{small['rss_after_10_mib']:.0f} Mio après les 10 ; backend PostgreSQL "
        f"{small['backend_mib']:.0f} Mio"
    )
    print(
        f"  {n} réseaux : {big['rss_start_mib']:.0f} Mio au départ, "
        f"{big['rss_after_10_mib']:.0f} après 10, {big['rss_after_spread_mib']:.0f} après "
        f"{big['spread_count']} de plus ; backend PostgreSQL {big['backend_mib']:.0f} Mio"
    )
    n_all, n_some = mig["schemas"], mig["sample"]
    scale = n_all / n_some
    print(f"Migrations, {n_all} schémas (public, modèle et réserve compris)")
    stock_all = mig["noop_stock"] * scale
    sampled = f" (mesuré sur {n_some} schémas : {mig['noop_stock']:.1f} s, × {scale:.1f})"
    print(
        f"  à vide, migrate_schemas (stock)  {stock_all:7.1f} s"
        + (sampled if n_some < n_all else "")
    )
    print(
        f"  à vide, migrate_networks         {mig['noop_ours_inside']:7.1f} s de travail,"
        f" {mig['noop_ours']:.1f} s avec le démarrage de manage.py"
        f"  → {_ratio(stock_all, mig['noop_ours'])} plus rapide (démarrage compris)"
    )
    print(f"  une colonne sur {n_some} schémas (sans le démarrage) :")
    print(f"    stock, en série               {mig['column_stock']:7.1f} s")
    print(
        f"    migrate_networks, 1 processus {mig['column_ours_1']:7.1f} s"
        f"  (stock / 1 processus : {_ratio(mig['column_stock'], mig['column_ours_1'])})"
    )
    print(
        f"    migrate_networks, 2 processus {mig['column_ours_2']:7.1f} s"
        f"  → {_ratio(mig['column_ours_1'], mig['column_ours_2'])} plus rapide qu'1 processus,"
        f" {_ratio(mig['column_stock'], mig['column_ours_2'])} que le stock en série"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--networks", type=int, default=1000)
    parser.add_argument("--spread", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sample", type=int, default=None)
    options = parser.parse_args()
    n = options.networks
    small_db, big_db = f"coopere_scale_{SMALL}", f"coopere_scale_{n}"
    started = time.perf_counter()
    provision(small_db, SMALL)
    provision(big_db, n)
    print("Pages…", flush=True)
    small = pages(small_db, SMALL, options.requests)
    big = pages(big_db, options.spread, options.requests)
    print("Migrations…", flush=True)
    os.environ["COOPERE_DB_NAME"] = big_db
    import django

    django.setup()
    mig = migrations(big_db, options.sample)
    report(small, big, mig, n)
    print(f"(banc complet en {(time.perf_counter() - started) / 60:.0f} min)")


if __name__ == "__main__":
    main()
