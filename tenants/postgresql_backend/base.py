"""django-tenants' PostgreSQL backend, listing a schema's tables from that schema alone.

Django lists tables (`introspection.table_names()`: the migration recorder asks it whether
`django_migrations` exists, four times per migrate) by testing every row of `pg_class` for
visibility on the search path. With a thousand networks `pg_class` holds ~300,000 rows: the
listing took ~100 ms, most of a one-column migration's time per network, and two processes
scanning the catalogue at once hardly went faster than one. Here the rows are those of the
connection's schema — the same tables, since django-tenants sets the search path to that
schema alone while it introspects — found through `pg_depend`'s index in under a
millisecond, and without the search-path round trips.

`ENGINE = "tenants.postgresql_backend"` (every settings module); the Citus backend builds on it.
"""

from django.db.backends.postgresql.introspection import TableInfo
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper
from django_tenants.postgresql_backend.introspection import DatabaseSchemaIntrospection

# Django's own query (django/db/backends/postgresql/introspection.py), its visibility test
# replaced by the schema: the relations that depend on the schema's namespace, found through
# pg_depend's index (a fraction of a millisecond, whatever the number of networks).
_COLUMNS = """
    SELECT
        c.relname,
        CASE
            WHEN c.relispartition THEN 'p'
            WHEN c.relkind IN ('m', 'v') THEN 'v'
            ELSE 't'
        END,
        obj_description(c.oid, 'pg_class')
"""
TABLES_OF_SCHEMA = (
    _COLUMNS
    + """
    FROM pg_catalog.pg_depend d
    JOIN pg_catalog.pg_class c ON c.oid = d.objid
    WHERE d.classid = 'pg_catalog.pg_class'::regclass
        AND d.refclassid = 'pg_catalog.pg_namespace'::regclass
        AND d.refobjid = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = %s)
        AND c.relkind IN ('f', 'm', 'p', 'r', 'v')
"""
)
# PostgreSQL records no dependency on a pinned schema (`public` before PostgreSQL 15): for
# a schema where the index finds nothing, the namespace's rows of pg_class, read in full.
TABLES_OF_SCHEMA_SCANNED = (
    _COLUMNS
    + """
    FROM pg_catalog.pg_class c
    WHERE c.relkind IN ('f', 'm', 'p', 'r', 'v')
        AND c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = %s)
"""
)


class SchemaIntrospection(DatabaseSchemaIntrospection):
    def get_table_list(self, cursor):
        cursor.execute(TABLES_OF_SCHEMA, [self.connection.schema_name])
        if cursor.rowcount == 0:
            cursor.execute(TABLES_OF_SCHEMA_SCANNED, [self.connection.schema_name])
        return [TableInfo(*row) for row in cursor.fetchall() if row[0] not in self.ignored_tables]


class DatabaseWrapper(TenantDatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.introspection = SchemaIntrospection(self)
