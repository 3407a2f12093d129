"""Settings shared by every environment, read from the environment (django-environ).

dev.py, test.py and prod.py only change what differs; integrations switch on by their
variables (REDIS_URL, STRIPE_SECRET_KEY, EMAIL_URL).
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-change-me")
DEBUG = env.bool("DEBUG", default=False)

# The base domain: the public site lives on it, each network on <slug>.<base>.
COOPERE_BASE_DOMAIN = env("COOPERE_BASE_DOMAIN", default="coopere.localhost")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[COOPERE_BASE_DOMAIN, f".{COOPERE_BASE_DOMAIN}"])

# --- Applications -------------------------------------------------------------------
# One PostgreSQL schema per network. SHARED_APPS get tables in `public`; TENANT_APPS
# get tables in every network schema (and the template and pool schemas). An app in
# both has its tables in both, separately: rows never cross.
SHARED_APPS = [
    "django_tenants",  # schema routing, template cloning; must come first
    "tenants",  # Region, Network (the tenant), Domain: the registry of networks
    # Users exist in every schema: operators and partner staff in public.
    "django.contrib.contenttypes",  # needed by auth and admin in public
    "django.contrib.auth",  # permissions and groups for operators
    "coopere.accounts",  # the one custom User model; public copy holds staff
    "django.contrib.sessions",  # public sessions: operators and partners
    "django.contrib.admin",  # Django admin, for operators on the base domain only
    "django.contrib.messages",  # flash messages (no tables)
    "django.contrib.postgres",  # full-text search fields and GIN indexes (no tables)
    "django.contrib.staticfiles",  # static files (no tables)
    "rest_framework",  # API framework (no tables)
    "drf_spectacular",  # OpenAPI schema (no tables)
    "frontend",  # templates, static, design system, translations (no tables)
    "health_check",  # /sante/: database, cache, Redis, Celery, storage checks (no tables)
    "onboarding",  # the guided phases and the console: public schema
    "onboarding.launch",  # apéro-info, invitation letter, presentation kit: public schema
    "onboarding.coaching",  # coaching log, pilots' trainings, health alerts: public schema
    "billing",  # partners, plans, subscriptions: public schema
    # Support access: its audit table sits in public (coaches' side) and in every
    # network (what the network sees of who came in as support).
    "support",
    "tasklog",  # background tasks that failed for good, for operators: public schema
    # Login throttling (per account and per client). Counters live in the cache, keyed by
    # schema (django_tenants.cache.make_key); its tables stay unused in public.
    "axes",
]

TENANT_APPS = [
    # A network's own users: residents live in their network's schema only.
    "django.contrib.contenttypes",  # content types of the tenant's own models
    "django.contrib.auth",  # permissions for the Groupe d'Animation roles
    "coopere.accounts",  # the same User model, a separate table per network
    # Sessions per schema: a cookie from network A finds no session row in B.
    "django.contrib.sessions",
    "exchange",  # life inside a network: members, offers and needs, connections
    "community.cafes",  # the network's cafés-rencontres
    "community.projects",  # its collective projects and their sheets
    "community.purchases",  # its group purchases
    "community.team",  # its Groupe d'Animation's tasks
    "community.newsletter",  # its newsletter
    "community.impact",  # its impact page (snapshots go to public via tenants)
    "support",  # the network's own copy of the support-access audit log
]

INSTALLED_APPS = list(SHARED_APPS) + [a for a in TENANT_APPS if a not in SHARED_APPS]

TENANT_MODEL = "tenants.Network"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# A new network is a copy of this schema (kept migrated: it is a registered tenant row),
# not a fresh run of every migration.
TENANT_BASE_SCHEMA = "coopere_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Issue `SET search_path` once per connection and tenant, not before every query.
TENANT_LIMIT_SET_CALLS = True
# How links in emails and printed cards reach the site (no request to read them from).
COOPERE_URL_SCHEME = env("COOPERE_URL_SCHEME", default="https")
COOPERE_URL_PORT = env("COOPERE_URL_PORT", default="")
# How many pre-cloned spare schemas the warm pool keeps ready.
COOPERE_NETWORK_POOL_SIZE = env.int("COOPERE_NETWORK_POOL_SIZE", default=3)
# How long (seconds) a host -> network lookup stays cached; invalidated on change anyway.
COOPERE_HOST_CACHE_SECONDS = env.int("COOPERE_HOST_CACHE_SECONDS", default=300)

MIDDLEWARE = [
    "tenants.middleware.CachedTenantMiddleware",  # first: picks the schema and urlconf
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coopere.accounts.middleware.SessionBoundToSchemaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: ends support sessions past their time, keeps them read-only.
    "support.middleware.SupportSessionMiddleware",
    # After support: before its platform opens, a network serves its Groupe d'Animation.
    "exchange.middleware.PlatformNotOpenMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the French 429 page
]

# --- Content Security Policy (django-csp) ----------------------------------------------
# Scripts only from our own static files (HTMX, the kit, the newsletter editor): no inline
# script, no eval. Inline style attributes stay allowed (a few layout tweaks, HTMX's
# indicator style). Photos and QR codes are served by us or inline (data:, SVG).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Support access (support/): a coach's signed entry link, and the read-only session it opens.
# The guided phases and coaching (defaults in the code that reads them, overridable here).
COOPERE_MIN_GROUP_SIZE = env.int("COOPERE_MIN_GROUP_SIZE", default=6)  # never below 4
COOPERE_COACHING_TARGET_MINUTES_PER_WEEK = env.int(
    "COOPERE_COACHING_TARGET_MINUTES_PER_WEEK", default=120
)
# Days a network is expected to spend in a phase before a "phase overdue" alert.
COOPERE_PHASE_EXPECTED_DAYS = {"amorcage": 120, "lancement": 180, "structuration": 730}
COOPERE_CONSOLE_UPLOAD_MB = env.int("COOPERE_CONSOLE_UPLOAD_MB", default=10)
COOPERE_SUPPORT_LINK_SECONDS = env.int("COOPERE_SUPPORT_LINK_SECONDS", default=120)
COOPERE_SUPPORT_SESSION_MINUTES = env.int("COOPERE_SUPPORT_SESSION_MINUTES", default=30)

# A refused form (CSRF) gets the French 403 page with what to do.
CSRF_FAILURE_VIEW = "frontend.errors.csrf_failure"

ROOT_URLCONF = "coopere.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "coopere.urls_public"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.site",
            ],
        },
    }
]

WSGI_APPLICATION = "coopere.wsgi.application"

# --- Database -----------------------------------------------------------------------
# Session-mode connections only (no transaction pooler): the schema is set per connection.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/coopere")
}
DATABASES["default"]["ENGINE"] = "tenants.postgresql_backend"
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------
# django-tenants' key function prefixes every key with the current schema, so a
# network's cached values can never be read from another network.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "KEY_PREFIX": "coopere",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }

# --- Accounts -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or client
    "coopere.accounts.backends.EmailOrMemberCodeBackend",
]

# --- Login throttling (django-axes) -----------------------------------------------------
# Every login form (network hosts, base domain, admin): after AXES_FAILURE_LIMIT wrong
# passwords, that account and that client are each refused for the cool-off time. The
# client's address is read behind COOPERE_TRUSTED_PROXY_COUNT proxies (0: REMOTE_ADDR).
COOPERE_TRUSTED_PROXY_COUNT = env.int("COOPERE_TRUSTED_PROXY_COUNT", default=0)
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("COOPERE_LOGIN_ATTEMPTS", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("COOPERE_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_USERNAME_FORM_FIELD = "username"  # the login forms' field (email or member code)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "coopere.accounts.client.client_ip"
AXES_LOCKOUT_CALLABLE = "coopere.accounts.views.locked_out"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = None  # show "you are logged out", with a link back

# Cookies are host-only (no *_COOKIE_DOMAIN): a network's session and CSRF cookies are
# never sent to another network's host, and sessions live in each schema anyway.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "frontend" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------
STATIC_URL = "/static/"
# `collectstatic` writes here; production serves it with WhiteNoise (and nginx, if in front).
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / ".data" / "static")

# --- Uploaded files -------------------------------------------------------------------
# Each network's files live under MEDIA_ROOT/<schema>/ and are served only on its host.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".data" / "media")
MEDIA_URL = "/media/"
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
# COOPERE_MEDIA_BACKEND: "filesystem" (default) or "s3" (any S3-compatible store, through
# django-storages' boto3 backend and the AWS_* variables below; boto3 is not installed: see
# README). Either way each network's files sit under its own schema's folder or prefix.
COOPERE_MEDIA_BACKEND = env("COOPERE_MEDIA_BACKEND", default="filesystem")
if COOPERE_MEDIA_BACKEND == "s3":
    _media_storage = {
        "BACKEND": "coopere.storage.TenantS3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env("AWS_LOCATION", default="media"),
            "default_acl": None,  # private objects: served through the members-only view
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A photo is a phone picture at most: refuse larger uploads early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024

# --- Exchange ---------------------------------------------------------------------------
COOPERE_ACTIVATION_DAYS = env.int("COOPERE_ACTIVATION_DAYS", default=30)
# RGPD retention: accounts without a login for this many months are flagged for the
# Groupe d'Animation (animation members page, `manage.py inactive_members`); never deleted.
COOPERE_INACTIVE_MONTHS = env.int("COOPERE_INACTIVE_MONTHS", default=24)
# Wrong activation codes allowed per client address per quarter hour.
COOPERE_ACTIVATION_ATTEMPTS = env.int("COOPERE_ACTIVATION_ATTEMPTS", default=10)

# --- Email --------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Coop-ère <ne-pas-repondre@coopere.localhost>"
)

# --- Celery -------------------------------------------------------------------------
# With REDIS_URL: a real Redis broker. Without it (dev default): kombu's filesystem
# transport under .data/celery — a real queue that the dev runner's worker consumes.
CELERY_DATA_DIR = BASE_DIR / ".data" / "celery"
# Redis hands a task not acknowledged within this many seconds to another worker. Tasks
# queued with a countdown wait unacknowledged, so the longest spread of per-network work
# (tenants.dispatch refuses a longer one) must stay below it, or they run twice.
CELERY_VISIBILITY_TIMEOUT = 12 * 3600
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
# Two deployments sharing one Redis (or a rehearsal beside a real one) keep apart by name.
CELERY_TASK_DEFAULT_QUEUE = env("COOPERE_CELERY_QUEUE", default="celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# tenant-schemas-celery: cache the schema -> network lookup in workers.
CELERY_TASK_TENANT_CACHE_SECONDS = 60
CELERY_BEAT_SCHEDULE = {
    "refill-network-pool": {
        "task": "tenants.refill_network_pool",
        "schedule": 300.0,
    },
    "dispatch-daily-digests": {
        "task": "exchange.dispatch_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "dispatch-member-recounts": {
        "task": "tenants.dispatch_member_recounts",
        "schedule": 3600.0,
    },
    "dispatch-cafe-reminders": {  # the day before each café, mid-morning
        "task": "cafes.dispatch_cafe_reminders",
        "schedule": crontab(hour=10, minute=0),
    },
    "dispatch-impact-snapshots": {  # nightly: this month's row; on the 1st, last month's too
        "task": "impact.dispatch_snapshots",
        "schedule": crontab(hour=2, minute=0),
    },
    "dispatch-health-checks": {  # nightly, after the snapshots: alerts for the coaches
        "task": "coaching.dispatch_health_checks",
        "schedule": crontab(hour=4, minute=0),
    },
    "dispatch-weekly-digests": {  # Monday morning: each coach's digest of the past week
        "task": "coaching.dispatch_weekly_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week=1),
    },
    "lapse-subscriptions": {  # manual subscriptions past their period end
        "task": "billing.lapse_subscriptions",
        "schedule": crontab(hour=3, minute=30),
    },
    "dispatch-invoice-reminders": {  # unpaid invoices 15 and 30 days past due, mid-morning
        "task": "billing.dispatch_invoice_reminders",
        "schedule": crontab(hour=9, minute=15),
    },
    "dispatch-chorus-refreshes": {  # Chorus Pro deposits still in progress, early morning
        "task": "billing.dispatch_chorus_refreshes",
        "schedule": crontab(hour=6, minute=45),
    },
}

# --- Health (/sante/ on the base domain, coopere/health.py) ------------------------------
# Database, cache and media storage always; Redis when REDIS_URL is set; a Celery worker
# must answer a ping when this is on (default: with a Redis broker).
COOPERE_HEALTH_CELERY = env.bool("COOPERE_HEALTH_CELERY", default=bool(REDIS_URL))

# --- Billing (manual invoices) --------------------------------------------------------
# The seller's legal identity printed on every invoice and credit note (French legal
# mentions). Empty here: dev and test fill in demo values, production requires every one
# (coopere/settings/prod.py refuses to start without them).
SELLER_SETTINGS = (
    "COOPERE_LEGAL_NAME",
    "COOPERE_ADDRESS",
    "COOPERE_SIRET",
    "COOPERE_VAT_NUMBER",
    "COOPERE_IBAN",
    "COOPERE_BIC",
)
DEMO_SELLER = {
    "COOPERE_LEGAL_NAME": "Association Coop-ère (démo)",
    "COOPERE_ADDRESS": "1 place de la Coopération\n91000 Évry-Courcouronnes",
    "COOPERE_SIRET": "00000000000000",
    "COOPERE_VAT_NUMBER": "FR00000000000",
    # A well-formed IBAN (valid check digits): the Factur-X XML carries it as an IBAN.
    "COOPERE_IBAN": "FR76 3000 6000 0112 3456 7890 189",
    "COOPERE_BIC": "DEMOFRPPXXX",
}
COOPERE_LEGAL_NAME = env("COOPERE_LEGAL_NAME", default="")
# One line in the environment: "\n" written in it starts a new line on the documents.
COOPERE_ADDRESS = env("COOPERE_ADDRESS", default="")
COOPERE_SIRET = env("COOPERE_SIRET", default="")
COOPERE_VAT_NUMBER = env("COOPERE_VAT_NUMBER", default="")
COOPERE_IBAN = env("COOPERE_IBAN", default="")
COOPERE_BIC = env("COOPERE_BIC", default="")
COOPERE_PAYMENT_DAYS = env.int("COOPERE_PAYMENT_DAYS", default=30)
# Coop-ère's contact for partners, shown on every page of the partner portal.
COOPERE_CONTACT_EMAIL = env("COOPERE_CONTACT_EMAIL", default="partenaires@coopere.fr")
COOPERE_CONTACT_PHONE = env("COOPERE_CONTACT_PHONE", default="01 60 00 00 00")
# Late payment (art. L. 441-10 of the Code de commerce): the European Central Bank's main
# refinancing rate plus 10 points; public buyers owe interest at the ECB rate plus 8 points
# (art. R. 2192-31 of the Code de la commande publique). Plus the fixed 40 € recovery
# indemnity. Operators record the ECB rate each half-year on the console (Taux BCE); this
# one (basis points: 215 = 2.15 %) serves until they do.
COOPERE_ECB_RATE_BP = env.int("COOPERE_ECB_RATE_BP", default=215)
COOPERE_LATE_INTEREST_MARGIN_BP = env.int("COOPERE_LATE_INTEREST_MARGIN_BP", default=1000)
COOPERE_PUBLIC_LATE_INTEREST_MARGIN_BP = env.int(
    "COOPERE_PUBLIC_LATE_INTEREST_MARGIN_BP", default=800
)
COOPERE_RECOVERY_INDEMNITY_CENTS = 4000
# Reminders of an unpaid invoice: days after its due date (each sent once).
COOPERE_REMINDER_DAYS = (15, 30)
# How long (days) an emailed invitation to a partner's staff member stays valid.
COOPERE_PARTNER_INVITATION_DAYS = env.int("COOPERE_PARTNER_INVITATION_DAYS", default=7)

# --- Stripe -------------------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
# Signs the webhooks Stripe sends to /stripe/webhook/ (whsec_...); empty: every call is refused.
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Pinned: the API version the `stripe` library (16.1.0) is written for; change them together.
STRIPE_API_VERSION = "2026-10-28.endive"
# Where the API answers. Tests point it at a closed local port (or at a local fake).
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
# Seconds before a call to Stripe gives up (the partner is waiting on the page).
STRIPE_TIMEOUT = env.int("STRIPE_TIMEOUT", default=20)

# --- Chorus Pro (public buyers' e-invoicing portal, through the PISTE gateway) ---------
# Opt-in: without CHORUS_PRO_ENABLED the console offers the deposit file only (to upload
# by hand on the Chorus Pro portal). The credentials: a PISTE application (OAuth client)
# and a Chorus Pro technical account. Sandbox: https://sandbox-api.piste.gouv.fr and
# https://sandbox-oauth.piste.gouv.fr/api/oauth/token.
CHORUS_PRO_ENABLED = env.bool("CHORUS_PRO_ENABLED", default=False)
CHORUS_PRO_API_BASE = env("CHORUS_PRO_API_BASE", default="https://api.piste.gouv.fr")
CHORUS_PRO_OAUTH_URL = env(
    "CHORUS_PRO_OAUTH_URL", default="https://oauth.piste.gouv.fr/api/oauth/token"
)
CHORUS_PRO_CLIENT_ID = env("CHORUS_PRO_CLIENT_ID", default="")
CHORUS_PRO_CLIENT_SECRET = env("CHORUS_PRO_CLIENT_SECRET", default="")
CHORUS_PRO_LOGIN = env("CHORUS_PRO_LOGIN", default="")
CHORUS_PRO_PASSWORD = env("CHORUS_PRO_PASSWORD", default="")
CHORUS_PRO_TIMEOUT = env.int("CHORUS_PRO_TIMEOUT", default=30)

# --- API ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "exchange.api.schema.NetworkAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: a form body cannot tell null, a list or a missing field from text ("null"
    # was taken as the message "null"), found by the fuzz run. Anything else answers 415.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coop-ère API",
    "VERSION": "0.1.0",
    # The schema's own URL is not an operation of the API (its errors come in YAML).
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "coopere": {"level": env("LOG_LEVEL", default="INFO")},
        "tenants": {"level": env("LOG_LEVEL", default="INFO")},
    },
}
