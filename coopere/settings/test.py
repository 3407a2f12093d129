"""Test run: a real PostgreSQL (DATABASE_URL, else 127.0.0.1:5432, else embedded), real Redis
for Celery, fast password hashing, emails kept in memory."""

import os
from pathlib import Path

from infra.database import resolve_database

from .base import *  # noqa: F403
from .base import BASE_DIR, CELERY_VISIBILITY_TIMEOUT, COOPERE_BASE_DOMAIN, DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-secret"
ALLOWED_HOSTS = [COOPERE_BASE_DOMAIN, f".{COOPERE_BASE_DOMAIN}", "testserver", "localhost"]

_db, DATABASE_SOURCE = resolve_database(env, BASE_DIR, prefer_local_tcp=True)
DATABASES["default"].update(_db)
DATABASES["default"]["ENGINE"] = "tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = 0

COOPERE_URL_SCHEME = "http"
COOPERE_URL_PORT = ""
# One media folder per test process (xdist sets PYTEST_XDIST_WORKER: gw0, gw1…); MEDIA_ROOT
# from the environment moves them all (the make-prod test does).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "test-media"))) / (
    os.environ.get("PYTEST_XDIST_WORKER", "main")
)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
    }
}
# The real Redis answers on 127.0.0.1 on CI and on developer machines of this project.
CELERY_BROKER_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# One queue per test process: a run never consumes another run's leftovers.
CELERY_TASK_DEFAULT_QUEUE = f"coopere-test-{os.getpid()}"
CELERY_TASK_TENANT_CACHE_SECONDS = 0
COOPERE_NETWORK_POOL_SIZE = 2
# Stripe: no test reaches it. A closed local port makes a call without a fake fail at once;
# the webhook tests sign their payloads with this secret.
# No worker runs beside the in-process tests; tests/test_make_prod.py pings a real one.
COOPERE_HEALTH_CELERY = False
STRIPE_SECRET_KEY = "sk_test_offline"
STRIPE_WEBHOOK_SECRET = "whsec_test_offline"
STRIPE_API_BASE = "http://127.0.0.1:9"
STRIPE_TIMEOUT = 5
# Chorus Pro likewise: on, with test credentials, and pointed at a closed port.
CHORUS_PRO_ENABLED = True
CHORUS_PRO_API_BASE = "http://127.0.0.1:9"
CHORUS_PRO_OAUTH_URL = "http://127.0.0.1:9/api/oauth/token"
CHORUS_PRO_CLIENT_ID = "piste-test-client"
CHORUS_PRO_CLIENT_SECRET = "piste-test-secret"
CHORUS_PRO_LOGIN = "TECH_test@cpro.fr"
CHORUS_PRO_PASSWORD = "test-password"
CHORUS_PRO_TIMEOUT = 5

# django-axes warns that a per-process cache (no REDIS_URL) does not share its counters
# between processes; production requires Redis (settings.prod).
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
# Demo seller identity on invoices and credit notes, unless the environment gives one.
for _name, _value in DEMO_SELLER.items():  # noqa: F405
    if not globals()[_name]:
        globals()[_name] = _value
