"""`manage.py migrate_networks`: public, then every network schema that is behind, in
parallel; current schemas are skipped after one SQL check (tenants/migrating.py).

Output is plain French developer tooling (like the dev runner's banner), not translated.
Exit status 1 when any schema failed; the others are migrated all the same.
"""

import time

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_tenants.utils import get_public_schema_name

from tenants import migrating
from tenants.models import Network


class Command(BaseCommand):
    help = (
        "Migre public puis chaque réseau en retard (les réseaux à jour sont ignorés après "
        "une seule requête), en parallèle ; un réseau en échec n'arrête pas les autres."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="processus en parallèle (défaut : TENANT_MULTIPROCESSING_MAX_PROCESSES, "
            "sinon le nombre de cœurs)",
        )
        parser.add_argument(
            "--schema", action="append", dest="schemas", help="ce schéma seulement (répétable)"
        )
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, processes=None, schemas=None, verbosity=1, **options):
        started = time.perf_counter()
        processes = processes or migrating.default_processes()
        with _exclusive_lock():
            public = self._migrate_public(verbosity)
            listed = list(
                Network.objects.exclude(schema_name=get_public_schema_name())
                .order_by("pk")
                .values_list("schema_name", flat=True)
            )
            if schemas:
                unknown = sorted(set(schemas) - set(listed))
                if unknown:
                    raise CommandError(f"Schéma inconnu du registre : {', '.join(unknown)}")
                listed = [s for s in listed if s in set(schemas)]
            existing = migrating.existing_schemas(listed)
            missing = [s for s in listed if s not in existing]
            present = [s for s in listed if s in existing]
            behind = migrating.tenant_schemas_behind(present)
            current = [s for s in present if s not in set(behind)]
            if verbosity >= 1:
                self.stdout.write(
                    f"{public} ; réseaux : {len(current)} à jour (ignorés), "
                    f"{len(behind)} à migrer avec {min(processes, max(len(behind), 1))} "
                    "processus."
                )
            outcomes = [
                migrating.Outcome(s, False, error="Schéma absent de la base.") for s in missing
            ]
            for outcome in migrating.migrate_many(
                behind, processes=processes, verbosity=max(verbosity - 1, 0)
            ):
                outcomes.append(outcome)
                if verbosity >= 2 or (verbosity >= 1 and not outcome.ok):
                    self.stdout.write(_line(outcome))
            connection.set_schema_to_public()
            migrating.record_outcomes(current, outcomes)
        failed = [o for o in outcomes if not o.ok]
        migrated = len(outcomes) - len(failed)
        summary = (
            f"Migrations terminées en {_seconds(time.perf_counter() - started)} : "
            f"{len(current)} à jour, {migrated} migré{'s' if migrated > 1 else ''}, "
            f"{len(failed)} en échec."
        )
        if failed:
            lines = [summary, "Réseaux en échec (les autres sont migrés) :"]
            lines += [f"  {_line(o)}" for o in failed]
            lines.append("Corrigez puis relancez : les réseaux à jour seront ignorés.")
            raise CommandError("\n".join(lines))
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))

    def _migrate_public(self, verbosity: int) -> str:
        if not migrating.public_is_behind():
            return "public à jour"
        outcome = migrating.migrate_one(get_public_schema_name(), verbosity=verbosity)
        connection.set_schema_to_public()
        if not outcome.ok:
            # Every network depends on public (registry, shared apps): stop here.
            raise CommandError(f"Échec de la migration de public : {outcome.error}")
        return f"public migré en {_seconds(outcome.seconds)}"


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


def _line(outcome: migrating.Outcome) -> str:
    if outcome.ok:
        return f"{outcome.schema} : migré en {_seconds(outcome.seconds)}"
    return f"{outcome.schema} : ÉCHEC — {outcome.error}"


class _exclusive_lock:
    """A session advisory lock on a connection of its own (Django's are closed before the
    workers fork), so two runs never migrate the same schema at once."""

    def __enter__(self):
        db = connection.settings_dict
        keys = [("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD")]
        params = {k: db.get(K) or None for k, K in keys}
        self._conn = psycopg.connect(dbname=db["NAME"], autocommit=True, **params)
        locked = self._conn.execute("SELECT pg_try_advisory_lock(%s)", [migrating.LOCK_ID])
        if not locked.fetchone()[0]:
            self._conn.close()
            raise CommandError("Une autre migration des réseaux est en cours sur cette base.")
        return self

    def __exit__(self, *exc):
        self._conn.close()  # ends the session, so releases the lock
        return False
