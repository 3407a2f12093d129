"""Issue 12, item 6: one network's backup (`export_network SLUG FILE`) restored into a
fresh database (`restore_network FILE`): its members, posts, files and public rows are
there and its site is served. Restoring where the address exists is refused in French,
with nothing written.

The fresh database is a copy of the test database's public schema without its rows (what
`migrate_schemas` makes before any network exists), filled by the real commands run in
their own processes, as an operator would."""

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.services import create_operator
from exchange.models import Theme
from exchange.services import posts
from exchange.services.bootstrap import create_founding_member
from onboarding.models import Amorceur, ChecklistItem, ChecklistVersion, ItemCheck, NetworkChecklist
from tenants import backup
from tenants.models import Network, NetworkSnapshot
from tenants.services import create_network
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[1]
SLUG = "les-sauvegardes"
SEEDED = ["--table=public.onboarding_checklistversion", "--table=public.onboarding_checklistitem"]


def _admin_params():
    db = connection.settings_dict
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
    }


def _url(name: str) -> str:
    params = _admin_params()
    password = f":{params['password']}" if params["password"] else ""
    return f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"


@pytest.fixture
def saved_network(committed_db):
    """A network with a pilote, a post, a photo and public rows, committed (pg_dump reads
    it from another connection); removed with its schema and files afterwards."""
    with schema_context(get_public_schema_name()):
        network = create_network(
            name="Les Sauvegardes",
            slug=SLUG,
            region="essonne",
            estimated_households=200,
            meeting_place="Salle des fêtes",
            phase=Network.Phase.LANCEMENT,
            method="clone",
        )
        NetworkSnapshot.objects.create(
            network=network, month=date(2026, 11, 1), computed_at=timezone.now(), residents=1
        )
        Amorceur.objects.create(network=network, name="Amicale des locataires")
        coach = create_operator(
            email="coach@sauvegardes.test", password=PASSWORD, first_name="Camille"
        )
        network.coach = coach
        network.save(update_fields=["coach"])
        NetworkChecklist.objects.create(
            network=network, version=ChecklistVersion.objects.get(number=1)
        )
        check = ItemCheck(
            network=network,
            item=ChecklistItem.objects.filter(version__number=1).order_by("pk").first(),
            done_at=date(2026, 11, 20),
            done_by=coach,
            note="Réunion tenue",
        )
        check.attachment.save("compte-rendu.txt", ContentFile(b"compte rendu"))
    with schema_context(network.schema_name):
        pilote = create_founding_member(
            first_name="Gisèle", email="gisele@sauvegardes.test", password=PASSWORD
        )
        posts.create_post(
            actor=pilote,
            author=pilote,
            kind="offer",
            title="Je prête ma perceuse",
            theme=Theme.objects.order_by("pk").first(),
            description="Le samedi, au bâtiment C.",
        )
        default_storage.save("photos/perceuse.txt", ContentFile(b"une photo"))
    yield network
    with schema_context(network.schema_name):
        default_storage.delete("photos/perceuse.txt")
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{network.schema_name}" CASCADE')
    with schema_context(get_public_schema_name()):
        default_storage.delete(check.attachment.name)
        Network.objects.filter(pk=network.pk).delete()
        with connection.cursor() as cursor:  # a raw delete: no cascade into tenant tables
            cursor.execute("DELETE FROM accounts_user WHERE id = %s", [coach.pk])


@pytest.fixture
def fresh_database(committed_db):
    """An empty platform: the public schema's tables, no rows."""
    name = f"{connection.settings_dict['NAME']}_restore"
    with psycopg.connect(dbname="postgres", autocommit=True, **_admin_params()) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    # The dump creates the public schema itself.
    with psycopg.connect(dbname=name, autocommit=True, **_admin_params()) as fresh:
        fresh.execute("DROP SCHEMA public CASCADE")
    args, env = backup._pg_args()
    dump = subprocess.run(
        [backup.pg_tool("pg_dump"), *args, "--schema-only", "--schema=public", "--format=custom"],
        env=env,
        capture_output=True,
        check=True,
    )
    # ...and the rows migrations seed (the checklist catalogue), as in a new deployment.
    seeded = subprocess.run(
        [backup.pg_tool("pg_dump"), *args, "--data-only", "--format=custom", *SEEDED],
        env=env,
        capture_output=True,
        check=True,
    )
    target = [a if a != connection.settings_dict["NAME"] else name for a in args]
    for archive in (dump.stdout, seeded.stdout):
        subprocess.run(
            [backup.pg_tool("pg_restore"), *target, "--no-owner"],
            input=archive,
            env=env,
            capture_output=True,
            check=True,
        )
    yield _url(name)
    with psycopg.connect(dbname="postgres", autocommit=True, **_admin_params()) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(env, *args):
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "coopere.settings.test", **env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=300
    )


LOOK = """
import json, django
django.setup()
from django.core.files.storage import default_storage
from django.test import Client
from django_tenants.utils import schema_context
from exchange.models import Member, Post
from coopere.accounts.services import create_operator
from onboarding.models import Amorceur, ChecklistItem, ChecklistVersion, ItemCheck, NetworkChecklist
from tenants.models import Network, NetworkSnapshot
network = Network.objects.get(slug="les-sauvegardes")
found = {
    "region": network.region.code,
    "snapshots": NetworkSnapshot.objects.filter(network=network).count(),
    "amorceurs": list(Amorceur.objects.filter(network=network).values_list("name", flat=True)),
    "coach": [network.coach.email, network.coach.is_active, network.coach.has_usable_password()],
    "checklist": network.checklist.version.number,
}
check = ItemCheck.objects.get(network=network)
found["check"] = [check.note, check.done_by.email, check.attachment.read().decode()]
with schema_context(network.schema_name):
    found["members"] = list(Member.objects.values_list("user__email", flat=True))
    found["posts"] = list(Post.objects.values_list("title", flat=True))
    found["photo"] = default_storage.open("photos/perceuse.txt").read().decode()
home = Client(HTTP_HOST="les-sauvegardes.coopere.localhost").get("/")
found["home"] = [home.status_code, "Les Sauvegardes" in home.content.decode()]
print(json.dumps(found))
"""


def test_a_network_restored_into_a_fresh_database(saved_network, fresh_database, tmp_path):
    archive = tmp_path / "les-sauvegardes.tar.gz"
    here = {"DATABASE_URL": _url(connection.settings_dict["NAME"])}
    exported = _run(here, "manage.py", "export_network", SLUG, str(archive))
    assert exported.returncode == 0, exported.stderr
    assert archive.stat().st_size > 0

    fresh = {"DATABASE_URL": fresh_database, "MEDIA_ROOT": str(tmp_path / "media")}
    restored = _run(fresh, "manage.py", "restore_network", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "restauré" in restored.stdout

    looked = _run(fresh, "-c", LOOK)
    assert looked.returncode == 0, looked.stderr
    found = json.loads(looked.stdout.strip().splitlines()[-1])
    assert found == {
        "region": "essonne",
        "snapshots": 1,
        "amorceurs": ["Amicale des locataires"],
        # The coach did not exist there: recreated inactive, without a password.
        "coach": ["coach@sauvegardes.test", False, False],
        "checklist": 1,
        "check": ["Réunion tenue", "coach@sauvegardes.test", "compte rendu"],
        "members": ["gisele@sauvegardes.test"],
        "posts": ["Je prête ma perceuse"],
        "photo": "une photo",
        "home": [200, True],
    }

    # A second restore into the same database: refused, in French, nothing written.
    again = _run(fresh, "manage.py", "restore_network", str(archive))
    assert again.returncode != 0
    assert "existe déjà" in again.stderr


def test_restoring_where_the_address_exists_is_refused(saved_network, tmp_path):
    archive = tmp_path / "les-sauvegardes.tar.gz"
    call_command("export_network", SLUG, str(archive), stdout=io.StringIO())
    networks = Network.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("restore_network", str(archive))
    assert str(refused.value) == (
        "Un réseau à l'adresse « les-sauvegardes » existe déjà dans cette base : "
        "rien n'a été restauré."
    )
    assert Network.objects.count() == networks


def test_an_unknown_address_is_named(committed_db, tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("export_network", "nulle-part", str(tmp_path / "x.tar.gz"))
    assert "nulle-part" in str(refused.value)
    assert not (tmp_path / "x.tar.gz").exists()


def test_the_client_tools_match_the_server(db):
    for tool in ("pg_dump", "pg_restore"):
        version = backup._tool_major(backup.pg_tool(tool))
        assert version >= backup.server_major()
    assert settings.DATABASES["default"]["NAME"]
