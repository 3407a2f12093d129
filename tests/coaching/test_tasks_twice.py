"""The coaching tasks run twice (retry, redelivery), in the same schema with the same
arguments: one email, the same alerts."""

import pytest
from django.core import mail
from django.db import connection

from onboarding.coaching import services, tasks
from onboarding.coaching.models import HealthAlert
from tests.inline_tasks import run_inline

from .test_health import held_cafe, open_alerts
from .test_services import plan

pytestmark = pytest.mark.calendar_edges


def test_a_training_invitation_task_twice_sends_one_email(network_a, coach, monkeypatch):
    monkeypatch.setattr(tasks.send_training_invitation, "delay", lambda *a: None)
    invitation = services.invite_to_training(
        training=plan(coach), network=network_a, name="Marie", email="marie@exemple.fr", by=coach
    )
    assert tasks.send_training_invitation(invitation.pk) is True
    assert tasks.send_training_invitation(invitation.pk) is False
    assert [m.to for m in mail.outbox] == [["marie@exemple.fr"]]


def test_the_health_beat_twice_gives_the_same_alerts(network_a, people, monkeypatch):
    from tenants.models import Network

    from .conftest import days_ago

    Network.objects.filter(pk=network_a.pk).update(platform_opened_at=days_ago(100))
    group = people(network_a, 6, role="animateur", registered=days_ago(90))
    held_cafe(network_a, group[0], days_ago(50))
    connection.set_schema_to_public()

    ran = run_inline(monkeypatch, tasks.check_network_health)
    tasks.dispatch_health_checks()
    once = {kind: alert.pk for kind, alert in open_alerts(network_a).items()}
    tasks.dispatch_health_checks()
    assert ran.count(network_a.schema_name) == 2
    assert once and {kind: a.pk for kind, a in open_alerts(network_a).items()} == once
    assert HealthAlert.objects.filter(network=network_a).count() == len(once)
