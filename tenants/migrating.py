"""Migrating a thousand networks: skip the ones already current, run the rest in parallel.

django-tenants' `migrate_schemas` runs Django's whole migrate command in every schema, one
after the other, even when there is nothing to do (about 0.3 s a schema here: 5 minutes
for 1,000 no-op schemas), and stops at the first schema that fails. `migrate_networks`
(the command) uses this module instead:

1. one SQL query (per 200 schemas) compares every schema's `django_migrations` with the
   migrations on disk for TENANT_APPS, so current schemas cost next to nothing;
2. the schemas left run Django's migrate (through django-tenants' `run_migrations`, the
   same code path as the stock executors) in a bounded pool of forked processes;
3. a failing schema is recorded and the others carry on; every schema's outcome lands in
   `NetworkMigration` (public).

Django applies each migration in its own transaction on PostgreSQL, so a schema that fails
keeps the migrations before the failing one, and a re-run resumes from there.
"""

import multiprocessing
import os
import time
from dataclasses import dataclass
from functools import cache, partial

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django_tenants.migration_executors.base import run_migrations
from django_tenants.utils import (
    get_public_schema_name,
    get_tenant_base_migrate_command_class,
    quote_schema_name,
)

from .models import Network, NetworkMigration

CODENAME = "networks"  # the prefix django-tenants puts on each schema's migrate output
LOCK_ID = 0x6D696772  # "migr": one migrate_networks at a time on a database
CHECK_BATCH = 200


@dataclass(frozen=True)
class Outcome:
    schema: str
    ok: bool
    seconds: float = 0.0
    error: str = ""


# --- What "current" means ------------------------------------------------------------


def _labels(app_names) -> set[str]:
    names = set(app_names)
    return {config.label for config in apps.get_app_configs() if config.name in names}


@cache
def _graph_nodes() -> frozenset[tuple[str, str]]:
    # No connection: the graph of what is on disk, squashed migrations in place of those
    # they replace (a schema with only the originals counts as behind; migrating it then
    # records the squash, as Django does).
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def expected_migrations(app_names) -> frozenset[tuple[str, str]]:
    """(app label, migration name) of every migration on disk for these apps."""
    labels = _labels(app_names)
    return frozenset(node for node in _graph_nodes() if node[0] in labels)


def existing_schemas(schemas: list[str]) -> set[str]:
    """Which of `schemas` exist, in one query (not one `schema_exists` per network)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [list(schemas)])
        return {row[0] for row in cursor.fetchall()}


def schemas_behind(schemas: list[str], expected: frozenset[tuple[str, str]]) -> list[str]:
    """The schemas (of `schemas`) missing one of `expected` in their django_migrations, in
    the order given: one catalogue look-up, then one query per CHECK_BATCH schemas."""
    if not schemas:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid"
            " WHERE c.relname = 'django_migrations' AND c.relkind IN ('r', 'p')"
            " AND n.nspname = ANY(%s)",
            [list(schemas)],
        )
        with_table = [row[0] for row in cursor.fetchall()]
        complete = set()
        if with_table and expected:
            app_names, migration_names = zip(*sorted(expected), strict=True)
            # PostgreSQL plans a UNION of 1,000 branches in ~8 s, of 200 in ~0.2 s: one
            # query per CHECK_BATCH schemas (five for a thousand networks, ~1 s in all).
            for start in range(0, len(with_table), CHECK_BATCH):
                batch = with_table[start : start + CHECK_BATCH]
                branches = " UNION ALL ".join(
                    f"SELECT %s AS schema_name, app, name"
                    f" FROM {quote_schema_name(s)}.django_migrations"
                    for s in batch
                )
                cursor.execute(
                    "WITH expected(app, name) AS (SELECT * FROM unnest(%s::text[], %s::text[]))"
                    f" SELECT m.schema_name FROM ({branches}) m JOIN expected USING (app, name)"
                    " GROUP BY m.schema_name HAVING count(DISTINCT (m.app, m.name)) = %s",
                    [list(app_names), list(migration_names), *batch, len(expected)],
                )
                complete |= {row[0] for row in cursor.fetchall()}
        elif with_table:
            complete = set(with_table)
    return [s for s in schemas if s not in complete]


def tenant_schemas_behind(schemas: list[str]) -> list[str]:
    return schemas_behind(schemas, expected_migrations(settings.TENANT_APPS))


def public_is_behind() -> bool:
    public = get_public_schema_name()
    return bool(schemas_behind([public], expected_migrations(settings.SHARED_APPS)))


# --- Running -------------------------------------------------------------------------


def _migrate_options(verbosity: int) -> dict:
    """The options Django's migrate command would get from `migrate --noinput`."""
    command = get_tenant_base_migrate_command_class()()
    parser = command.create_parser("manage.py", "migrate")
    options = vars(parser.parse_args(["--noinput", "--skip-checks"]))
    options["verbosity"] = verbosity
    return options


def migrate_one(schema: str, *, verbosity: int = 0) -> Outcome:
    """Migrate one schema in this process; never raises for the schema's own failure."""
    start = time.perf_counter()
    try:
        run_migrations((), _migrate_options(verbosity), CODENAME, schema, allow_atomic=False)
    except (Exception, SystemExit) as exc:  # Django's migrate may exit (CommandError)
        # The connection may hold an aborted transaction: start the next schema afresh.
        connections[connection.alias].close()
        message = f"{type(exc).__name__}: {exc}".strip()
        return Outcome(schema, False, time.perf_counter() - start, message[:2000])
    return Outcome(schema, True, time.perf_counter() - start)


def default_processes() -> int:
    configured = getattr(settings, "TENANT_MULTIPROCESSING_MAX_PROCESSES", None)
    return max(1, int(configured or os.cpu_count() or 1))


def migrate_many(schemas: list[str], *, processes: int, verbosity: int = 0, report=None):
    """Migrate `schemas` with at most `processes` forked workers; yield each Outcome as it
    comes (report(outcome) too, if given). One process: in this process, no fork."""
    processes = max(1, min(processes, len(schemas)))
    if processes == 1:
        for schema in schemas:
            outcome = migrate_one(schema, verbosity=verbosity)
            yield outcome
        return
    # Each worker opens its own connection: none may inherit this process's socket.
    connections.close_all()
    # fork: workers inherit the loaded apps and settings (as django-tenants' own pool does).
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        yield from pool.imap_unordered(partial(migrate_one, verbosity=verbosity), schemas)


# --- Recording -----------------------------------------------------------------------


def record_outcomes(current: list[str], outcomes: list[Outcome]) -> None:
    """Write each schema's state in public: current ones checked, the others as they ran."""
    now = timezone.now()
    ids = dict(Network.objects.values_list("schema_name", "pk"))
    checked = [
        NetworkMigration(network_id=ids[s], state=NetworkMigration.State.OK, checked_at=now)
        for s in current
        if s in ids
    ]
    NetworkMigration.objects.bulk_create(
        checked,
        update_conflicts=True,
        unique_fields=["network"],
        update_fields=["state", "checked_at", "error"],
    )
    ran = [
        NetworkMigration(
            network_id=ids[o.schema],
            state=NetworkMigration.State.OK if o.ok else NetworkMigration.State.FAILED,
            checked_at=now,
            migrated_at=now if o.ok else None,
            seconds=round(o.seconds, 3),
            error=o.error,
        )
        for o in outcomes
        if o.schema in ids
    ]
    succeeded = [m for m in ran if m.state == NetworkMigration.State.OK]
    NetworkMigration.objects.bulk_create(
        succeeded,
        update_conflicts=True,
        unique_fields=["network"],
        update_fields=["state", "checked_at", "migrated_at", "seconds", "error"],
    )
    # A failure keeps the date of the last success.
    NetworkMigration.objects.bulk_create(
        [m for m in ran if m.state == NetworkMigration.State.FAILED],
        update_conflicts=True,
        unique_fields=["network"],
        update_fields=["state", "checked_at", "seconds", "error"],
    )
