"""django-tenants' PostgreSQL backend, with a schema editor Citus accepts.

Citus refuses `ALTER TABLE … ADD COLUMN` carrying an unnamed constraint on a distributed
table ("all constraints in Citus must have explicit names"), and Django writes exactly
that when a migration adds a unique field (`… UNIQUE`) or a positive integer (`… CHECK
("x" >= 0)`). With schema-based sharding every network's tables are distributed, so such a
migration would fail on every network. This editor adds the column bare, then the same
constraints under explicit names (Django's own naming), as separate statements; foreign
keys go the same way (Django's deferred, named `ADD CONSTRAINT`). On plain PostgreSQL the
result is the same columns and constraints, only under Django-made names; Django finds
constraints by introspection, not by name, so later migrations work either way.

`ENGINE = "tenants.citus_backend"` (coopere.settings.citus) uses it.
"""

from django.db.backends.postgresql.schema import DatabaseSchemaEditor as PostgresSchemaEditor

from tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper


class CitusSchemaEditor(PostgresSchemaEditor):
    # No `REFERENCES` inside ADD COLUMN: Django then adds the foreign key as its own named
    # statement (the path it takes on backends without inline foreign keys).
    sql_create_column_inline_fk = None
    _adding_column = False

    def add_field(self, model, field):
        if field.many_to_many or field.primary_key:
            return super().add_field(model, field)
        check = field.db_parameters(connection=self.connection)["check"]
        self._adding_column = True
        try:
            super().add_field(model, field)
        finally:
            self._adding_column = False
        if field.unique:
            self.execute(self._create_unique_sql(model, [field]))
        if check:
            name = self._create_index_name(model._meta.db_table, [field.column], suffix="_check")
            self.execute(self._create_check_sql(model, name, check))

    def _iter_column_sql(self, *args, **kwargs):
        for part in super()._iter_column_sql(*args, **kwargs):
            if not (self._adding_column and part == "UNIQUE"):
                yield part

    @property
    def sql_check_constraint(self):
        # add_field appends `CHECK (…)` to the column with this template: empty it there.
        return "" if self._adding_column else "CHECK (%(check)s)"


class DatabaseWrapper(TenantDatabaseWrapper):
    SchemaEditorClass = CitusSchemaEditor
