"""One migrated database per test session: the public site, the template schema and two
networks (A and B, for isolation), made once by the same services production uses.

Tests run inside a transaction (pytest-django's `db`) and switch schemas on that one
connection. Tests that need committed data (a Celery worker thread, a live server) use
the session's committed residents below and `committed_db`.
"""

import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from tenants import services
from tenants.models import Network, Region

pytest_plugins = ["tests.clock"]

PASSWORD = "mot-de-passe-de-test"


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_modify_db_settings,
):
    """Replaces pytest-django's: the test database is always made (tests that only use
    committed data ask for no `db`), then the platform is built on it once."""
    from django.test.utils import setup_databases, teardown_databases

    _end_other_sessions()  # a previous run killed mid-way may still hold the test database
    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases={"default"},
            keepdb=django_db_keepdb,
        )
        _build_platform()
    yield
    if not django_db_keepdb:
        # Live-server and Celery worker threads may still hold connections.
        _end_other_sessions()
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


def _end_other_sessions():
    """Close every other connection to the test database, so it can be dropped."""
    import psycopg

    db = connection.settings_dict
    name = db["NAME"] if db["NAME"].startswith("test_") else f"test_{db['NAME']}"
    params = {
        k: db.get(K) or None
        for k, K in [("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD")]
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )


def _build_platform():
    services.ensure_public_site()
    services.ensure_template()
    region = Region.objects.create(code="essonne", name="Essonne")
    Region.objects.create(code="val-de-marne", name="Val-de-Marne")
    for slug, name, phase in [
        ("reseau-a", "Réseau A", Network.Phase.STRUCTURATION),
        ("reseau-b", "Réseau B", Network.Phase.AMORCAGE),
    ]:
        network = services.create_network(
            name=name,
            slug=slug,
            region=region,
            estimated_households=250,
            meeting_place="Place de la mairie",
            phase=phase,
            method="clone",
        )
        with schema_context(network.schema_name):
            User.objects.create_user(
                email=f"alice@{slug}.test",
                password=PASSWORD,
                first_name="Alice" if slug == "reseau-a" else "Bruno",
            )
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _back_to_public():
    yield
    connection.set_schema_to_public()
    # The test's transaction is rolled back, the in-process cache is not: a host lookup
    # cached during a test must not outlive it.
    cache.clear()


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Database access without the per-test transaction: what you write is committed."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


def _network(slug):
    with schema_context(get_public_schema_name()):
        return Network.objects.get(slug=slug)


@pytest.fixture
def network_a(db):
    return _network("reseau-a")


@pytest.fixture
def network_b(db):
    return _network("reseau-b")


@pytest.fixture
def network_b_open(network_b):
    """Network B with its residents' platform open (for this test only: rolled back), so
    that isolation tests reach B's pages as any resident of B would after launch."""
    from django.utils import timezone

    with schema_context(get_public_schema_name()):
        network_b.platform_opened_at = timezone.now()
        network_b.save(update_fields=["platform_opened_at"])
    return network_b


@pytest.fixture
def region(db):
    return Region.objects.get(code="essonne")


def host_of(network) -> str:
    return (
        f"{network.slug}.{settings.COOPERE_BASE_DOMAIN}"
        if network
        else settings.COOPERE_BASE_DOMAIN
    )


@pytest.fixture
def client_for():
    """A test client speaking to one host: client_for(network) or client_for(None) for public."""

    def make(network):
        return Client(HTTP_HOST=host_of(network))

    return make


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real Celery worker (a thread of this process) on the real Redis, for the session.
    Tasks it runs see committed data only; emails it sends land in `mail.outbox`."""
    import redis
    from celery.contrib.testing.worker import start_worker

    from coopere.celery import app

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"Redis does not answer on {settings.CELERY_BROKER_URL}")
    with (
        django_db_blocker.unblock(),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker,
    ):
        yield worker


def wait_for(predicate, timeout=15.0) -> bool:
    """Poll until predicate() is true (work done by another thread), or give up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def schema_of(slug: str) -> str:
    """A network's schema, looked up from the public schema (for committed setup rows)."""
    with schema_context(get_public_schema_name()):
        return Network.objects.get(slug=slug).schema_name


@contextmanager
def inside(network):
    with schema_context(network.schema_name):
        yield
