"""The console's loose ends in coaching: alerts refreshed as soon as their cause may have
gone away and acknowledged with a note; sessions edited and deleted; trainings recorded
after the fact with their attendance. Operators only; another network's ids answer 404."""

import html
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from community.cafes.models import Cafe
from exchange.models import Member
from onboarding.coaching import health, tasks
from onboarding.coaching.models import CoachingSession, HealthAlert, Training, TrainingInvitation
from onboarding.services import move_to_phase
from tenants.models import Network

from .conftest import days_ago

BASE = "/console/accompagnement/"
Kind = HealthAlert.Kind


def run(network):
    with schema_context(network.schema_name):
        return tasks.check_network_health()


def open_kinds(network):
    return set(
        HealthAlert.objects.filter(network=network, closed_at=None).values_list("kind", flat=True)
    )


@pytest.fixture
def no_cafe_a(network_a, people):
    """Network A out of amorçage for 50 days, a full group, its last café 50 days ago."""
    Network.objects.filter(pk=network_a.pk).update(opened_at=days_ago(50))
    network_a.refresh_from_db()
    group = people(network_a, 6, role="animateur")
    with schema_context(network_a.schema_name):
        Cafe.objects.create(
            starts_at=days_ago(50),
            status=Cafe.Status.HELD,
            place_name="Square",
            created_by=group[0],
        )
    run(network_a)
    assert Kind.NO_CAFE in open_kinds(network_a)
    return network_a, group


# --- Alerts refresh when their cause goes away ---------------------------------------------------


def test_a_cafe_scheduled_closes_the_no_cafe_alert(no_cafe_a):
    network, group = no_cafe_a
    with schema_context(network.schema_name):
        Cafe.objects.create(
            starts_at=timezone.now() + timedelta(days=10),
            status=Cafe.Status.SCHEDULED,
            place_name="Square",
            created_by=group[0],
        )
    run(network)
    assert Kind.NO_CAFE not in open_kinds(network)


def test_writes_in_a_network_queue_one_check_for_that_network_after_commit(
    network_a, network_b, people, django_capture_on_commit_callbacks
):
    schemas = []
    with (
        mock.patch.object(
            tasks.check_network_health, "delay", side_effect=lambda: schemas.append(_schema())
        ),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        people(network_a, 3, role="pilote")  # three members join the group
        with schema_context(network_a.schema_name):
            group = list(Member.objects.all()[:1])
            Cafe.objects.create(
                starts_at=timezone.now() + timedelta(days=3),
                status=Cafe.Status.SCHEDULED,
                place_name="Salle",
                created_by=group[0],
            )
    assert len(callbacks) == 1  # once per transaction and network, however many rows
    assert schemas == [network_a.schema_name]


def _schema():
    from django.db import connection

    return connection.schema_name


def test_a_phase_change_queues_the_check_of_that_network(
    network_b, coach, django_capture_on_commit_callbacks
):
    schemas = []
    with (
        mock.patch.object(
            tasks.check_network_health, "delay", side_effect=lambda: schemas.append(_schema())
        ),
        mock.patch("onboarding.services.phases.gate_reasons", return_value=[]),
        django_capture_on_commit_callbacks(execute=True),
    ):
        move_to_phase(network=network_b, to_phase="lancement", actor=coach)
    assert schemas == [network_b.schema_name]


def test_the_queued_check_runs_in_that_network(no_cafe_a, people):
    network, _group = no_cafe_a
    people(network, 1)  # the queued task, as the worker runs it, in the network's schema
    assert health.queue_health_check("public") is None  # never for the public schema
    run(network)
    assert Kind.GROUP_TOO_SMALL not in open_kinds(network)


def test_refreshing_the_indicators_refreshes_the_alerts(no_cafe_a, console):
    network, group = no_cafe_a
    with schema_context(network.schema_name):
        Cafe.objects.create(
            starts_at=days_ago(2), status=Cafe.Status.HELD, place_name="Square", created_by=group[0]
        )
    response = console.post(f"/console/reseaux/{network.slug}/indicateurs/")
    assert response.status_code == 302
    assert Kind.NO_CAFE not in open_kinds(network)
    closed = HealthAlert.objects.get(network=network, kind=Kind.NO_CAFE)
    assert closed.closed_at is not None


# --- Acknowledging an alert ---------------------------------------------------------------------


def test_an_operator_acknowledges_an_alert_with_a_note(no_cafe_a, console, coach):
    network, _group = no_cafe_a
    alert = HealthAlert.objects.get(network=network, kind=Kind.NO_CAFE)
    page = console.get(f"{BASE}alertes/").content.decode()
    assert "Prendre en compte" in page
    response = console.post(
        f"{BASE}alertes/{alert.pk}/prise-en-compte/",
        {f"alerte-{alert.pk}-note": "Appel à la pilote jeudi, café prévu en juin"},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == coach and alert.acknowledged_at is not None
    assert alert.closed_at is None  # still open until its cause goes away
    page = html.unescape(console.get(f"{BASE}alertes/").content.decode())
    assert "Prise en compte par Nadia" in page
    assert "Appel à la pilote jeudi, café prévu en juin" in page
    network_page = html.unescape(console.get(f"/console/reseaux/{network.slug}/").content.decode())
    assert "Appel à la pilote jeudi" in network_page


def test_an_empty_note_is_refused_in_french(no_cafe_a, console):
    network, _group = no_cafe_a
    alert = HealthAlert.objects.get(network=network, kind=Kind.NO_CAFE)
    response = console.post(
        f"{BASE}alertes/{alert.pk}/prise-en-compte/", {f"alerte-{alert.pk}-note": "  "}
    )
    assert response.status_code == 400
    assert "Écrivez ce qui est fait au sujet de cette alerte." in html.unescape(
        response.content.decode()
    )
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_acknowledging_is_for_operators_only(no_cafe_a, client_for, login, partner_user):
    network, _group = no_cafe_a
    alert = HealthAlert.objects.get(network=network, kind=Kind.NO_CAFE)
    url = f"{BASE}alertes/{alert.pk}/prise-en-compte/"
    data = {f"alerte-{alert.pk}-note": "x"}
    response = client_for(None).post(url, data)
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    assert login(partner_user.email).post(url, data).status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_an_unknown_or_closed_alert(no_cafe_a, console):
    network, _group = no_cafe_a
    assert console.post(f"{BASE}alertes/999999/prise-en-compte/").status_code == 404
    alert = HealthAlert.objects.get(network=network, kind=Kind.NO_CAFE)
    HealthAlert.objects.filter(pk=alert.pk).update(closed_at=timezone.now())
    response = console.post(
        f"{BASE}alertes/{alert.pk}/prise-en-compte/", {f"alerte-{alert.pk}-note": "x"}
    )
    assert response.status_code == 400
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


# --- Coaching sessions edited and deleted --------------------------------------------------------


@pytest.fixture
def session_a(network_a, coach):
    return CoachingSession.objects.create(
        network=network_a,
        coach=coach,
        date=timezone.localdate() - timedelta(days=2),
        duration_minutes=90,
        topics=["cafes"],
        notes="Préparation du café",
    )


def test_a_session_is_edited(console, session_a):
    url = f"{BASE}reseaux/reseau-a/seances/{session_a.pk}/"
    log = console.get(f"{BASE}reseaux/reseau-a/").content.decode()
    assert url in log
    form = console.get(url).content.decode()
    assert f'value="{session_a.date.isoformat()}"' in form  # <input type=date> takes ISO
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = console.post(
        url,
        {"date": day, "duration_minutes": "120", "topics": ["cafes", "postures"], "notes": "Revu"},
    )
    assert response.status_code == 302
    session_a.refresh_from_db()
    assert (session_a.duration_minutes, session_a.topics, session_a.notes) == (
        120,
        ["cafes", "postures"],
        "Revu",
    )
    assert session_a.date.isoformat() == day


def test_a_bad_edit_writes_nothing(console, session_a):
    url = f"{BASE}reseaux/reseau-a/seances/{session_a.pk}/"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = console.post(url, {"date": tomorrow, "duration_minutes": "2", "topics": []})
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "La date d'une séance ne peut pas être dans le futur." in page
    assert "Choisissez au moins un thème." in page
    session_a.refresh_from_db()
    assert session_a.duration_minutes == 90 and session_a.notes == "Préparation du café"


def test_a_session_is_deleted_after_confirmation(console, session_a):
    url = f"{BASE}reseaux/reseau-a/seances/{session_a.pk}/supprimer/"
    page = console.get(url).content.decode()
    assert "Oui, supprimer la séance" in page
    assert CoachingSession.objects.filter(pk=session_a.pk).exists()  # asking deletes nothing
    response = console.post(url)
    assert response.status_code == 302
    assert not CoachingSession.objects.filter(pk=session_a.pk).exists()


def test_another_networks_session_is_404_and_partners_get_403(
    console, session_a, network_b, login, partner_user
):
    for url in [
        f"{BASE}reseaux/{network_b.slug}/seances/{session_a.pk}/",
        f"{BASE}reseaux/{network_b.slug}/seances/{session_a.pk}/supprimer/",
        f"{BASE}reseaux/reseau-a/seances/999999/",
    ]:
        assert console.get(url).status_code == 404, url
        assert console.post(url, {"duration_minutes": "30"}).status_code == 404, url
    partner = login(partner_user.email)
    assert (
        partner.post(f"{BASE}reseaux/reseau-a/seances/{session_a.pk}/supprimer/").status_code == 403
    )
    assert CoachingSession.objects.filter(pk=session_a.pk).exists()


# --- Trainings recorded after the fact ---------------------------------------------------------


def test_a_past_training_is_recorded_with_its_attendance(
    console, network_a, django_capture_on_commit_callbacks
):
    from django.core import mail

    day = (timezone.localdate() - timedelta(days=5)).isoformat()
    response = console.post(
        f"{BASE}formations/nouvelle/",
        {
            "title": "Postures d'animation",
            "topic": "postures",
            "date": day,
            "time": "18:00",
            "place": "Maison des associations",
            "trainer": "Claire",
        },
    )
    assert response.status_code == 302
    training = Training.objects.get()
    page = console.get(response["Location"]).content.decode()
    assert "Ajouter un participant" in page and "Ajouter à la formation" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for name, email in [("Marie", "marie@exemple.fr"), ("Luc", "luc@exemple.fr")]:
            response = console.post(
                f"{BASE}formations/{training.pk}/inviter/",
                {"network": network_a.pk, "name": name, "email": email},
            )
            assert response.status_code == 302
    assert mail.outbox == []  # held already: nobody is invited by email
    marie = TrainingInvitation.objects.get(email="marie@exemple.fr")
    response = console.post(f"{BASE}formations/{training.pk}/presence/", {"present": [marie.pk]})
    assert response.status_code == 302
    assert dict(TrainingInvitation.objects.values_list("name", "attended")) == {
        "Marie": True,
        "Luc": False,
    }
