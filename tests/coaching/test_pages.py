"""Console pages of coaching: operators only, French errors with nothing written, bounded
queries, and no network's data on another's page."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import set_urlconf
from django.utils import timezone

from onboarding.coaching.models import CoachingSession, HealthAlert, Training, TrainingInvitation
from onboarding.models import Amorceur
from tenants.models import Network
from tests.conftest import PASSWORD

from .conftest import days_ago

BASE = "/console/accompagnement/"


@pytest.fixture
def training(coach):
    return Training.objects.create(
        title="Animer un café-rencontre",
        topic="cafes",
        starts_at=timezone.now() + timedelta(days=7),
        place="Maison des associations",
        trainer="Claire",
        created_by=coach,
    )


def pages(training):
    return [
        BASE,
        f"{BASE}alertes/",
        f"{BASE}reseaux/reseau-a/",
        f"{BASE}formations/",
        f"{BASE}formations/nouvelle/",
        f"{BASE}formations/{training.pk}/",
    ]


def test_pages_are_for_operators_only(
    network_a, training, console, client_for, login, partner_user
):
    anonymous = client_for(None)
    partner = login(partner_user.email)
    for url in pages(training):
        assert console.get(url).status_code == 200, url
        response = anonymous.get(url)
        assert response.status_code == 302 and "/connexion/" in response["Location"], url
        assert partner.get(url).status_code == 403, url


def test_a_resident_finds_no_console_on_their_network(network_a, client_for):
    resident = client_for(network_a)
    assert (
        resident.post(
            "/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert resident.get(BASE).status_code == 404
    assert resident.get(f"{BASE}reseaux/reseau-a/").status_code == 404


def test_unknown_ids_are_404(console, training):
    assert console.get(f"{BASE}reseaux/nulle-part/").status_code == 404
    assert console.get(f"{BASE}formations/999999/").status_code == 404
    assert console.post(f"{BASE}formations/999999/inviter/", {}).status_code == 404
    assert (
        console.post(
            f"{BASE}formations/{training.pk}/inviter-amorceurs/", {"reseau": "abc"}
        ).status_code
        == 404
    )


def test_a_session_is_logged_from_the_network_log(network_a, console, coach):
    response = console.post(
        f"{BASE}reseaux/reseau-a/",
        {
            "date": timezone.localdate().isoformat(),
            "duration_minutes": "90",
            "topics": ["cohesion", "platform"],
            "notes": "Point sur le Groupe d'Animation.",
        },
    )
    assert response.status_code == 302
    session = CoachingSession.objects.get()
    assert (session.network, session.coach, session.duration_minutes) == (network_a, coach, 90)
    page = console.get(response["Location"]).content.decode()
    assert "La séance d&#x27;accompagnement est enregistrée." in page
    assert "Point sur le Groupe d&#x27;Animation." in page
    assert "1 h 30 sur 2 h" in page


def test_a_bad_session_shows_french_errors_and_writes_nothing(network_a, console):
    response = console.post(
        f"{BASE}reseaux/reseau-a/",
        {
            "date": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "duration_minutes": "600",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "La date d&#x27;une séance ne peut pas être dans le futur." in page
    assert "Une séance dure entre 5 et 480 minutes (8 heures)." in page
    assert "Choisissez au moins un thème." in page
    assert not CoachingSession.objects.exists()


def test_b_log_shows_none_of_a_sessions(network_a, network_b, console, coach):
    CoachingSession.objects.create(
        network=network_a,
        coach=coach,
        date=timezone.localdate(),
        duration_minutes=60,
        topics=["cafes"],
        notes="Secret de A",
    )
    page = console.get(f"{BASE}reseaux/reseau-b/").content.decode()
    assert "Secret de A" not in page
    assert "Aucune séance d'accompagnement enregistrée" in page


def test_my_week_lists_my_networks_against_the_target(network_a, network_b, console, coach):
    Network.objects.filter(pk=network_a.pk).update(coach=coach)
    CoachingSession.objects.create(
        network=network_a,
        coach=coach,
        date=timezone.localdate(),
        duration_minutes=150,
        topics=["cafes"],
    )
    page = console.get(BASE).content.decode()
    assert "Réseau A" in page and "Réseau B" not in page
    assert "2 h 30 sur 2 h" in page


def test_a_training_is_planned_and_bad_input_is_refused(console):
    response = console.post(
        f"{BASE}formations/nouvelle/",
        {"title": "", "topic": "", "date": "2020-01-01", "time": "10:00", "place": ""},
    )
    page = response.content.decode()
    assert "Donnez un titre à la formation." in page
    assert "Indiquez un lieu ou un lien de visioconférence." in page
    assert not Training.objects.exists()
    day = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = console.post(
        f"{BASE}formations/nouvelle/",
        {
            "title": "Communiquer avec les voisins",
            "topic": "communication",
            "date": day,
            "time": "18:30",
            "video_url": "https://visio.example.org/pilotes",
            "trainer": "Claire",
        },
    )
    training = Training.objects.get()
    assert response["Location"] == f"{BASE}formations/{training.pk}/"
    assert "Communiquer avec les voisins" in console.get(f"{BASE}formations/").content.decode()


def test_pilots_are_invited_from_the_training_page(network_a, network_b, console, training):
    url = f"{BASE}formations/{training.pk}/"
    bad = console.post(
        f"{url}inviter/", {"network": network_a.pk, "name": "", "email": "pas-un-email"}
    )
    assert "Saisissez une adresse e-mail valide." in bad.content.decode()
    assert "Indiquez le nom de la personne." in bad.content.decode()
    assert not TrainingInvitation.objects.exists()

    response = console.post(
        f"{url}inviter/", {"network": network_a.pk, "name": "Marie", "email": "marie@exemple.fr"}
    )
    assert response.status_code == 302
    Amorceur.objects.create(
        network=network_b, name="Bruno Amorceur", kind="resident", email="bruno@exemple.fr"
    )
    picker = console.get(f"{url}?reseau={network_b.pk}").content.decode()
    assert "Bruno Amorceur (bruno@exemple.fr)" in picker
    amorceur = Amorceur.objects.get(name="Bruno Amorceur")
    response = console.post(
        f"{url}inviter-amorceurs/", {"reseau": network_b.pk, "amorceurs": [amorceur.pk]}
    )
    assert response.status_code == 302
    invitations = {i.name: i.network for i in TrainingInvitation.objects.all()}
    assert invitations == {"Marie": network_a, "Bruno Amorceur": network_b}
    page = console.get(url).content.decode()
    assert "2 personnes invitées" in page


def test_attendance_is_ticked_after_the_date(network_a, console, training, coach):
    invitation = TrainingInvitation.objects.create(
        training=training, network=network_a, name="Marie", email="m@exemple.fr", invited_by=coach
    )
    url = f"{BASE}formations/{training.pk}/presence/"
    early = console.post(url, {"present": [invitation.pk]})
    assert "La présence se coche une fois la formation commencée." in early.content.decode()
    invitation.refresh_from_db()
    assert invitation.attended is None
    Training.objects.filter(pk=training.pk).update(starts_at=days_ago(1))
    assert console.post(url, {"present": [invitation.pk]}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.attended is True
    assert console.get(url.replace("presence/", "")).status_code == 200


def _networks_with_alerts(region, coach, n):
    now = timezone.now()
    made = Network.objects.bulk_create(
        [
            Network(
                schema_name=f"n_bench_{i}",
                name=f"Réseau {i:03d}",
                slug=f"bench-{i}",
                region=region,
                estimated_households=200,
                state=Network.State.LIVE,
                phase=Network.Phase.STRUCTURATION,
                coach=coach,
            )
            for i in range(n)
        ]
    )
    HealthAlert.objects.bulk_create(
        [
            HealthAlert(network=net, kind=kind, detail="vu", opened_at=now)
            for net in made
            for kind in (HealthAlert.Kind.NO_CAFE, HealthAlert.Kind.GROUP_TOO_SMALL)
        ]
        + [
            HealthAlert(
                network=net,
                kind=HealthAlert.Kind.NO_NEWCOMER,
                detail="vu",
                opened_at=now - timedelta(days=9),
                closed_at=now - timedelta(days=1),
            )
            for net in made
        ]
    )
    return made


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_alerts_page_reads_a_constant_number_of_queries(region, console, coach):
    _networks_with_alerts(region, coach, 3)
    few = _queries(console, f"{BASE}alertes/")
    Network.objects.filter(slug__startswith="bench-").delete()
    made = _networks_with_alerts(region, coach, 30)
    many = _queries(console, f"{BASE}alertes/")
    assert few == many
    page = console.get(f"{BASE}alertes/?coach={coach.pk}&kind=no_cafe").content.decode()
    assert "30 alertes ouvertes" in page
    assert made[0].name in page
    assert _queries(console, f"{BASE}alertes/?coach={coach.pk}&kind=no_cafe") == many


def test_the_alerts_page_filters_by_coach_and_kind(network_a, network_b, console, coach):
    Network.objects.filter(pk=network_a.pk).update(coach=coach)
    for network in (network_a, network_b):
        HealthAlert.objects.create(
            network=network,
            kind=HealthAlert.Kind.PHASE_OVERDUE,
            detail=f"vu dans {network.name}",
            opened_at=timezone.now(),
        )
    mine = console.get(f"{BASE}alertes/?coach={coach.pk}").content.decode()
    assert "vu dans Réseau A" in mine and "vu dans Réseau B" not in mine
    other_kind = console.get(f"{BASE}alertes/?kind=no_cafe").content.decode()
    assert "vu dans" not in other_kind
    assert console.get(f"{BASE}alertes/?coach=x&kind=zzz").status_code == 200


def test_the_panel_fetches_its_own_data_in_three_queries(network_a, network_b, coach):
    HealthAlert.objects.create(
        network=network_a,
        kind=HealthAlert.Kind.NO_CAFE,
        detail="Dernier café il y a 50 jours",
        opened_at=timezone.now(),
    )
    HealthAlert.objects.create(
        network=network_b,
        kind=HealthAlert.Kind.NO_CAFE,
        detail="Alerte de B",
        opened_at=timezone.now(),
    )
    CoachingSession.objects.create(
        network=network_a,
        coach=coach,
        date=timezone.localdate(),
        duration_minutes=45,
        topics=["postures"],
    )
    set_urlconf(settings.PUBLIC_SCHEMA_URLCONF)  # as in a console request
    try:
        with CaptureQueriesContext(connection) as ctx:
            html = render_to_string("console/coaching/_panel.html", {"network": network_a})
    finally:
        set_urlconf(None)
    assert len(ctx.captured_queries) == 3
    assert "Dernier café il y a 50 jours" in html and "Alerte de B" not in html
    assert "45 min sur 2 h" in html
    assert "Postures pour faire vivre le lien" in html
    assert "/console/accompagnement/reseaux/reseau-a/" in html


def test_my_week_reads_a_constant_number_of_queries(region, console, coach):
    _networks_with_alerts(region, coach, 3)
    few = _queries(console, BASE)
    Network.objects.filter(slug__startswith="bench-").delete()
    made = _networks_with_alerts(region, coach, 30)
    CoachingSession.objects.bulk_create(
        [
            CoachingSession(
                network=n,
                coach=coach,
                date=timezone.localdate(),
                duration_minutes=30,
                topics=["cafes"],
            )
            for n in made
        ]
    )
    assert _queries(console, BASE) == few
    assert "15 h enregistrées cette semaine au total" in console.get(BASE).content.decode()
