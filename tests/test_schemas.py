"""The schema check that makes a missing tenant table impossible to miss."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tenants import schema_check
from tenants.management.commands.setup_platform import check_all_schemas


def test_every_schema_has_its_tables(db):
    assert check_all_schemas() == []


def test_users_and_sessions_exist_in_public_and_in_each_network(db, network_a):
    tenant_tables = schema_check.expected_tenant_tables()
    public_tables = schema_check.expected_public_tables()
    for table in ("accounts_user", "django_session"):
        assert table in tenant_tables and table in public_tables
    assert "tenants_network" not in tenant_tables  # the registry lives in public only


def test_a_missing_tenant_table_is_reported_loudly(db, network_a):
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{network_a.schema_name}"."django_session"')
    assert schema_check.missing_tenant_tables(network_a.schema_name) == ["django_session"]
    with pytest.raises(CommandError, match="django_session"):
        call_command("check_schemas")


def test_a_tenant_only_table_in_public_is_reported(db, monkeypatch):
    # A tenant-only table appearing in public would become a silent fallback.
    monkeypatch.setattr(
        schema_check,
        "expected_tenant_tables",
        lambda: frozenset({"exchange_offer", "django_migrations"}),
    )
    assert schema_check.tenant_only_tables_in_public() == []
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE public.exchange_offer (id int)")
    assert schema_check.tenant_only_tables_in_public() == ["exchange_offer"]
