"""`make load`: production settings, on loopback, against the database `coopere_load`.

The same settings module for the gunicorn workers and for the preparation script. The
variables production requires get load-only values here (unless set); two production
choices change, both about TLS, which a proxy terminates in production and nobody does on
loopback: no HTTPS redirect, and cookies not marked Secure (the load clients speak http).
"""

import os

os.environ.setdefault("SECRET_KEY", "load-test-only-not-a-secret")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("EMAIL_URL", "dummymail://")
os.environ.setdefault("ALLOWED_HOSTS", ".coopere.localhost,coopere.localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("COOPERE_URL_SCHEME", "http")
os.environ.setdefault("LOG_LEVEL", "WARNING")
for _name, _value in {
    "COOPERE_LEGAL_NAME": "Association Coop-ère (charge)",
    "COOPERE_ADDRESS": "1 place de la Coopération\n91000 Évry-Courcouronnes",
    "COOPERE_SIRET": "00000000000000",
    "COOPERE_VAT_NUMBER": "FR00000000000",
    "COOPERE_IBAN": "FR76 0000 0000 0000 0000 0000 000",
    "COOPERE_BIC": "DEMOFRPPXXX",
}.items():
    os.environ.setdefault(_name, _value)
# A database of its own on whichever server DATABASE_URL (or 127.0.0.1:5432) names.
os.environ.setdefault("COOPERE_DB_NAME", "coopere_load")

from coopere.settings.prod import *  # noqa: E402, F403
from coopere.settings.prod import BASE_DIR, DATABASES, env  # noqa: E402
from infra.database import resolve_database  # noqa: E402

_db, DATABASE_SOURCE = resolve_database(env, BASE_DIR, prefer_local_tcp=True)
DATABASES["default"].update(_db)
DATABASES["default"]["ENGINE"] = "tenants.postgresql_backend"

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
MEDIA_ROOT = BASE_DIR / ".data" / "load-media"
