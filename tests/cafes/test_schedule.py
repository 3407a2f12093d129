"""Scheduling: one café, a monthly series, cancelling. Bad input: a clear French message
and nothing written; only the Groupe d'Animation schedules."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.cafes import services
from community.cafes.models import Cafe, CafeSeries
from community.cafes.recurrence import monthly_starts, nth_weekday
from exchange.models import Member

from .conftest import error_of

# Month and year arithmetic: also run at 31 Dec 23:59, 1 Jan and 29 Feb.
pytestmark = pytest.mark.calendar_edges


PARIS = ZoneInfo("Europe/Paris")


def _soon(days=10, hour=10):
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def test_an_animator_schedules_a_cafe_and_hosts_it_by_default(animator):
    cafe = services.schedule_cafe(
        actor=animator,
        starts_at=_soon(),
        place_name="  Square des Tilleuls ",
        place_address="2 allée des Tilleuls",
        description="Café, thé et gâteaux.",
    )
    assert cafe.status == Cafe.Status.SCHEDULED and cafe.place_name == "Square des Tilleuls"
    assert list(cafe.hosts.all()) == [animator]
    assert cafe.ends_at - cafe.starts_at == timedelta(hours=2)


def test_an_online_cafe_needs_only_a_video_link(animator):
    cafe = services.schedule_cafe(
        actor=animator, starts_at=_soon(), video_url="https://visio.example.org/cafe"
    )
    assert cafe.is_online


def test_a_naive_time_is_read_in_paris_time(animator):
    day = timezone.localdate() + timedelta(days=5)
    cafe = services.schedule_cafe(
        actor=animator, starts_at=datetime(day.year, day.month, day.day, 10), place_name="Parc"
    )
    assert timezone.localtime(cafe.starts_at, PARIS).hour == 10


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"starts_at": timezone.now() - timedelta(hours=1)},
            "starts_at",
            "Un café ne peut pas être programmé dans le passé.",
        ),
        ({"starts_at": None}, "starts_at", "Indiquez la date et l'heure du café."),
        ({"starts_at": timezone.now() + timedelta(days=900)}, "starts_at", "deux ans"),
        ({"place_name": ""}, "place_name", "Indiquez un lieu"),
        ({"place_name": "x" * 121}, "place_name", "trop long"),
        ({"video_url": "visio chez Anne"}, "video_url", "lien de visio"),
        ({"duration_minutes": 5}, "duration_minutes", "entre 15 minutes et 8 heures"),
        ({"duration_minutes": "deux heures"}, "duration_minutes", "entre 15 minutes"),
        ({"description": "x" * 2001}, "description", "trop longue"),
    ],
)
def test_bad_input_gives_a_french_error_and_writes_nothing(animator, fields, field, message):
    data = {"starts_at": _soon(), "place_name": "Square", **fields}
    with pytest.raises(ValidationError) as exc:
        services.schedule_cafe(actor=animator, **data)
    assert message in error_of(exc, field)
    assert not Cafe.objects.exists()


def test_hosts_must_be_in_the_groupe_d_animation(animator, rose):
    with pytest.raises(ValidationError) as exc:
        services.schedule_cafe(
            actor=animator, starts_at=_soon(), place_name="Square", hosts=[animator, rose]
        )
    assert "Groupe d'Animation" in error_of(exc, "hosts")
    assert not Cafe.objects.exists()


def test_only_the_groupe_d_animation_schedules(rose):
    with pytest.raises(PermissionDenied):
        services.schedule_cafe(actor=rose, starts_at=_soon(), place_name="Square")
    with pytest.raises(PermissionDenied):
        services.schedule_monthly_series(
            actor=rose, weekday=5, week_of_month=1, start_time=time(10), place_name="Square"
        )
    assert not Cafe.objects.exists() and not CafeSeries.objects.exists()


def test_a_monthly_series_makes_the_next_six_cafes(animator, paul):
    paul.group_role = Member.GroupRole.COPILOTE
    paul.save()
    series = services.schedule_monthly_series(
        actor=animator,
        weekday=5,
        week_of_month=1,
        start_time=time(10),
        place_name="Square des Tilleuls",
        hosts=[animator, paul],
    )
    cafes = list(series.cafes.order_by("starts_at"))
    assert len(cafes) == 6
    months = set()
    for cafe in cafes:
        local = timezone.localtime(cafe.starts_at, PARIS)
        # The first Saturday, at 10:00 Paris time in winter and in summer alike.
        assert local.weekday() == 5 and local.day <= 7 and local.time() == time(10)
        assert cafe.starts_at > timezone.now()
        assert set(cafe.hosts.all()) == {animator, paul}
        months.add((local.year, local.month))
    assert len(months) == 6


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"weekday": 7}, "weekday"),
        ({"weekday": "samedi"}, "weekday"),
        ({"week_of_month": 5}, "week_of_month"),
        ({"start_time": None}, "start_time"),
        ({"count": 13}, "count"),
        ({"place_name": ""}, "place_name"),
    ],
)
def test_bad_series_input_writes_nothing(animator, fields, field):
    data = {
        "weekday": 5,
        "week_of_month": -1,
        "start_time": time(18, 30),
        "place_name": "Salle commune",
        **fields,
    }
    with pytest.raises(ValidationError) as exc:
        services.schedule_monthly_series(actor=animator, **data)
    assert field in exc.value.message_dict
    assert not Cafe.objects.exists() and not CafeSeries.objects.exists()


def test_monthly_rules():
    # June 2026: Monday 1st ... Saturday 6th, last Saturday the 27th.
    assert nth_weekday(2026, 6, weekday=5, week=1) == date(2026, 6, 6)
    assert nth_weekday(2026, 6, weekday=5, week=-1) == date(2026, 6, 27)
    assert nth_weekday(2026, 6, weekday=0, week=4) == date(2026, 6, 22)
    after = datetime(2026, 6, 6, 11, tzinfo=PARIS)  # this month's café has just begun
    starts = monthly_starts(weekday=5, week=1, at=time(10), count=3, after=after)
    assert [s.date() for s in starts] == [date(2026, 7, 4), date(2026, 8, 1), date(2026, 9, 5)]
    december = datetime(2026, 12, 1, tzinfo=PARIS)
    starts = monthly_starts(weekday=3, week=-1, at=time(18), count=2, after=december)
    assert [s.date() for s in starts] == [date(2026, 12, 31), date(2027, 1, 28)]
    assert starts[0].utcoffset() == timedelta(hours=1)


def test_cancelling_bumps_the_sequence_for_calendars(animator, make_cafe):
    cafe = make_cafe()
    services.cancel_cafe(actor=animator, cafe=cafe)
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.CANCELLED and cafe.sequence == 1
    with pytest.raises(ValidationError) as exc:
        services.cancel_cafe(actor=animator, cafe=cafe)
    assert "déjà annulé" in error_of(exc)


def test_a_held_cafe_cannot_be_cancelled_nor_by_a_resident(animator, rose, make_cafe):
    cafe = make_cafe(status=Cafe.Status.HELD)
    with pytest.raises(ValidationError):
        services.cancel_cafe(actor=animator, cafe=cafe)
    other = make_cafe()
    with pytest.raises(PermissionDenied):
        services.cancel_cafe(actor=rose, cafe=other)
    other.refresh_from_db()
    assert other.status == Cafe.Status.SCHEDULED and other.sequence == 0


def test_the_database_refuses_a_cafe_without_place_nor_video(animator):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Cafe.objects.create(starts_at=_soon(), created_by=animator)
