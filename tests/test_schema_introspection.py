"""Our backend lists a schema's tables from that schema alone (tenants/postgresql_backend):
the same tables as django-tenants' introspection, which scans the whole catalogue."""

import pytest
from django.db import connection
from django_tenants.postgresql_backend.introspection import DatabaseSchemaIntrospection
from django_tenants.utils import schema_context

from tenants.postgresql_backend.base import SchemaIntrospection
from tests.conftest import schema_of

pytestmark = pytest.mark.django_db


def _both():
    with connection.cursor() as cursor:
        ours = SchemaIntrospection(connection).get_table_list(cursor)
        stock = DatabaseSchemaIntrospection(connection).get_table_list(cursor)
    return sorted(ours), sorted(stock)


@pytest.mark.parametrize("schema", ["public", "reseau-a", "reseau-b"])
def test_the_same_tables_as_the_stock_introspection(schema):
    name = schema if schema == "public" else schema_of(schema)
    with schema_context(name):
        ours, stock = _both()
        assert isinstance(connection.introspection, SchemaIntrospection)
    assert ours == stock
    names = {table.name for table in ours}
    assert ("tenants_network" in names) == (schema == "public")
    assert ("exchange_post" in names) == (schema != "public")


def test_a_table_of_another_schema_is_not_listed():
    with schema_context(schema_of("reseau-a")):
        with connection.cursor() as cursor:
            cursor.execute('CREATE TABLE "public"."only_in_public" (id integer)')
        ours, stock = _both()
    assert "only_in_public" not in {t.name for t in ours}
    assert ours == stock


def test_the_recorder_sees_each_schema_s_history():
    from django.db.migrations.recorder import MigrationRecorder

    with schema_context(schema_of("reseau-a")):
        recorder = MigrationRecorder(connection)
        assert recorder.has_table()
        assert ("exchange", "0001_initial") in recorder.applied_migrations()


def test_a_schema_without_recorded_dependencies_is_read_in_full(monkeypatch):
    """Where PostgreSQL records no dependency on the schema (a pinned one), the namespace's
    rows of pg_class are read instead: still the same tables."""
    from tenants.postgresql_backend import base

    monkeypatch.setattr(base, "TABLES_OF_SCHEMA", base.TABLES_OF_SCHEMA + " AND false")
    with schema_context(schema_of("reseau-a")):
        ours, stock = _both()
    assert ours == stock
    assert "exchange_post" in {t.name for t in ours}
