"""Developer machine: DEBUG on, embedded PostgreSQL when no DATABASE_URL is set."""

from infra.database import resolve_database

from .base import *  # noqa: F403
from .base import BASE_DIR, COOPERE_BASE_DOMAIN, DATABASES, env

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = [COOPERE_BASE_DOMAIN, f".{COOPERE_BASE_DOMAIN}", "localhost", "127.0.0.1"]

COOPERE_URL_SCHEME = env("COOPERE_URL_SCHEME", default="http")
COOPERE_URL_PORT = env("COOPERE_URL_PORT", default="8000")

_db, DATABASE_SOURCE = resolve_database(env, BASE_DIR, prefer_local_tcp=False)
DATABASES["default"].update(_db)
DATABASES["default"]["ENGINE"] = "tenants.postgresql_backend"

# django-axes warns that a per-process cache (no REDIS_URL) does not share its counters
# between processes; production requires Redis (settings.prod).
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
# Demo seller identity on invoices and credit notes, unless the environment gives one.
for _name, _value in DEMO_SELLER.items():  # noqa: F405
    if not globals()[_name]:
        globals()[_name] = _value
