"""French first: the catalogue is complete, and pages speak French unless asked otherwise."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FR_PO = ROOT / "frontend" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_french_catalogue_has_no_missing_or_fuzzy_entry():
    po = polib.pofile(str(FR_PO))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]


@pytest.mark.skipif(not shutil.which("xgettext"), reason="xgettext (gettext) not installed")
def test_every_string_in_the_code_is_in_the_french_catalogue(tmp_path):
    """Extract the strings afresh into a copy and check each one is translated."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".data", ".git", "tests", "__pycache__", "*.mo"),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=.data",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "coopere.settings.test",
            "PYTHONPATH": str(copy),
        },
    )
    fresh = polib.pofile(str(copy / "frontend/locale/fr/LC_MESSAGES/django.po"))
    # makemessages fills a new string with a "fuzzy" guess from a similar one: not a translation.
    missing = [
        e.msgid for e in fresh if (not e.msgstr and not e.msgstr_plural) or "fuzzy" in e.flags
    ]
    assert not missing, f"untranslated strings (run `make messages`): {missing}"


def test_pages_are_french_by_default_and_english_on_request(db, client_for, network_a):
    client = client_for(network_a)
    assert "Prochain café-rencontre" in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Next café-rencontre" in client.get("/").content.decode()


def test_language_settings():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris" and settings.USE_TZ
    assert [code for code, _ in settings.LANGUAGES] == ["fr", "en"]
