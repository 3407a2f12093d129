"""Celery through tenant-schemas-celery, on the real Redis: a task runs in the schema that
queued it."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.celery import app
from tenants import tasks
from tenants.models import Network


def _redis_answers() -> bool:
    import redis

    try:
        return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    if not _redis_answers():
        pytest.skip(f"Redis does not answer on {settings.CELERY_BROKER_URL}")
    with (
        django_db_blocker.unblock(),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as running,
    ):
        yield running


def _wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _public_member_count(slug):
    with schema_context(get_public_schema_name()):
        return Network.objects.get(slug=slug).member_count


@pytest.mark.redis
def test_task_runs_in_the_schema_that_queued_it(committed_db, worker):
    with schema_context(get_public_schema_name()):
        a = Network.objects.get(slug="reseau-a")
        b = Network.objects.get(slug="reseau-b")
    with schema_context(a.schema_name):
        extra = [
            User.objects.create_user(email=f"voisin{i}@reseau-a.test", first_name=f"V{i}")
            for i in range(3)
        ]
        expected_a = User.objects.filter(kind=User.Kind.RESIDENT).count()
    try:
        with schema_context(a.schema_name):
            tasks.recount_members.delay()
        assert _wait_for(lambda: _public_member_count("reseau-a") == expected_a)

        with schema_context(b.schema_name):
            expected_b = User.objects.count()
            tasks.recount_members.delay()
        assert _wait_for(lambda: _public_member_count("reseau-b") == expected_b)
        # B's count is B's own: A's new residents did not leak into it.
        assert expected_b != expected_a
    finally:
        with schema_context(a.schema_name):
            User.objects.filter(pk__in=[u.pk for u in extra]).delete()


@pytest.mark.redis
def test_dispatch_spreads_recounts_over_time(committed_db, worker, monkeypatch):
    sent = []
    monkeypatch.setattr(
        tasks.recount_members,
        "apply_async",
        lambda countdown=0, **kw: sent.append((_current_schema(), countdown)),
    )
    assert tasks.dispatch_member_recounts() == 2
    schemas = [schema for schema, _ in sent]
    assert schemas == ["n_reseau_a", "n_reseau_b"]
    assert sent[0][1] == 0 and sent[1][1] == tasks.RECOUNT_SPREAD_SECONDS // 2


def _current_schema():
    from django.db import connection

    return connection.schema_name
