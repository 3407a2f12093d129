"""iCalendar (RFC 5545) output: the network's subscribable feed and one café's event.

Only what a poster would show goes in (date, place, description): no member data, since
the feed is public (calendar apps cannot log in). An online café's video link is only
given to a logged-in member (`private=True`), never published to the open web.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vRecur,
)

from tenants.hosts import network_url

from .models import Cafe

TZID = "Europe/Paris"
PRODID = "-//Coop-ère//Cafés-rencontres//FR"
REFRESH = timedelta(hours=12)


def _paris_vtimezone() -> Timezone:
    """Europe/Paris as EU rules (since 1996), as big calendar providers publish it: two
    yearly rules instead of icalendar's generated list of every change since 1970."""
    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    for kind, month, start, offset_from, offset_to, name in (
        (TimezoneDaylight, 3, datetime(1970, 3, 29, 2), 1, 2, "CEST"),
        (TimezoneStandard, 10, datetime(1970, 10, 25, 3), 2, 1, "CET"),
    ):
        part = kind()
        part.add("tzoffsetfrom", timedelta(hours=offset_from))
        part.add("tzoffsetto", timedelta(hours=offset_to))
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("rrule", vRecur(freq="YEARLY", bymonth=month, byday="-1SU"))
        tz.add_component(part)
    return tz


def host() -> str:
    """The network's own host name: UIDs built on it stay the same across requests."""
    return urlsplit(network_url("/")).hostname


def _event(
    cafe: Cafe, *, stamp: datetime, uid_host: str, network_name: str, private: bool
) -> Event:
    paris = ZoneInfo(TZID)
    event = Event()
    event.add("uid", f"cafe-{cafe.pk}@{uid_host}")
    event.add("dtstamp", stamp)
    event.add("created", cafe.created_at)
    event.add("last-modified", cafe.updated_at)
    event.add("sequence", cafe.sequence)
    event.add("dtstart", cafe.starts_at.astimezone(paris))
    event.add("dtend", cafe.ends_at.astimezone(paris))
    summary = _("Café-rencontre — %(network)s") % {"network": network_name}
    cancelled = cafe.status == Cafe.Status.CANCELLED
    if cancelled:
        summary = _("Cancelled: %(what)s") % {"what": summary}
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if cafe.place_name:
        location = ", ".join(p for p in (cafe.place_name, cafe.place_address) if p)
    else:
        location = _("Online (video call)")
    event.add("location", location)
    page = network_url(f"/cafes/{cafe.pk}/")
    lines = [cafe.description] if cafe.description else []
    lines.append(_("Free and open to every resident of the neighbourhood."))
    if cafe.video_url and private:
        lines.append(_("Video call link: %(url)s") % {"url": cafe.video_url})
    elif cafe.video_url:
        lines.append(_("The video call link is on the network's site, for its members."))
    lines.append(page)
    event.add("description", "\n\n".join(lines))
    event.add("url", page)
    return event


def calendar_for(cafes, *, network_name: str, private: bool = False) -> bytes:
    # Always in the network's language: calendar apps send no meaningful language choice.
    with translation.override(settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        name = _("Cafés-rencontres — %(network)s") % {"network": network_name}
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", TZID)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
        cal.add_component(_paris_vtimezone())
        stamp, uid_host = timezone.now(), host()
        for cafe in cafes:
            cal.add_component(
                _event(
                    cafe,
                    stamp=stamp,
                    uid_host=uid_host,
                    network_name=network_name,
                    private=private,
                )
            )
        return cal.to_ical()
