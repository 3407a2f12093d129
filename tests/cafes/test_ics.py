"""The calendar feeds validate: parsed back by icalendar, with the right events, times
(Europe/Paris, VTIMEZONE included), stable UIDs and the cancelled status."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from community.cafes import services
from community.cafes.models import Cafe
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member

PARIS = ZoneInfo("Europe/Paris")
HOST = "reseau-a.coopere.localhost"


@pytest.fixture
def cafes(make_cafe, animator):
    year = timezone.localdate().year + 1
    winter = make_cafe(
        starts_at=datetime(year, 1, 9, 10, tzinfo=PARIS),
        description="Galette des rois; venez nombreux, avec vos voisins !",
    )
    summer = make_cafe(
        starts_at=datetime(year, 7, 3, 18, 30, tzinfo=PARIS),
        duration_minutes=90,
        place_name="",
        place_address="",
        video_url="https://visio.example.org/cafe-secret",
    )
    cancelled = make_cafe(starts_at=datetime(year, 2, 6, 10, tzinfo=PARIS))
    services.cancel_cafe(actor=animator, cafe=cancelled)
    old = make_cafe(starts_at=timezone.now() - timedelta(days=400))
    return {"winter": winter, "summer": summer, "cancelled": cancelled, "old": old}


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _by_uid(cal):
    return {str(e["UID"]): e for e in cal.events}


def test_the_network_feed_is_public_and_valid(cafes, client_for, network_a):
    response = client_for(network_a).get("/cafes/agenda.ics")
    assert "public" in response["Cache-Control"]
    cal = _parse(response)
    assert str(cal["VERSION"]) == "2.0" and "Coop-ère" in str(cal["PRODID"])
    assert str(cal["X-WR-CALNAME"]) == "Cafés-rencontres — Réseau A"
    # Calendar apps re-fetch a subscribed feed at this pace (RFC 7986 and Outlook's name).
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H" in response.content
    assert b"X-PUBLISHED-TTL:PT12H" in response.content
    assert b"\r\n" in response.content
    events = _by_uid(cal)
    # The old café is out of the feed's window; the three others are in, with stable UIDs.
    assert set(events) == {f"cafe-{cafes[k].pk}@{HOST}" for k in ("winter", "summer", "cancelled")}
    winter = events[f"cafe-{cafes['winter'].pk}@{HOST}"]
    assert winter.start == cafes["winter"].starts_at
    assert winter.start.tzinfo.key == "Europe/Paris" and winter.start.hour == 10
    assert winter.end - winter.start == timedelta(hours=2)
    assert str(winter["STATUS"]) == "CONFIRMED"
    assert str(winter["LOCATION"]) == "Square des Tilleuls, 2 allée des Tilleuls, 91000 Évry"
    assert "Galette des rois; venez nombreux" in str(winter["DESCRIPTION"])
    assert str(winter["URL"]) == f"http://{HOST}/cafes/{cafes['winter'].pk}/"
    summer = events[f"cafe-{cafes['summer'].pk}@{HOST}"]
    assert summer.start.utcoffset() == timedelta(hours=2) and summer.start.minute == 30
    assert summer.end - summer.start == timedelta(minutes=90)
    assert str(summer["LOCATION"]) == "En ligne (visio)"
    cancelled = events[f"cafe-{cafes['cancelled'].pk}@{HOST}"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 1
    assert str(cancelled["SUMMARY"]).startswith("Annulé")


def test_the_feed_carries_a_vtimezone_that_agrees_with_the_tz_database(
    cafes, client_for, network_a
):
    cal = _parse(client_for(network_a).get("/cafes/agenda.ics"))
    (vtimezone,) = cal.timezones
    assert str(vtimezone["TZID"]) == "Europe/Paris"
    # A calendar that only reads the VTIMEZONE (no tz database) gets the same instants.
    rules = vtimezone.to_tz(lookup_tzid=False)
    for event in cal.events:
        local = event.start.replace(tzinfo=None)
        assert local.replace(tzinfo=rules).utcoffset() == event.start.utcoffset()
    assert b"TZID=Europe/Paris" in client_for(network_a).get("/cafes/agenda.ics").content


def test_the_public_feed_holds_no_member_data_nor_video_link(cafes, client_for, network_a):
    body = client_for(network_a).get("/cafes/agenda.ics").content.decode()
    assert "Anne" not in body  # the host's name
    assert "cafe-secret" not in body
    summer = _by_uid(Calendar.from_ical(body))[f"cafe-{cafes['summer'].pk}@{HOST}"]
    assert "pour ses membres" in str(summer["DESCRIPTION"])


def test_one_cafe_as_ics_and_the_video_link_for_a_logged_in_member(cafes, client_for, network_a):
    pk = cafes["summer"].pk
    public = _parse(client_for(network_a).get(f"/cafes/{pk}.ics"))
    assert [str(e["UID"]) for e in public.events] == [f"cafe-{pk}@{HOST}"]
    assert "cafe-secret" not in public.to_ical().decode()
    _member(network_a, "ics@a.test")
    member = _logged(client_for, network_a, "ics@a.test")
    response = member.get(f"/cafes/{pk}.ics")
    assert "private" in response["Cache-Control"]
    (event,) = _parse(response).events
    assert "https://visio.example.org/cafe-secret" in str(event["DESCRIPTION"])
    assert event.start == cafes["summer"].starts_at


def test_another_network_has_neither_the_cafes_nor_their_ics(
    cafes, client_for, network_a, network_b, network_b_open
):
    with inside(network_b):
        assert not Cafe.objects.exists()
    for pk in (c.pk for c in cafes.values()):
        assert client_for(network_b).get(f"/cafes/{pk}.ics").status_code == 404
    cal = _parse(client_for(network_b).get("/cafes/agenda.ics"))
    assert cal.events == []
