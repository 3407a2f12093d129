"""Many networks quickly, for the benchmarks and the load test: copies of one network's
schema replayed from `pg_dump` by `psql` (both needed on PATH), a few schemas per
transaction and a few transactions at once.

django-tenants' clone function introspects the catalogue table by table and slows down as
the catalogue grows (about 1 s a network on an idle machine at first, 5 s and more past a
few hundred schemas); the replay does not. The registry rows (Network, Domain) are the
caller's: `on_copied` receives each batch of schema names once they are committed.
"""

import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed

PROCESSES = 2  # psql processes copying schemas at once
BATCH = 2  # schemas per psql transaction: ~260 locks each, max_locks_per_transaction is shared


def copy_schema(
    seed: str,
    schemas: list[str],
    on_copied: Callable[[list[str]], None],
    *,
    log: Callable[[str], None] = print,
) -> None:
    """Copy the schema `seed` (tables, indexes, constraints and rows) to each of `schemas`."""
    dump = _dump(seed)
    started = time.perf_counter()
    batches = [schemas[i : i + BATCH] for i in range(0, len(schemas), BATCH)]
    with ThreadPoolExecutor(PROCESSES) as pool:
        futures = {pool.submit(_replay, dump, seed, batch): batch for batch in batches}
        for done, future in enumerate(as_completed(futures), 1):
            future.result()
            on_copied(futures[future])
            made = min(done * BATCH, len(schemas))
            if made % 100 < BATCH or made == len(schemas):
                rate = (time.perf_counter() - started) / made
                log(f"  {made}/{len(schemas)} schemas copied ({rate:.2f} s each)")


def _connection_args() -> list[str]:
    from django.db import connection

    db = connection.settings_dict
    args = []
    for flag, key in [("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")]:
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def _database() -> str:
    from django.db import connection

    return connection.settings_dict["NAME"]


def _dump(schema: str) -> str:
    command = ["pg_dump", "--no-owner", "--no-privileges", "-n", schema]
    command += [*_connection_args(), _database()]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _replay(dump: str, seed: str, schemas: list[str]) -> None:
    script = "\n".join(dump.replace(seed, schema) for schema in schemas)
    done = subprocess.run(
        ["psql", "-1", "-q", "-X", "-v", "ON_ERROR_STOP=1", *_connection_args(), _database()],
        input=script,
        text=True,
        capture_output=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"psql: {done.stderr.strip()[-2000:]}")
