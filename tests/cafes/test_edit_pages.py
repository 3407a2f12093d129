"""HTTP: an animator changes a café from its page and the neighbour who answered finds the
notice; a resident who is not an animator cannot (403), another network's pilote does not
even find it (404); bad input shows a French message and writes nothing."""

import html
from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from community.cafes import services
from community.cafes.models import Cafe, CafeChange
from exchange.models import Member, Notification
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member

NOW = timezone.make_aware(datetime(2026, 12, 4, 9, 0))
SATURDAY = timezone.make_aware(datetime(2026, 12, 12, 10, 0))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def cafe(pilote, voisin, network_a):
    """Saturday's café in A, the neighbour said they are coming."""
    with inside(network_a):
        cafe = services.schedule_cafe(
            actor=pilote,
            starts_at=SATURDAY,
            place_name="Square des Tilleuls",
            place_address="2 allée des Tilleuls",
            description="Secret de A",
        )
        services.rsvp(actor=voisin, cafe=cafe)
    return cafe


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _form(**changes) -> dict:
    data = {
        "date": "2026-12-12",
        "time": "10:00",
        "duration_minutes": "120",
        "place_name": "Square des Tilleuls",
        "place_address": "2 allée des Tilleuls",
        "video_url": "",
        "description": "Secret de A",
    }
    return {**data, **changes}


def _unchanged(network, cafe) -> None:
    with inside(network):
        fresh = Cafe.objects.get(pk=cafe.pk)
        assert (fresh.starts_at, fresh.place_name, fresh.sequence) == (
            SATURDAY,
            "Square des Tilleuls",
            0,
        )
        assert not CafeChange.objects.exists()
        assert not Notification.objects.filter(kind=Notification.Kind.CAFE).exists()


def test_the_animator_changes_time_and_place_and_the_neighbour_is_told(cafe, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    page = _text(client.get(f"/cafes/{cafe.pk}/"))
    assert f'href="/cafes/{cafe.pk}/modifier/"' in page and "Modifier l'heure ou le lieu" in page
    form = _text(client.get(f"/cafes/{cafe.pk}/modifier/"))
    assert 'value="2026-12-12"' in form and 'value="10:00"' in form  # ISO, kept by browsers
    assert "Enregistrer les modifications" in form

    response = client.post(
        f"/cafes/{cafe.pk}/modifier/", _form(time="14:30", place_name="Salle Jean Moulin")
    )
    assert response.status_code == 302 and response["Location"] == f"/cafes/{cafe.pk}/"
    page = _text(client.get(response["Location"]))
    assert "Le café est modifié : 1 personne est prévenue." in page
    assert "Salle Jean Moulin" in page and "14\u00a0h\u00a030" in page

    neighbour = _logged(client_for, network_a, "voisin@a.test")
    notices = _text(neighbour.get("/notifications/"))
    assert "Le café-rencontre du samedi 12 décembre a changé" in notices
    assert f'href="/cafes/{cafe.pk}/"' in notices
    calendar = neighbour.get(f"/cafes/{cafe.pk}.ics").content.decode()
    assert "SEQUENCE:1" in calendar and "Salle Jean Moulin" in calendar  # calendars update
    (api_notice,) = neighbour.get("/api/notifications/").json()["results"]
    assert api_notice["kind"] == "cafe" and api_notice["link"] == f"/cafes/{cafe.pk}/"


def test_saving_without_a_change_tells_nobody(cafe, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    response = client.post(f"/cafes/{cafe.pk}/modifier/", _form(), follow=True)
    assert "Personne n'avait besoin d'être prévenu." in _text(response)
    _unchanged(network_a, cafe)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"date": "2026-12-03"}, "Un café ne peut pas être programmé dans le passé."),
        (
            {"place_name": "", "place_address": ""},
            "Indiquez un lieu (avec son adresse) ou, pour un café en ligne, un lien de visio.",
        ),
    ],
)
def test_bad_input_shows_a_french_message_and_writes_nothing(
    cafe, client_for, network_a, changes, message
):
    client = _logged(client_for, network_a, "pilote@a.test")
    response = client.post(f"/cafes/{cafe.pk}/modifier/", _form(**changes))
    assert response.status_code == 200
    assert message in _text(response)
    _unchanged(network_a, cafe)


def test_a_resident_who_is_not_an_animator_cannot_change_a_cafe(cafe, client_for, network_a):
    client = _logged(client_for, network_a, "voisin@a.test")
    assert "Modifier l'heure ou le lieu" not in _text(client.get(f"/cafes/{cafe.pk}/"))
    assert client.get(f"/cafes/{cafe.pk}/modifier/").status_code == 403
    response = client.post(f"/cafes/{cafe.pk}/modifier/", _form(place_name="Chez moi"))
    assert response.status_code == 403
    _unchanged(network_a, cafe)


def test_another_networks_pilote_finds_no_cafe(cafe, client_for, network_a, network_b):
    _member(network_b, "pilote@b.test", role=Member.GroupRole.PILOTE)
    client_b = _logged(client_for, network_b, "pilote@b.test")
    assert client_b.get(f"/cafes/{cafe.pk}/modifier/").status_code == 404
    response = client_b.post(f"/cafes/{cafe.pk}/modifier/", _form(place_name="Piraté"))
    assert response.status_code == 404
    _unchanged(network_a, cafe)
    with inside(network_b):
        assert not Cafe.objects.exists() and not CafeChange.objects.exists()
