"""The network detail page (onboarding's) shows the coaching panel, with this network's
data only."""

from django.utils import timezone

from onboarding.coaching.models import CoachingSession, HealthAlert


def test_the_network_page_shows_its_coaching_panel(network_a, network_b, console, coach):
    HealthAlert.objects.create(
        network=network_a,
        kind=HealthAlert.Kind.GROUP_TOO_SMALL,
        detail="Le Groupe d'Animation compte 3 membres ; le minimum est de 6.",
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
        duration_minutes=120,
        topics=["communication"],
    )
    response = console.get("/console/reseaux/reseau-a/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "4 dernières semaines (objectif 2 h par semaine)" in page
    assert "le minimum est de 6." in page
    assert "Alerte de B" not in page
    assert "2 h sur 2 h" in page
    assert "/console/accompagnement/reseaux/reseau-a/" in page
