"""`migrate_networks`: current schemas skipped after one query, the others migrated in
parallel, a failing network reported while the rest migrate, every outcome recorded.

The session's schemas (public, template, spares, networks A and B) are current; the tests
that need a network behind make their own (a clone of the template, a few hundred ms) and
drop it at the end.
"""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import get_public_schema_name, schema_context

from tenants import migrating, services
from tenants.models import Domain, Network, NetworkMigration

# An app no other tenant migration depends on: taking it back to zero by hand (tables and
# history rows) leaves a schema exactly one app's migrations behind.
BEHIND_APP = "support"


def _sessions_schemas():
    return list(
        Network.objects.exclude(schema_name=get_public_schema_name()).values_list(
            "schema_name", flat=True
        )
    )


def _put_behind(schema: str) -> None:
    models = apps.get_app_config(BEHIND_APP).get_models(include_auto_created=True)
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'DROP TABLE "{schema}"."{table}" CASCADE')
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s', [BEHIND_APP])


def _break(schema: str) -> None:
    """Behind, and its next migration cannot apply: a table of that name is in the way."""
    _put_behind(schema)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE TABLE "{schema}"."{_first_table()}" (squatter integer)')


def _first_table() -> str:
    return next(iter(apps.get_app_config(BEHIND_APP).get_models()))._meta.db_table


@pytest.fixture
def extra_networks(committed_db, region):
    """make(slug) clones a live network from the template; all are dropped afterwards."""
    made = []

    def make(slug):
        network = services.create_network(
            name=slug, slug=slug, region=region, estimated_households=200, method="clone"
        )
        made.append(network)
        return network

    yield make
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for network in made:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{network.schema_name}" CASCADE')
    Domain.objects.filter(tenant__in=made).delete()
    Network.objects.filter(pk__in=[n.pk for n in made]).delete()
    NetworkMigration.objects.all().delete()


@pytest.fixture
def region(committed_db):
    from tenants.models import Region

    return Region.objects.get(code="essonne")


def test_current_networks_are_found_with_one_query_and_skipped(committed_db, capsys):
    schemas = _sessions_schemas()
    assert len(schemas) >= 3  # template, the pool's spares, networks A and B
    with CaptureQueriesContext(connection) as queries:
        assert migrating.tenant_schemas_behind(schemas) == []
    assert len(queries) == 2  # the catalogue look-up, then one query over every schema
    try:
        call_command("migrate_networks", processes=2)
        out = capsys.readouterr().out
        assert f"{len(schemas)} à jour (ignorés), 0 à migrer" in out
        assert "0 migré, 0 en échec" in out
        states = dict(NetworkMigration.objects.values_list("network__schema_name", "state"))
        assert states == dict.fromkeys(schemas, "ok")
        assert not NetworkMigration.objects.filter(migrated_at__isnull=False).exists()
    finally:
        NetworkMigration.objects.all().delete()


def test_a_network_behind_is_migrated_and_a_rerun_does_nothing(extra_networks, capsys):
    behind = extra_networks("en-retard")
    _put_behind(behind.schema_name)
    assert migrating.tenant_schemas_behind(_sessions_schemas()) == [behind.schema_name]

    call_command("migrate_networks", verbosity=2)
    out = capsys.readouterr().out
    assert f"{behind.schema_name} : migré en" in out
    assert "1 migré, 0 en échec" in out
    assert migrating.tenant_schemas_behind(_sessions_schemas()) == []
    with schema_context(behind.schema_name):  # the app's tables are back, and usable
        from support.models import SupportSession

        assert SupportSession.objects.count() == 0
    state = NetworkMigration.objects.get(network=behind)
    assert state.state == "ok" and state.migrated_at is not None and state.error == ""

    call_command("migrate_networks", verbosity=2)  # again: nothing left to do
    out = capsys.readouterr().out
    assert "0 à migrer" in out and "0 migré, 0 en échec" in out
    assert NetworkMigration.objects.get(network=behind).migrated_at == state.migrated_at


def test_a_failing_network_is_reported_while_the_others_migrate(extra_networks):
    broken = extra_networks("en-panne")
    behind = [extra_networks("en-retard")]  # two schemas to run: two processes
    _break(broken.schema_name)
    for network in behind:
        _put_behind(network.schema_name)

    with pytest.raises(CommandError) as exc:
        call_command("migrate_networks", processes=2)
    message = str(exc.value)
    assert "1 migré, 1 en échec" in message
    assert f"{broken.schema_name} : ÉCHEC" in message and "already exists" in message
    assert "relancez" in message
    assert migrating.tenant_schemas_behind(_sessions_schemas()) == [broken.schema_name]
    failed = NetworkMigration.objects.get(network=broken)
    assert failed.state == "failed" and "already exists" in failed.error
    assert failed.migrated_at is None
    assert set(
        NetworkMigration.objects.filter(state="ok", migrated_at__isnull=False).values_list(
            "network", flat=True
        )
    ) == {n.pk for n in behind}

    # Once the squatting table is gone, a re-run migrates that network alone.
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{broken.schema_name}"."{_first_table()}"')
    call_command("migrate_networks", processes=2)
    assert migrating.tenant_schemas_behind(_sessions_schemas()) == []
    repaired = NetworkMigration.objects.get(network=broken)
    assert repaired.state == "ok" and repaired.error == "" and repaired.migrated_at


def test_an_unknown_schema_is_refused_in_french(committed_db):
    with pytest.raises(CommandError, match="Schéma inconnu du registre : n_nulle_part"):
        call_command("migrate_networks", schemas=["n_nulle_part"])


def test_a_second_run_at_the_same_time_is_refused(committed_db):
    import psycopg

    db = connection.settings_dict
    other = psycopg.connect(
        dbname=db["NAME"], host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"]
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [migrating.LOCK_ID])
        with pytest.raises(CommandError, match="Une autre migration des réseaux est en cours"):
            call_command("migrate_networks")
    finally:
        other.close()
    assert not NetworkMigration.objects.exists()  # refused before touching anything
