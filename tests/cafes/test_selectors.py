"""Reads: what is coming up, the next café, and the figures the impact page takes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from community.cafes import selectors, services
from community.cafes.models import Attendance, Cafe

# Month and year arithmetic: also run at 31 Dec 23:59, 1 Jan and 29 Feb.
pytestmark = pytest.mark.calendar_edges


PARIS = ZoneInfo("Europe/Paris")


def test_upcoming_and_next_cafe(make_cafe):
    now = timezone.now()
    under_way = make_cafe(starts_at=now - timedelta(minutes=30))
    make_cafe(starts_at=now - timedelta(days=1))  # over
    cancelled = make_cafe(starts_at=now + timedelta(days=1), status=Cafe.Status.CANCELLED)
    later = make_cafe(starts_at=now + timedelta(days=20))
    assert list(selectors.upcoming_cafes()) == [under_way, later]
    assert list(selectors.upcoming_cafes(include_cancelled=True)) == [under_way, cancelled, later]
    assert selectors.next_cafe() == under_way


def test_next_cafe_is_none_without_cafes(in_a):
    assert selectors.next_cafe() is None


def test_impact_counts_only_held_cafes_in_the_period(animator, rose, make_cafe):
    june = datetime(2026, 6, 1, tzinfo=PARIS), datetime(2026, 7, 1, tzinfo=PARIS)
    first = make_cafe(
        starts_at=datetime(2026, 6, 6, 10, tzinfo=PARIS),
        status=Cafe.Status.HELD,
        headcount_members=9,
        headcount_non_members=4,
    )
    make_cafe(
        starts_at=datetime(2026, 6, 20, 10, tzinfo=PARIS),
        status=Cafe.Status.HELD,
        headcount_members=5,
        headcount_non_members=1,
    )
    # Not counted: cancelled, not reported on, or outside [start, end).
    make_cafe(starts_at=datetime(2026, 6, 13, 10, tzinfo=PARIS), status=Cafe.Status.CANCELLED)
    make_cafe(starts_at=datetime(2026, 6, 27, 10, tzinfo=PARIS), headcount_members=30)
    outside = make_cafe(
        starts_at=datetime(2026, 7, 1, 0, 0, tzinfo=PARIS),
        status=Cafe.Status.HELD,
        headcount_members=50,
    )
    newcomer = services.register_newcomer_at_cafe(
        actor=animator, cafe=first, first_name="Odette", address="Lilas", consent=True
    )
    Attendance.objects.create(cafe=first, member=rose)  # came, but not new
    Attendance.objects.create(cafe=outside, member=newcomer, is_newcomer=True)

    assert selectors.impact_counts(*june) == {"cafes_held": 2, "attendance": 19, "newcomers": 1}


def test_impact_counts_of_an_empty_period(in_a):
    start = timezone.now()
    assert selectors.impact_counts(start, start + timedelta(days=30)) == {
        "cafes_held": 0,
        "attendance": 0,
        "newcomers": 0,
    }


def test_next_cafe_is_one_query(make_cafe, django_assert_num_queries):
    make_cafe()
    with django_assert_num_queries(1):
        assert selectors.next_cafe() is not None
