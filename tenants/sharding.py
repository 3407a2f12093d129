"""Citus schema-based sharding, when the database runs it (`make citus`, infra/SCALING.md).

On plain PostgreSQL none of this does anything: `citus.enable_schema_based_sharding` is an
unknown setting there, and `current_setting(…, true)` answers NULL.
"""


def schema_sharding_on(cursor) -> bool:
    """True when new schemas become Citus distributed schemas on this connection."""
    cursor.execute("SELECT current_setting('citus.enable_schema_based_sharding', true)")
    return cursor.fetchone()[0] == "on"


def pause_schema_sharding(cursor) -> None:
    """Until the transaction ends (or resume_...), new schemas stay local to the coordinator."""
    cursor.execute("SET LOCAL citus.enable_schema_based_sharding = off")


def distribute_schema(cursor, schema_name: str) -> None:
    """Move a local schema and all its tables onto one worker, as a distributed schema, then
    let new schemas be distributed again (in the same transaction)."""
    cursor.execute("SELECT citus_schema_distribute(%s::regnamespace)", [schema_name])
    cursor.execute("SET LOCAL citus.enable_schema_based_sharding = on")
