"""Issue 11, finding 6 and build items 6-7: production refuses to start half-configured
(each required variable named), and `check --deploy` finds nothing with its settings:
HSTS over every sub-domain, HTTPS redirect, secure cookies, CSRF origins for the base
domain and its networks, a Content-Security-Policy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPLETE = {
    "SECRET_KEY": "prod-test-" + "k3y!" * 16,
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "EMAIL_URL": "smtp+tls://coopere:secret@smtp.example.org:587",
    "ALLOWED_HOSTS": "coopere.example.org,.coopere.example.org",
    "COOPERE_BASE_DOMAIN": "coopere.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/coopere_prod_check",
    "COOPERE_LEGAL_NAME": "Association Coop-ère",
    "COOPERE_ADDRESS": "2 rue des Voisins\\n91000 Évry",
    "COOPERE_SIRET": "12345678900011",
    "COOPERE_VAT_NUMBER": "FR12123456789",
    "COOPERE_IBAN": "FR76 3000 6000 0112 3456 7890 189",
    "COOPERE_BIC": "AGRIFRPPXXX",
}
REQUIRED = ["SECRET_KEY", "REDIS_URL", "EMAIL_URL", "ALLOWED_HOSTS", "COOPERE_SIRET"]


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    full["DJANGO_SETTINGS_MODULE"] = "coopere.settings.prod"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in COMPLETE.items() if k != missing}
    result = _run(env, "-c", "import django; django.setup()")
    assert result.returncode != 0
    assert f"ImproperlyConfigured: Set the environment variable {missing}:" in result.stderr


def test_check_deploy_finds_nothing():
    result = _run(COMPLETE, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_headers_and_origins():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, s.CSRF_TRUSTED_ORIGINS,"
        " s.CACHES['default']['BACKEND'], s.CELERY_BROKER_URL)"
    )
    result = _run(COMPLETE, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "['https://coopere.example.org',",
        "'https://*.coopere.example.org']",
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/9",
    ]
