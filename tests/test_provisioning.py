"""Opening networks: pool, clone and migrate paths; bad input; nothing left half-made."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import translation
from django_tenants.utils import schema_context, schema_exists

from coopere.accounts.models import User
from tenants import services
from tenants.models import Domain, Network
from tenants.schema_check import missing_tenant_tables

GOOD = dict(
    name="Les Hirondelles",
    slug="hirondelles",
    region="essonne",
    estimated_households=150,
    perimeter_description="Rue des Hirondelles",
    meeting_place="Square",
)


def _snapshot():
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace ORDER BY 1")
        schemas = [r[0] for r in cursor.fetchall()]
    return (
        schemas,
        list(Network.objects.order_by("pk").values_list("pk", "schema_name", "state", "slug")),
        list(Domain.objects.order_by("pk").values_list("domain", flat=True)),
    )


def test_clone_path_opens_a_complete_network(db, region):
    network = services.create_network(**GOOD, method="clone")
    assert network.state == Network.State.LIVE
    assert network.schema_name == "n_hirondelles"
    assert schema_exists("n_hirondelles")
    assert missing_tenant_tables("n_hirondelles") == []
    assert Domain.objects.get(tenant=network).domain == "hirondelles.coopere.localhost"
    # The clone carries the template's migration history: nothing left to migrate.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM n_hirondelles.django_migrations),"
            " (SELECT count(*) FROM coopere_template.django_migrations)"
        )
        cloned, template = cursor.fetchone()
    assert cloned == template > 0
    with schema_context(network.schema_name):
        assert User.objects.count() == 0


def test_pool_path_renames_a_spare(db, region):
    assert services.fill_pool(target=1) >= 0
    spare = Network.objects.filter(state=Network.State.SPARE).first()
    assert spare is not None and schema_exists(spare.schema_name)
    spare_name = spare.schema_name
    network = services.create_network(**GOOD, method="pool")
    assert network.pk == spare.pk
    assert network.schema_name == "n_hirondelles"
    assert schema_exists("n_hirondelles") and not schema_exists(spare_name)
    assert missing_tenant_tables("n_hirondelles") == []


def test_pool_empty_refuses_with_clear_message_and_builds_nothing(db, region):
    services.drain_pool()
    before = _snapshot()
    with translation.override("fr"), pytest.raises(services.PoolEmpty) as exc:
        services.create_network(**GOOD, method="pool")
    assert "Aucun espace" in str(exc.value)
    assert _snapshot() == before


def test_fill_pool_tops_up_to_target_and_no_further(db):
    services.drain_pool()
    assert services.fill_pool(target=2) == 2
    assert services.fill_pool(target=2) == 0
    spares = Network.objects.filter(state=Network.State.SPARE)
    assert spares.count() == 2
    for spare in spares:
        assert missing_tenant_tables(spare.schema_name) == []


def test_failed_clone_leaves_nothing_behind(db, region, monkeypatch):
    before = _snapshot()
    monkeypatch.setattr(services, "missing_tenant_tables", lambda schema: ["accounts_user"])
    with pytest.raises(RuntimeError):
        services.create_network(**GOOD, method="clone")
    assert _snapshot() == before
    assert not schema_exists("n_hirondelles")


def test_failed_pool_opening_keeps_the_spare_intact(db, region, monkeypatch):
    services.fill_pool(target=1)
    before = _snapshot()

    def broken_create(**kwargs):
        raise IntegrityError("simulated failure after the rename")

    monkeypatch.setattr(Domain.objects, "create", broken_create)
    with pytest.raises(IntegrityError):
        services.create_network(**GOOD, method="pool")
    assert _snapshot() == before


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"slug": "reseau-a"}, "slug", "déjà prise"),
        ({"slug": "Pas Bon!"}, "slug", "minuscules"),
        ({"slug": "-x"}, "slug", "minuscules"),
        ({"slug": "admin"}, "slug", "réservée"),
        ({"estimated_households": 99}, "estimated_households", "entre 100 et 500"),
        ({"estimated_households": 501}, "estimated_households", "entre 100 et 500"),
        ({"estimated_households": "beaucoup"}, "estimated_households", "nombre entier"),
        ({"region": "atlantide"}, "region", "Région inconnue"),
        ({"name": "  "}, "name", "nom"),
    ],
)
def test_bad_input_gives_french_error_and_creates_nothing(db, change, field, message):
    before = _snapshot()
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        services.create_network(**{**GOOD, **change}, method="clone")
    errors = exc.value.message_dict
    assert field in errors
    assert any(message in text for text in errors[field]), errors
    assert _snapshot() == before


def test_migrate_path_builds_the_same_tables(committed_db):
    """The slow path, kept for benchmarks and repair: migrations run outside a transaction,
    so this test cleans up after itself."""
    network = services.create_network(**{**GOOD, "slug": "par-migration"}, method="migrate")
    try:
        assert missing_tenant_tables(network.schema_name) == []
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{network.schema_name}" CASCADE')
        Domain.objects.filter(tenant=network).delete()
        network.delete()
    assert not schema_exists("n_par_migration")


def test_create_network_command_reports_french_errors(db):
    from django.core.management import CommandError, call_command

    with translation.override("fr"), pytest.raises(CommandError) as exc:
        call_command("create_network", "reseau-a", name="X", region="essonne", households=40)
    assert "déjà prise" in str(exc.value)
    assert "entre 100 et 500" in str(exc.value)
