"""Seller identity: production refuses to start without it; dev and test have demo values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from billing import selectors

ROOT = Path(__file__).resolve().parents[2]
SELLER = {
    "COOPERE_LEGAL_NAME": "Association Coop-ère",
    "COOPERE_ADDRESS": "2 rue des Voisins\\n91000 Évry",
    "COOPERE_SIRET": "12345678900011",
    "COOPERE_VAT_NUMBER": "FR12123456789",
    "COOPERE_IBAN": "FR76 3000 6000 0112 3456 7890 189",
    "COOPERE_BIC": "AGRIFRPPXXX",
}


def _load_prod(extra: dict) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": "x",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "EMAIL_URL": "smtp://localhost:25",
        "ALLOWED_HOSTS": "coopere.example.org",
        **extra,
    }
    env["DJANGO_SETTINGS_MODULE"] = "coopere.settings.prod"
    code = "from django.conf import settings; print(settings.COOPERE_BIC)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_starts_with_the_whole_seller_identity():
    result = _load_prod(SELLER)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "AGRIFRPPXXX"


@pytest.mark.parametrize("missing", sorted(SELLER))
def test_production_refuses_to_start_naming_the_missing_variable(missing):
    env = {k: v for k, v in SELLER.items() if k != missing}
    result = _load_prod(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the environment variable {missing}" in result.stderr


def test_a_blank_value_counts_as_missing():
    result = _load_prod({**SELLER, "COOPERE_IBAN": "  "})
    assert result.returncode != 0
    assert "COOPERE_IBAN" in result.stderr


def test_test_settings_have_demo_values():
    seller = selectors.seller()
    assert all(seller[key] for key in ("name", "address", "siret", "vat_number", "iban", "bic"))
    assert "\n" in seller["address"]
