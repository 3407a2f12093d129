"""The reminders' beat runs twice (a retry, a redelivery): each reminder goes once."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from community.cafes import tasks
from community.cafes.models import CafeReminder
from exchange.models import Member
from tests.conftest import inside
from tests.inline_tasks import run_inline

pytestmark = pytest.mark.calendar_edges


def test_the_reminder_beat_twice_reminds_each_member_once(
    network_a, paul, make_cafe, monkeypatch, mailoutbox
):
    Member.objects.exclude(pk=paul.pk).update(notification_mode=Member.Digest.NEVER)
    paul.notification_mode = Member.Digest.IMMEDIATE
    paul.save()
    tomorrow = timezone.localdate() + timedelta(days=1)
    cafe = make_cafe(starts_at=timezone.make_aware(datetime.combine(tomorrow, time(10))))
    mailoutbox.clear()

    ran = run_inline(monkeypatch, tasks.send_cafe_reminders)
    tasks.dispatch_cafe_reminders()
    tasks.dispatch_cafe_reminders()
    assert ran.count(network_a.schema_name) == 2
    assert [m.to for m in mailoutbox] == [[paul.user.email]]
    with inside(network_a):  # the dispatcher leaves the connection in public
        assert CafeReminder.objects.filter(cafe=cafe).count() == 1
