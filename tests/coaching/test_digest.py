"""The Monday digest: one email per coach and week, whatever the number of runs."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from onboarding.coaching import digest, tasks
from onboarding.coaching.models import CoachingSession, HealthAlert, WeeklyDigest
from tenants.models import Network

# Month and year arithmetic: also run at 31 Dec 23:59, 1 Jan and 29 Feb.
pytestmark = pytest.mark.calendar_edges


def test_each_coach_gets_one_digest_per_week(
    network_a, network_b, coach, other_coach, partner_user, monkeypatch
):
    Network.objects.filter(pk=network_a.pk).update(coach=coach)
    Network.objects.filter(pk=network_b.pk).update(coach=other_coach)
    HealthAlert.objects.create(
        network=network_a,
        kind=HealthAlert.Kind.NO_CAFE,
        detail="Dernier café-rencontre tenu le 3 mars, il y a 50 jours.",
        opened_at=timezone.now(),
    )
    week = digest.last_week()
    CoachingSession.objects.create(
        network=network_a,
        coach=coach,
        date=week + timedelta(days=1),
        duration_minutes=90,
        topics=["cafes"],
    )
    # Outside the week: not counted.
    CoachingSession.objects.create(
        network=network_a,
        coach=coach,
        date=week - timedelta(days=1),
        duration_minutes=60,
        topics=["cafes"],
    )
    monkeypatch.setattr(
        tasks.send_coach_digest, "delay", lambda *args: tasks.send_coach_digest(*args)
    )

    assert tasks.dispatch_weekly_digests() == 2
    tasks.dispatch_weekly_digests()  # Beat ran twice, a retry…: nothing more is sent.

    assert sorted(m.to[0] for m in mail.outbox) == [coach.email, other_coach.email]
    assert WeeklyDigest.objects.filter(week=week).count() == 2
    to_nadia = next(m for m in mail.outbox if m.to == [coach.email])
    assert to_nadia.subject.startswith("Vos réseaux, semaine du ")
    assert "Bonjour Nadia" in to_nadia.body
    assert "1 alerte ouverte." in to_nadia.body
    assert "Dernier café-rencontre tenu le 3 mars, il y a 50 jours." in to_nadia.body
    assert "Accompagnement : 1 h 30 sur 2 h" in to_nadia.body
    assert "http://coopere.localhost/console/accompagnement/reseaux/reseau-a/" in to_nadia.body
    assert "Réseau B" not in to_nadia.body  # another coach's network
    html, kind = to_nadia.alternatives[0]
    assert kind == "text/html"
    assert "Pas de café-rencontre depuis 45 jours" in html
    assert "Accompagnement : 1 h 30 sur 2 h" in html
    to_omar = next(m for m in mail.outbox if m.to == [other_coach.email])
    assert "Aucune alerte ouverte." in to_omar.body
    assert "Accompagnement : 0 min sur 2 h" in to_omar.body


def test_a_coach_without_live_network_gets_nothing(coach):
    assert digest.send_weekly_digest(coach_id=coach.pk, week=digest.last_week()) is False
    assert mail.outbox == []


def test_beat_runs_the_health_checks_nightly_and_the_digest_on_monday():
    from django.conf import settings

    from coopere.celery import app

    health = settings.CELERY_BEAT_SCHEDULE["dispatch-health-checks"]
    weekly = settings.CELERY_BEAT_SCHEDULE["dispatch-weekly-digests"]
    assert health["task"] in app.tasks and weekly["task"] in app.tasks
    assert weekly["schedule"].day_of_week == {1}
