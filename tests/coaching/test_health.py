"""The nightly health check: each network's own figures (read in its schema) open and
close its alerts in public, idempotently, without touching any other network's."""

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from community.cafes.models import Cafe
from onboarding.coaching import tasks
from onboarding.coaching.models import HealthAlert
from tenants.models import Network
from tests.conftest import wait_for

from .conftest import days_ago

# Month and year arithmetic: also run at 31 Dec 23:59, 1 Jan and 29 Feb.
pytestmark = pytest.mark.calendar_edges


Kind = HealthAlert.Kind


def held_cafe(network, member, when):
    with schema_context(network.schema_name):
        return Cafe.objects.create(
            starts_at=when, status=Cafe.Status.HELD, place_name="Square", created_by=member
        )


def run(network):
    """The task's function, as the worker runs it: inside the network's schema."""
    with schema_context(network.schema_name):
        return tasks.check_network_health()


def open_alerts(network):
    return {a.kind: a for a in HealthAlert.objects.filter(network=network, closed_at__isnull=True)}


@pytest.fixture
def quiet_a(network_a, people):
    """Network A (structuration), platform open 100 days, a full group registered 90 days
    ago, its last café held 50 days ago."""
    Network.objects.filter(pk=network_a.pk).update(platform_opened_at=days_ago(100))
    network_a.refresh_from_db()
    group = people(network_a, 6, role="animateur", registered=days_ago(90))
    held_cafe(network_a, group[0], days_ago(50))
    return network_a, group


def test_a_quiet_network_gets_its_alerts_in_french(quiet_a):
    network, _group = quiet_a
    assert run(network) == sorted([Kind.NO_CAFE, Kind.NO_NEWCOMER])
    alerts = open_alerts(network)
    assert set(alerts) == {Kind.NO_CAFE, Kind.NO_NEWCOMER}
    assert alerts[Kind.NO_CAFE].detail.startswith("Dernier café-rencontre tenu le ")
    assert alerts[Kind.NO_CAFE].detail.endswith(", il y a 50 jours.")
    assert alerts[Kind.NO_NEWCOMER].detail.startswith("Dernier nouveau membre le ")


def test_running_twice_gives_the_same_alerts(quiet_a):
    network, _group = quiet_a
    run(network)
    first = {k: a.pk for k, a in open_alerts(network).items()}
    run(network)
    assert {k: a.pk for k, a in open_alerts(network).items()} == first
    assert HealthAlert.objects.filter(network=network).count() == 2


def test_alerts_close_when_life_comes_back(quiet_a, people):
    network, group = quiet_a
    run(network)
    held_cafe(network, group[0], days_ago(3))
    people(network, 1)  # a newcomer today
    assert run(network) == []
    assert open_alerts(network) == {}
    closed = HealthAlert.objects.filter(network=network, closed_at__isnull=False)
    assert {a.kind for a in closed} == {Kind.NO_CAFE, Kind.NO_NEWCOMER}
    run(network)
    assert HealthAlert.objects.filter(network=network).count() == 2  # nothing reopened


def test_a_small_group_is_an_alert_past_amorcage(network_a, people):
    people(network_a, 3, role="pilote")
    run(network_a)
    alert = open_alerts(network_a)[Kind.GROUP_TOO_SMALL]
    assert alert.detail == "Le Groupe d'Animation compte 3 membres ; le minimum est de 6."


def test_amorcage_is_judged_only_on_its_length_and_b_never_touches_a(network_a, network_b):
    # B: in amorçage, nothing in its schema (no café, no group) — but for 130 days.
    Network.objects.filter(pk=network_b.pk).update(opened_at=days_ago(130))
    network_b.refresh_from_db()
    assert run(network_b) == [Kind.PHASE_OVERDUE]
    detail = open_alerts(network_b)[Kind.PHASE_OVERDUE].detail
    assert detail.startswith("Phase Amorçage commencée le ")
    assert detail.endswith(": 130 jours (120 prévus).")
    assert not HealthAlert.objects.filter(network=network_a).exists()


def test_a_network_without_cafe_since_lancement_is_alerted(network_a, people):
    Network.objects.filter(pk=network_a.pk).update(opened_at=days_ago(46))
    network_a.refresh_from_db()
    people(network_a, 6, role="animateur")
    run(network_a)
    assert open_alerts(network_a)[Kind.NO_CAFE].detail.startswith(
        "Aucun café-rencontre tenu depuis le début du lancement le "
    )


def test_the_check_refuses_to_run_in_public(db):
    with schema_context(get_public_schema_name()), pytest.raises(RuntimeError):
        tasks.check_network_health()


def test_the_nightly_dispatch_queues_one_check_per_live_network(db, monkeypatch):
    from django.db import connection

    sent = []
    monkeypatch.setattr(
        tasks.check_network_health,
        "apply_async",
        lambda countdown=0, **kw: sent.append((connection.schema_name, countdown)),
    )
    count = tasks.dispatch_health_checks()
    schemas = [schema for schema, _ in sent]
    assert count == len(sent) >= 2
    assert {"n_reseau_a", "n_reseau_b"} <= set(schemas)
    assert all(0 <= countdown < tasks.HEALTH_SPREAD_SECONDS for _, countdown in sent)


@pytest.mark.redis
def test_the_real_worker_runs_the_check_in_the_network_schema(committed_db, celery_worker):
    with schema_context(get_public_schema_name()):
        b = Network.objects.get(slug="reseau-b")
        opened_at = b.opened_at
        Network.objects.filter(pk=b.pk).update(opened_at=days_ago(200))
    try:
        with schema_context(b.schema_name):
            tasks.check_network_health.delay()
        assert wait_for(
            lambda: HealthAlert.objects.filter(
                network_id=b.pk, kind=Kind.PHASE_OVERDUE, closed_at__isnull=True
            ).exists()
        )
    finally:
        with schema_context(get_public_schema_name()):
            HealthAlert.objects.filter(network_id=b.pk).delete()
            Network.objects.filter(pk=b.pk).update(opened_at=opened_at)
