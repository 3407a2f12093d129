"""French hours (« 10 h », « 10 h 30 », « de 10 h à 12 h »), French month abbreviations
(« janv. », « juil. »…) and singular/plural counts (« 1 membre », « 1 étape faite »)."""

import datetime
import html

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from community.cafes.models import Cafe
from coopere.accounts.models import User
from exchange.models import Member
from frontend import dates
from tests.conftest import inside

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _french():
    # The site's language, whatever an earlier test's request left active in this thread.
    with translation.override("fr"):
        yield


def _paris(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def test_hours_are_written_the_french_way():
    assert dates.hour(datetime.time(10, 0)) == f"10{NBSP}h"
    assert dates.hour(_paris(2026, 12, 4, 10, 30)) == f"10{NBSP}h{NBSP}30"
    assert dates.hour(_paris(2026, 12, 4, 9, 5)) == f"9{NBSP}h{NBSP}05"
    # An aware UTC time is shown in Paris time (summer: +2).
    utc = datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC)
    assert dates.hour(utc) == f"10{NBSP}h"
    with translation.override("en"):
        assert dates.hour(datetime.time(10, 30)) == "10:30"


def test_a_time_range_reads_de_10_h_a_12_h():
    start = _paris(2026, 12, 5, 10, 0)
    assert dates.time_range(start, start + datetime.timedelta(hours=2)) == (
        f"de 10{NBSP}h à 12{NBSP}h"
    )
    assert dates.time_range(start, start + datetime.timedelta(minutes=90)) == (
        f"de 10{NBSP}h à 11{NBSP}h{NBSP}30"
    )
    with translation.override("en"):
        assert dates.time_range(start, start + datetime.timedelta(hours=2)) == "from 10:00 to 12:00"


def test_month_abbreviations_are_the_french_ones():
    template = Template('{{ d|date:"j N Y" }}')
    got = [template.render(Context({"d": datetime.date(2026, m, 4)})) for m in range(1, 13)]
    assert got == [
        "4 janv. 2026",
        "4 févr. 2026",
        "4 mars 2026",
        "4 avr. 2026",
        "4 mai 2026",
        "4 juin 2026",
        "4 juil. 2026",
        "4 août 2026",
        "4 sept. 2026",
        "4 oct. 2026",
        "4 nov. 2026",
        "4 déc. 2026",
    ]
    assert dates.short_month(datetime.date(2026, 7, 1)) == "juil. 26"


def test_the_template_filters():
    moment = _paris(2026, 12, 4, 18, 30)
    out = Template(
        '{% load dates %}{{ t|hour }}|{{ t|date_hour:"j N" }}|{% time_range t end %}'
    ).render(Context({"t": moment, "end": moment + datetime.timedelta(hours=2)}))
    assert html.unescape(out) == (
        f"18{NBSP}h{NBSP}30|4 déc. à 18{NBSP}h{NBSP}30|de 18{NBSP}h{NBSP}30 à 20{NBSP}h{NBSP}30"
    )


def test_the_cafe_shows_de_10_h_a_12_h(db, client_for, network_a):
    day = timezone.localdate() + datetime.timedelta(days=10)
    with inside(network_a):
        user = User.objects.create_user(email="hote@a.test", first_name="Hôte")
        host = Member.objects.create(user=user, display_name="Hôte")
        Cafe.objects.create(
            starts_at=_paris(day.year, day.month, day.day, 10, 0),
            place_name="Square des Tilleuls",
            created_by=host,
        )
    page = html.unescape(client_for(network_a).get("/").content.decode())
    assert f"de 10{NBSP}h à 12{NBSP}h" in page
    assert "10:00" not in page


def test_counts_take_the_singular_for_0_and_1_and_the_plural_above():
    steps = Template(
        "{% load i18n %}{% blocktranslate with total=total count done=done %}"
        "{{ done }} step done out of {{ total }}{% plural %}"
        "{{ done }} steps done out of {{ total }}{% endblocktranslate %}"
    )
    members = Template(
        "{% load i18n %}{% blocktranslate count n=n %}{{ n }} member{% plural %}"
        "{{ n }} members{% endblocktranslate %}"
    )
    assert steps.render(Context({"done": 0, "total": 7})) == "0 étape faite sur 7"
    assert steps.render(Context({"done": 1, "total": 7})) == "1 étape faite sur 7"
    assert steps.render(Context({"done": 3, "total": 7})) == "3 étapes faites sur 7"
    assert members.render(Context({"n": 1})) == "1 membre"
    assert members.render(Context({"n": 2})) == "2 membres"


def test_a_small_group_alert_says_1_membre():
    from django.utils.translation import ngettext

    message = ngettext(
        "The Groupe d'Animation has %(size)d member; the minimum is %(minimum)d.",
        "The Groupe d'Animation has %(size)d members; the minimum is %(minimum)d.",
        1,
    ) % {"size": 1, "minimum": 6}
    assert message == "Le Groupe d'Animation compte 1 membre ; le minimum est de 6."
