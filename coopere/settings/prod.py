"""Production: every secret from the environment, secure cookies, no defaults that leak.

Refuses to start half-configured: each variable below must be set (and not blank), or
start-up fails with ImproperlyConfigured naming it. Without REDIS_URL the cache (login
throttling, host lookups) would be per process and Celery's broker a local folder.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import COOPERE_BASE_DOMAIN, MIDDLEWARE, SELLER_SETTINGS, STORAGES, env

REQUIRED = {
    "SECRET_KEY": "the key signing sessions, links and tokens",
    "REDIS_URL": "Redis for Celery and the shared cache (login throttling, host lookups)",
    "EMAIL_URL": "the SMTP server that sends activation, reset and notice emails",
    "ALLOWED_HOSTS": "the host names served (the base domain and .its sub-domains)",
    **{
        name: "the seller's identity printed on invoices and credit notes"
        for name in SELLER_SETTINGS
    },
}
for _name, _why in REQUIRED.items():
    if not os.environ.get(_name, "").strip():
        raise ImproperlyConfigured(
            f"Set the environment variable {_name}: {_why} is required in production."
        )

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Every network is a sub-domain: HSTS covers them all.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS",
    default=[f"https://{COOPERE_BASE_DOMAIN}", f"https://*.{COOPERE_BASE_DOMAIN}"],
)
# The health probe may come on plain HTTP from the machine itself (compose, systemd).
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]

# Static files: hashed names (cached for ever by browsers) written by `collectstatic`, served
# by the web process itself (WhiteNoise, right after SecurityMiddleware as it asks), so a
# stack without nginx still serves them; nginx may serve STATIC_ROOT directly in front.
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
