"""The Citus-ready schema editor (tenants/citus_backend), on plain PostgreSQL: Citus refuses
ADD COLUMN with an unnamed constraint, so added columns come bare and their constraints
follow under names; the database ends up with the same constraints. `make citus` runs the
whole platform on a real Citus cluster (infra/SCALING.md)."""

from django.db import connection, models
from django_tenants.utils import schema_context

from exchange.models import Member
from tenants import sharding
from tenants.citus_backend.base import CitusSchemaEditor


def _field(field, name):
    field.set_attributes_from_name(name)
    field.model = Member
    return field


def test_added_unique_positive_column_comes_bare_then_named_constraints(db):
    # Like exchange 0005's amorceur_ref, which Citus refused with the stock editor.
    field = _field(models.PositiveIntegerField(null=True, unique=True), "probe_ref")
    with CitusSchemaEditor(connection, collect_sql=True, atomic=False) as editor:
        editor.add_field(Member, field)
    statements = editor.collected_sql
    add_column = next(s for s in statements if "ADD COLUMN" in s)
    assert "UNIQUE" not in add_column
    assert "CHECK" not in add_column
    assert any("ADD CONSTRAINT" in s and "UNIQUE" in s for s in statements)
    assert any("ADD CONSTRAINT" in s and 'CHECK ("probe_ref" >= 0)' in s for s in statements)


def test_added_foreign_key_is_a_named_statement_of_its_own(db):
    field = _field(models.ForeignKey(Member, null=True, on_delete=models.CASCADE), "probe")
    with CitusSchemaEditor(connection, collect_sql=True, atomic=False) as editor:
        editor.add_field(Member, field)
    add_column = next(s for s in editor.collected_sql if "ADD COLUMN" in s)
    assert "REFERENCES" not in add_column
    assert any("ADD CONSTRAINT" in s and "FOREIGN KEY" in s for s in editor.collected_sql)


def test_the_database_gets_the_same_constraints(network_a):
    field = _field(models.PositiveIntegerField(null=True, unique=True), "probe_ref")
    with schema_context(network_a.schema_name):
        with CitusSchemaEditor(connection, atomic=False) as editor:
            editor.add_field(Member, field)  # rolled back with the test's transaction
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "exchange_member")
    on_probe = [c for c in constraints.values() if c["columns"] == ["probe_ref"]]
    assert any(c["unique"] for c in on_probe)
    assert any(c["check"] for c in on_probe)


def test_plain_postgresql_has_no_schema_sharding(db):
    with connection.cursor() as cursor:
        assert sharding.schema_sharding_on(cursor) is False
