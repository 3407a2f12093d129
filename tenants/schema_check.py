"""Make a missing tenant table impossible to miss.

`public` stays on every network's search path, and several tables exist in both (users,
sessions, auth). If a network schema lacked one of them, queries would silently fall back
to public's table — operators' accounts instead of residents'. These checks list what is
missing so provisioning can refuse and `check_schemas` can fail loudly.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import connection
from django_tenants.utils import get_public_schema_name


def _tables_of(app_labels: set[str]) -> frozenset[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in app_labels and model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return frozenset(tables)


def _labels(app_names: list[str]) -> set[str]:
    return {config.label for config in apps.get_app_configs() if config.name in set(app_names)}


@cache
def expected_tenant_tables() -> frozenset[str]:
    return _tables_of(_labels(settings.TENANT_APPS)) | {"django_migrations"}


@cache
def expected_public_tables() -> frozenset[str]:
    return _tables_of(_labels(settings.SHARED_APPS)) | {"django_migrations"}


def tables_in_schema(schema_name: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
            [schema_name],
        )
        return {row[0] for row in cursor.fetchall()}


def missing_tenant_tables(schema_name: str) -> list[str]:
    return sorted(expected_tenant_tables() - tables_in_schema(schema_name))


def missing_public_tables() -> list[str]:
    return sorted(expected_public_tables() - tables_in_schema(get_public_schema_name()))


def tenant_only_tables_in_public() -> list[str]:
    """Tenant-only tables found in public: a network missing them would read these."""
    tenant_only = expected_tenant_tables() - expected_public_tables()
    return sorted(tenant_only & tables_in_schema(get_public_schema_name()))


def missing_tenant_tables_by_schema(schema_names: list[str]) -> dict[str, list[str]]:
    """missing_tenant_tables for many schemas in one query (a thousand networks would be a
    thousand round trips otherwise): {schema: [missing tables]} for the incomplete ones."""
    if not schema_names:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.name, e.name FROM unnest(%s::text[]) s(name)"
            " CROSS JOIN unnest(%s::text[]) e(name)"
            " WHERE NOT EXISTS (SELECT 1 FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = s.name AND c.relname = e.name AND c.relkind IN ('r', 'p'))"
            " ORDER BY 1, 2",
            [list(schema_names), sorted(expected_tenant_tables())],
        )
        missing: dict[str, list[str]] = {}
        for schema, table in cursor.fetchall():
            missing.setdefault(schema, []).append(table)
    return missing
