"""Where the database is: DATABASE_URL, else a local PostgreSQL, else an embedded one.

The embedded server comes from the `pgserver` package (PostgreSQL binaries on PyPI), so a
newcomer needs no system PostgreSQL: its data lives under `.data/`.
"""

import os
import socket
from pathlib import Path

EMBEDDED_DB_NAME = "coopere"


def tcp_postgres_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    """True when a PostgreSQL accepts user `postgres` without password on host:port."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            pass
    except OSError:
        return False
    import psycopg

    try:
        psycopg.connect(
            host=host, port=port, user="postgres", dbname="postgres", connect_timeout=2
        ).close()
    except psycopg.Error:
        return False
    return True


def embedded_database(data_dir: Path) -> dict:
    """Start (or join) the embedded PostgreSQL under data_dir; return a DATABASES entry.

    The server stops once the last process that asked for it exits.
    """
    import pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    _heal_handle_list(data_dir)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    # Keep a reference for the process lifetime: dropping it would stop the server.
    _EMBEDDED_SERVERS.append(server)
    socket_dir = server.get_uri().split("host=", 1)[1]
    return _embedded_settings(socket_dir)


def ensure_database(db: dict) -> None:
    """CREATE DATABASE db['NAME'] on its server if missing (local servers only)."""
    import psycopg

    params = {
        k: db.get(K) or None
        for k, K in [("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD")]
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if not found.fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


_EMBEDDED_SERVERS: list = []
# Set by the dev runner for its children: they connect to the runner's embedded server
# instead of each registering with pgserver (whose shared handle file races).
EMBEDDED_HOST_VAR = "COOPERE_EMBEDDED_PG_HOST"


def _heal_handle_list(data_dir: Path) -> None:
    """pgserver keeps its users' pids in a JSON file; a crash mid-write leaves it empty."""
    import json

    handles = data_dir / ".handle_pids.json"
    if handles.exists():
        try:
            json.loads(handles.read_text() or "x")
        except ValueError:
            handles.unlink()


def _embedded_settings(socket_dir: str) -> dict:
    return {
        "NAME": EMBEDDED_DB_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
    }


def resolve_database(env, base_dir: Path, *, prefer_local_tcp: bool) -> tuple[dict, str]:
    """Return (DATABASES['default'] without ENGINE, a word saying where it came from).

    COOPERE_DB_NAME, when set, renames the database on whichever server is chosen (the
    benchmark uses it to keep to a database of its own).
    """
    db, source = _resolve_server(env, base_dir, prefer_local_tcp=prefer_local_tcp)
    if os.environ.get("COOPERE_DB_NAME"):
        db["NAME"] = os.environ["COOPERE_DB_NAME"]
    if source != "DATABASE_URL" or os.environ.get("COOPERE_DB_NAME"):
        ensure_database(db)  # a local server or a renamed database: may not exist yet
    return db, source


def _resolve_server(env, base_dir: Path, *, prefer_local_tcp: bool) -> tuple[dict, str]:
    if os.environ.get("DATABASE_URL"):
        return env.db_url("DATABASE_URL"), "DATABASE_URL"
    if os.environ.get(EMBEDDED_HOST_VAR):
        return _embedded_settings(os.environ[EMBEDDED_HOST_VAR]), "embedded-shared"
    if prefer_local_tcp and tcp_postgres_answers():
        return env.db_url_config("postgres://postgres@127.0.0.1:5432/coopere"), "127.0.0.1:5432"
    return embedded_database(base_dir / ".data" / "pg"), "embedded"


def stop_embedded_database() -> None:
    """Stop the embedded server this process started (the dev runner calls it on Ctrl-C).

    pgserver stops it when its last user exits, but a child killed without running its
    exit hooks would keep it alive forever; the runner owns it, so it stops it.
    """
    import atexit
    import contextlib
    import subprocess

    import pgserver

    for server in _EMBEDDED_SERVERS:
        atexit.unregister(server._cleanup)  # we stop it here; pgserver need not try again
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            pgserver.pg_ctl(
                ["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user
            )
    _EMBEDDED_SERVERS.clear()
