"""Reminders the day before: to members who RSVPed and to members who get news by email;
a second run sends nothing; the beat spreads networks over time."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from community.cafes import services, tasks
from community.cafes.models import Cafe, CafeReminder
from exchange.models import Member
from tests.exchange.factories import MemberFactory


def _tomorrow_at(hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def people(in_a, animator, rose, paul):
    Member.objects.filter(pk=animator.pk).update(notification_mode=Member.Digest.NEVER)
    rose.notification_mode = Member.Digest.NEVER  # but she said she would come
    rose.save()
    paul.notification_mode = Member.Digest.IMMEDIATE
    paul.save()
    return {
        "rose": rose,
        "paul": paul,
        "daily": MemberFactory(user__first_name="Lina"),  # daily is the default
        "quiet": MemberFactory(notification_mode=Member.Digest.NEVER),
        "no_email": MemberFactory(without_email=True),
    }


def test_reminders_go_once_to_the_right_members(people, make_cafe):
    cafe = make_cafe(starts_at=_tomorrow_at(10), video_url="https://visio.example.org/c")
    make_cafe(starts_at=_tomorrow_at(10) + timedelta(days=1))  # the day after: not yet
    make_cafe(starts_at=_tomorrow_at(15), status=Cafe.Status.CANCELLED)
    services.rsvp(actor=people["rose"], cafe=cafe)
    mail.outbox.clear()

    assert tasks.send_cafe_reminders() == 3
    assert tasks.send_cafe_reminders() == 0  # run twice: nothing more

    to = sorted(m.to[0] for m in mail.outbox)
    expected = sorted(p.user.email for p in (people["rose"], people["paul"], people["daily"]))
    assert to == expected
    assert CafeReminder.objects.filter(cafe=cafe).count() == 3
    by_member = {m.to[0]: m for m in mail.outbox}
    rose_mail = by_member[people["rose"].user.email]
    assert rose_mail.subject == "Café-rencontre demain à 10\u00a0h"
    assert "Vous avez dit que vous viendriez" in rose_mail.body
    assert "Square des Tilleuls" in rose_mail.body
    assert "https://visio.example.org/c" in rose_mail.body
    assert f"/cafes/{cafe.pk}/" in rose_mail.body
    assert "tout le monde est bienvenu" in by_member[people["paul"].user.email].body


def test_a_failed_send_is_retried_later(people, make_cafe, monkeypatch):
    make_cafe(starts_at=_tomorrow_at(10))
    mail.outbox.clear()

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr("community.cafes.reminders.send_mail", broken)
    with pytest.raises(ConnectionError):
        tasks.send_cafe_reminders()
    assert not CafeReminder.objects.exists()
    monkeypatch.undo()
    assert tasks.send_cafe_reminders() == 2  # paul and the daily reader
    assert len(mail.outbox) == 2


def test_no_cafe_tomorrow_no_email(people, make_cafe):
    make_cafe(starts_at=_tomorrow_at(10) + timedelta(days=2))
    mail.outbox.clear()
    assert tasks.send_cafe_reminders() == 0 and mail.outbox == []


def test_dispatch_spreads_networks_over_time(db, monkeypatch):
    sent = []
    monkeypatch.setattr(
        tasks.send_cafe_reminders,
        "apply_async",
        lambda countdown=0, **kw: sent.append((connection.schema_name, countdown)),
    )
    assert tasks.dispatch_cafe_reminders() == 2
    assert sent == [("n_reseau_a", 0), ("n_reseau_b", tasks.REMINDER_SPREAD_SECONDS // 2)]
    assert connection.schema_name == "public"


def test_the_beat_runs_the_dispatcher_daily():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["dispatch-cafe-reminders"]
    assert entry["task"] == tasks.dispatch_cafe_reminders.name


@pytest.mark.redis
def test_a_real_worker_sends_the_reminders_in_the_network_that_queued_them(
    committed_db, celery_worker
):
    from django_tenants.utils import schema_context

    from tests.conftest import schema_of, wait_for

    schema = schema_of("reseau-a")
    with schema_context(schema):
        member = MemberFactory(user__email="worker-cafe@reseau-a.test")
        cafe = Cafe.objects.create(
            starts_at=_tomorrow_at(10), place_name="Square du worker", created_by=member
        )
    mail.outbox.clear()
    try:
        with schema_context(schema):
            tasks.send_cafe_reminders.delay()
        assert wait_for(lambda: any("worker-cafe@" in m.to[0] for m in mail.outbox))
        assert "Square du worker" in next(m for m in mail.outbox if "worker-cafe@" in m.to[0]).body
    finally:
        with schema_context(schema):
            CafeReminder.objects.filter(cafe=cafe).delete()
            cafe.delete()
            user = member.user
            member.delete()
            user.delete()
