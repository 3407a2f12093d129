"""HTTP: every café page works for its users, refuses others, and never shows or changes
another network's data."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from community.cafes.models import Attendance, Cafe, Rsvp
from exchange.models import Member
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member


@pytest.fixture
def cafe(pilote, network_a):
    """A café under way in A (started half an hour ago): every page applies to it."""
    with inside(network_a):
        cafe = Cafe.objects.create(
            starts_at=timezone.now() - timedelta(minutes=30),
            place_name="Square des Tilleuls",
            place_address="2 allée des Tilleuls",
            video_url="https://visio.example.org/secret-a",
            description="Secret de A",
            created_by=pilote,
        )
        cafe.hosts.add(pilote)
    return cafe


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _gets(pk):
    return [
        f"/cafes/{pk}/",
        f"/cafes/{pk}/affiche/",
        f"/cafes/{pk}/au-cafe/",
        f"/cafes/{pk}/au-cafe/inscrire/",
        f"/cafes/{pk}/compte-rendu/",
    ]


def _posts(pk, member_pk):
    return [
        (f"/cafes/{pk}/participer/", {"answer": "oui"}),
        (f"/cafes/{pk}/annuler/", {}),
        (f"/cafes/{pk}/au-cafe/", {"members": "7", "non_members": "2"}),
        (f"/cafes/{pk}/au-cafe/presence/", {"member": member_pk, "present": "1"}),
        (f"/cafes/{pk}/compte-rendu/", {"text": "Piraté"}),
        (
            f"/cafes/{pk}/au-cafe/inscrire/",
            {"first_name": "Intrus", "address": "B", "consent": "on"},
        ),
    ]


ANIMATION_PAGES = ["/cafes/programmer/", "/cafes/serie/"]


def test_anonymous_visitors_are_sent_to_log_in(cafe, client_for, network_a):
    client = client_for(network_a)
    for path in ["/cafes/", *ANIMATION_PAGES, *_gets(cafe.pk)]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/connexion/"), path


def test_every_page_renders_for_a_pilote(cafe, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    for path in ["/cafes/", *ANIMATION_PAGES, *_gets(cafe.pk), "/cafes/?format=A3"]:
        assert client.get(path).status_code == 200, path


def test_animation_pages_are_for_the_group_only(cafe, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    assert client.get("/cafes/").status_code == 200
    assert client.get(f"/cafes/{cafe.pk}/").status_code == 200
    assert client.get(f"/cafes/{cafe.pk}/affiche/").status_code == 200
    for path in [*ANIMATION_PAGES, *_gets(cafe.pk)[2:]]:
        assert client.get(path).status_code == 403, path
    for path, data in _posts(cafe.pk, voisin.pk)[1:]:
        assert client.post(path, data).status_code == 403, path
    with inside(network_a):
        fresh = Cafe.objects.get(pk=cafe.pk)
        assert fresh.status == Cafe.Status.SCHEDULED and fresh.attendance == 0
        assert not Attendance.objects.exists()
        assert not Member.objects.filter(display_name="Intrus").exists()


def test_a_member_of_b_reaches_nothing_of_a(cafe, client_for, network_a, network_b, voisin):
    # A pilote: the strongest rights a member of B can have.
    _member(network_b, "pilote@b.test", role=Member.GroupRole.PILOTE)
    client_b = _logged(client_for, network_b, "pilote@b.test")
    for path in _gets(cafe.pk):
        assert client_b.get(path).status_code == 404, path
    for path, data in _posts(cafe.pk, voisin.pk):
        assert client_b.post(path, data).status_code == 404, path
    assert "Secret de A" not in _text(client_b.get("/cafes/"))
    with inside(network_a):
        fresh = Cafe.objects.get(pk=cafe.pk)
        assert fresh.status == Cafe.Status.SCHEDULED and fresh.attendance == 0
        assert not Rsvp.objects.exists() and not Attendance.objects.exists()
    with inside(network_b):
        assert not Cafe.objects.exists()
        assert not Member.objects.filter(display_name="Intrus").exists()


def test_schedule_from_the_form(pilote, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    day = timezone.localdate() + timedelta(days=9)
    response = client.post(
        "/cafes/programmer/",
        {
            "date": day.isoformat(),
            "time": "10:00",
            "duration_minutes": "120",
            "place_name": "Square des Tilleuls",
            "place_address": "2 allée des Tilleuls",
            "description": "Café et gâteaux",
        },
    )
    assert response.status_code == 302
    with inside(network_a):
        cafe = Cafe.objects.get()
        assert timezone.localtime(cafe.starts_at).date() == day
        assert list(cafe.hosts.all()) == [pilote]
    assert "Café et gâteaux" in _text(client.get(response["Location"]))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"date": "2020-01-04"}, "Un café ne peut pas être programmé dans le passé."),
        ({"date": ""}, "Indiquez la date et l'heure du café."),
        ({"place_name": "", "video_url": ""}, "Indiquez un lieu (avec son adresse)"),
        ({"video_url": "pas un lien"}, "ne semble pas correct"),
    ],
)
def test_bad_schedule_input_gives_french_errors(pilote, client_for, network_a, data, message):
    client = _logged(client_for, network_a, "pilote@a.test")
    day = timezone.localdate() + timedelta(days=9)
    form = {
        "date": day.isoformat(),
        "time": "10:00",
        "duration_minutes": "120",
        "place_name": "Square",
        **data,
    }
    response = client.post("/cafes/programmer/", form)
    assert response.status_code == 200
    assert message in _text(response)
    with inside(network_a):
        assert not Cafe.objects.exists()


def test_schedule_a_monthly_series_from_the_form(pilote, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    response = client.post(
        "/cafes/serie/",
        {
            "week_of_month": "1",
            "weekday": "5",
            "start_time": "10:00",
            "count": "6",
            "duration_minutes": "120",
            "place_name": "Square des Tilleuls",
        },
    )
    assert response.status_code == 302
    assert "6 cafés sont programmés" in _text(client.get("/cafes/"))
    with inside(network_a):
        assert Cafe.objects.filter(series__isnull=False).count() == 6


def test_rsvp_from_the_list_and_withdraw(cafe, client_for, network_a, voisin):
    with inside(network_a):
        later = Cafe.objects.create(
            starts_at=timezone.now() + timedelta(days=4),
            place_name="Parc",
            created_by=cafe.created_by,
        )
    client = _logged(client_for, network_a, "voisin@a.test")
    response = client.post(f"/cafes/{later.pk}/participer/", {"answer": "oui", "next": "/cafes/"})
    assert response.status_code == 302 and response["Location"] == "/cafes/"
    page = _text(client.get("/cafes/"))
    assert "Vous venez" in page and "1 voisin vient" in page
    evil = client.post(
        f"/cafes/{later.pk}/participer/", {"answer": "non", "next": "https://evil.example/"}
    )
    assert evil["Location"] == f"/cafes/{later.pk}/"
    with inside(network_a):
        assert not Rsvp.objects.exists()


def test_at_the_cafe_counting_with_the_big_buttons(cafe, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    url = f"/cafes/{cafe.pk}/au-cafe/"
    assert (
        client.post(url, {"members": "4", "non_members": "0", "adjust": "members:1"}).status_code
        == 302
    )
    response = client.post(url, {"members": "5", "non_members": "0", "adjust": "non_members:-1"})
    assert response.status_code == 200
    assert "Un nombre de personnes ne peut pas être négatif." in _text(response)
    with inside(network_a):
        fresh = Cafe.objects.get(pk=cafe.pk)
        assert (fresh.headcount_members, fresh.headcount_non_members) == (5, 0)


def test_at_the_cafe_ticking_who_came(cafe, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "pilote@a.test")
    url = f"/cafes/{cafe.pk}/au-cafe/presence/"
    response = client.post(url, {"member": voisin.pk, "present": "1"})
    assert response["Location"] == f"/cafes/{cafe.pk}/au-cafe/#m-{voisin.pk}"
    page = _text(client.get(f"/cafes/{cafe.pk}/au-cafe/"))
    assert "1 membre coché" in page and 'aria-pressed="true"' in page
    client.post(url, {"member": voisin.pk, "present": "0"})
    assert client.post(url, {"member": "abc", "present": "1"}).status_code == 404
    with inside(network_a):
        assert not Attendance.objects.exists()


def test_register_a_newcomer_at_the_cafe_then_the_questionnaire(cafe, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    page = _text(client.get(f"/cafes/{cafe.pk}/au-cafe/"))
    assert f"/cafes/{cafe.pk}/au-cafe/inscrire/" in page
    response = client.post(
        f"/cafes/{cafe.pk}/au-cafe/inscrire/",
        {
            "first_name": "Odette",
            "last_name": "Lambert",
            "address": "5 rue des Lilas",
            "household_size": "1",
            "consent": "on",
        },
    )
    with inside(network_a):
        odette = Member.objects.get(display_name="Odette L.")
        assert Attendance.objects.get(cafe=cafe, member=odette).is_newcomer
    assert response["Location"] == f"/membres/{odette.pk}/questionnaire/"
    assert "Odette L." in _text(client.get(f"/cafes/{cafe.pk}/au-cafe/"))


def test_a_bad_newcomer_form_shows_french_errors_and_writes_nothing(cafe, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    response = client.post(f"/cafes/{cafe.pk}/au-cafe/inscrire/", {"first_name": "Odette"})
    assert response.status_code == 200
    page = _text(response)
    assert "Indiquez au moins un prénom" not in page
    assert "doit accepter que ses informations soient enregistrées" in page
    with inside(network_a):
        assert not Attendance.objects.exists()


def test_write_the_report(cafe, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "pilote@a.test")
    response = client.post(f"/cafes/{cafe.pk}/compte-rendu/", {"text": "Projet de compost."})
    assert response.status_code == 302
    member_view = _text(_logged(client_for, network_a, "voisin@a.test").get(f"/cafes/{cafe.pk}/"))
    assert "Projet de compost." in member_view
    empty = client.post(f"/cafes/{cafe.pk}/compte-rendu/", {"text": ""})
    assert "Écrivez quelques mots" in _text(empty)


def test_cancel_a_cafe(pilote, client_for, network_a):
    with inside(network_a):
        later = Cafe.objects.create(
            starts_at=timezone.now() + timedelta(days=4), place_name="Parc", created_by=pilote
        )
    client = _logged(client_for, network_a, "pilote@a.test")
    assert client.post(f"/cafes/{later.pk}/annuler/").status_code == 302
    assert "Annulé" in _text(client.get("/cafes/"))
    with inside(network_a):
        assert Cafe.objects.get(pk=later.pk).status == Cafe.Status.CANCELLED


def test_the_poster_prints_on_a4_or_a3(cafe, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    a4 = _text(client.get(f"/cafes/{cafe.pk}/affiche/"))
    assert "@page { size: A4 portrait" in a4
    assert "<svg" in a4 and "http://reseau-a.coopere.localhost/" in a4
    for word in ("Gratuité", "Réciprocité", "Neutralité", "Tranquillité"):
        assert word in a4
    assert "Square des Tilleuls" in a4 and "Café-rencontre" in a4
    a3 = _text(client.get(f"/cafes/{cafe.pk}/affiche/?format=A3"))
    assert "@page { size: A3 portrait" in a3 and "poster-a3" in a3


def test_home_shows_the_next_cafe(cafe, client_for, network_a, voisin):
    anonymous = _text(client_for(network_a).get("/"))
    assert "Square des Tilleuls" in anonymous and f"/cafes/{cafe.pk}.ics" in anonymous
    assert "secret-a" not in anonymous  # the video link is for members
    member = _text(_logged(client_for, network_a, "voisin@a.test").get("/"))
    assert "secret-a" in member and f"/cafes/{cafe.pk}/" in member


def test_home_without_cafe_says_it_is_coming(db, client_for, network_a):
    assert "La date sera annoncée bientôt." in _text(client_for(network_a).get("/"))
