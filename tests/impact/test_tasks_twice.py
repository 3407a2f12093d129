"""The snapshot tasks run twice: one row per network and month."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from community.impact import tasks
from tenants.models import NetworkSnapshot
from tests.inline_tasks import run_inline

pytestmark = pytest.mark.calendar_edges


def test_writing_a_snapshot_twice_keeps_one_row(db, network_a):
    month = timezone.localdate().replace(day=1)
    with schema_context(network_a.schema_name):
        first = tasks.write_impact_snapshot(month.isoformat())
        second = tasks.write_impact_snapshot(month.isoformat())
        tasks.write_impact_snapshot()
        tasks.write_impact_snapshot()
    assert first == second
    assert NetworkSnapshot.objects.filter(network=network_a, month=month).count() == 1


def test_the_nightly_beat_twice_keeps_one_row_per_network(db, network_a, network_b, monkeypatch):
    ran = run_inline(monkeypatch, tasks.write_impact_snapshot)
    tasks.dispatch_impact_snapshots()
    tasks.dispatch_impact_snapshots()
    assert sorted(ran) == sorted([network_a.schema_name, network_b.schema_name] * 2)
    month = timezone.localdate().replace(day=1)
    for network in (network_a, network_b):
        assert NetworkSnapshot.objects.filter(network=network, month=month).count() == 1
