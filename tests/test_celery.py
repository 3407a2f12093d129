"""Celery through tenant-schemas-celery, on the real Redis: a task runs in the schema that
queued it."""

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from tenants import tasks
from tenants.models import Network
from tests.conftest import wait_for


def _public_member_count(slug):
    with schema_context(get_public_schema_name()):
        return Network.objects.get(slug=slug).member_count


@pytest.mark.redis
def test_task_runs_in_the_schema_that_queued_it(committed_db, celery_worker):
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
        assert wait_for(lambda: _public_member_count("reseau-a") == expected_a)

        with schema_context(b.schema_name):
            expected_b = User.objects.count()
            tasks.recount_members.delay()
        assert wait_for(lambda: _public_member_count("reseau-b") == expected_b)
        # B's count is B's own: A's new residents did not leak into it.
        assert expected_b != expected_a
    finally:
        with schema_context(a.schema_name):
            User.objects.filter(pk__in=[u.pk for u in extra]).delete()


@pytest.mark.redis
def test_dispatch_spreads_recounts_over_time(committed_db, celery_worker, monkeypatch):
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


def test_every_spread_stays_below_the_brokers_visibility_timeout(settings):
    """A countdown longer than Redis's visibility timeout is redelivered: the task runs
    twice. The beat's spreads stay below it, and a longer one is refused."""
    from django.conf import settings as live

    from community.cafes import tasks as cafe_tasks
    from community.impact import tasks as impact_tasks
    from exchange import tasks as exchange_tasks
    from onboarding.coaching import tasks as coaching_tasks
    from tenants.dispatch import spread_over_networks

    timeout = live.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    spreads = [
        tasks.RECOUNT_SPREAD_SECONDS,
        exchange_tasks.DIGEST_SPREAD_SECONDS,
        cafe_tasks.REMINDER_SPREAD_SECONDS,
        impact_tasks.SPREAD_SECONDS,
        coaching_tasks.HEALTH_SPREAD_SECONDS,
    ]
    assert max(spreads) < timeout == live.CELERY_VISIBILITY_TIMEOUT
    with pytest.raises(ValueError, match="visibility timeout"):
        spread_over_networks(tasks.recount_members, seconds=timeout)
