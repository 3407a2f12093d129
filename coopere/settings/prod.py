"""Production: every secret from the environment, secure cookies, no defaults that leak."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SELLER_SETTINGS, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Invoices and credit notes must carry the seller's legal identity: refuse to start without it.
for _name in SELLER_SETTINGS:
    if not env(_name, default="").strip():
        raise ImproperlyConfigured(
            f"Set the environment variable {_name}: the seller's identity printed on "
            "invoices and credit notes is required in production."
        )
