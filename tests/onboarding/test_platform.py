"""Opening the residents' platform at lancement: the seed's two launch conditions, read
from the latest public snapshot; the 'platform opened' item follows; live data → snapshot
→ items and gates."""

import datetime
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from community.cafes.models import Cafe
from community.impact import indicators
from onboarding.models import ChecklistItem, PlatformOpening
from onboarding.selectors import checklist_for
from onboarding.services import move_to_phase, open_platform, refresh_indicators, tick_item
from tenants.models import Network
from tests.conftest import inside
from tests.exchange.factories import MemberFactory

# Month and year arithmetic: also run at 31 Dec 23:59, 1 Jan and 29 Feb.
pytestmark = pytest.mark.calendar_edges


def _refused(**kwargs) -> list[str]:
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        open_platform(**kwargs)
    return exc.value.message_dict["platform"]


@pytest.fixture
def launching_b(network_b):
    Network.objects.filter(pk=network_b.pk).update(phase="lancement")
    network_b.refresh_from_db()
    return network_b


@pytest.fixture
def launching_a(network_a):
    """Network A back in lancement, platform closed (it was opened in structuration)."""
    Network.objects.filter(pk=network_a.pk).update(phase="lancement", platform_opened_at=None)
    network_a.refresh_from_db()
    return network_a


def _state(network, key):
    return next(s for p in checklist_for(network).phases for s in p.items if s.item.key == key)


def test_five_members_and_no_cafe_is_refused_with_both_reasons(launching_b, operator, snapshot):
    snapshot(launching_b, group_size=5, cafes_scheduled=0)
    assert _refused(network=launching_b, actor=operator) == [
        "Le Groupe d'Animation compte 5 membres ; il en faut au moins 6.",
        "Aucun café-rencontre n'est programmé.",
    ]
    launching_b.refresh_from_db()
    assert launching_b.platform_opened_at is None
    assert not PlatformOpening.objects.exists()


def test_without_any_snapshot_it_says_to_refresh_the_indicators(launching_b, operator):
    reasons = _refused(network=launching_b, actor=operator)
    assert reasons[0].startswith("Aucun indicateur n'a encore été relevé pour ce réseau")
    assert reasons[1:] == [
        "Le Groupe d'Animation compte 0 membre ; il en faut au moins 6.",
        "Aucun café-rencontre n'est programmé.",
    ]


def test_the_latest_snapshot_decides(launching_b, operator, snapshot):
    snapshot(launching_b, months_ago=1, group_size=8, cafes_scheduled=2)
    snapshot(launching_b, months_ago=0, group_size=6, cafes_scheduled=0)
    assert _refused(network=launching_b, actor=operator) == [
        "Aucun café-rencontre n'est programmé."
    ]


def test_six_members_and_a_cafe_open_it_and_record_who(launching_b, operator, snapshot):
    snapshot(launching_b, group_size=6, cafes_scheduled=1)
    assert not _state(launching_b, "platform-opened").done
    opening = open_platform(network=launching_b, actor=operator)
    launching_b.refresh_from_db()
    assert launching_b.is_launched
    assert (opening.opened_by, opening.opened_at, opening.group_size, opening.cafes_scheduled) == (
        operator,
        launching_b.platform_opened_at,
        6,
        1,
    )
    assert _state(launching_b, "platform-opened").done
    assert _refused(network=launching_b, actor=operator) == ["La plateforme est déjà ouverte."]


def test_the_minimum_is_a_setting(settings, launching_b, operator, snapshot):
    settings.COOPERE_MIN_GROUP_SIZE = 4
    snapshot(launching_b, group_size=4, cafes_scheduled=1)
    open_platform(network=launching_b, actor=operator)


def test_only_in_lancement_and_only_by_operators(network_b, operator, partner, snapshot):
    snapshot(network_b, group_size=9, cafes_scheduled=3)
    assert _refused(network=network_b, actor=operator) == [
        "La plateforme des habitant·es s'ouvre pendant la phase de lancement."
    ]
    with pytest.raises(ValidationError) as exc:
        open_platform(network=network_b, actor=partner)
    assert "actor" in exc.value.message_dict
    network_b.refresh_from_db()
    assert network_b.platform_opened_at is None


def test_leaving_lancement_needs_the_platform_open(launching_b, operator, snapshot):
    for item in ChecklistItem.objects.filter(
        version__number=1, phase="lancement", kind=ChecklistItem.Kind.MANUAL
    ):
        tick_item(network=launching_b, item=item, actor=operator)
    snapshot(launching_b, group_size=6, cafes_scheduled=1)
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        move_to_phase(network=launching_b, to_phase="structuration", actor=operator)
    assert exc.value.message_dict == {
        "to_phase": ["Il manque : Plateforme ouverte aux habitant·es."]
    }
    open_platform(network=launching_b, actor=operator)
    move_to_phase(network=launching_b, to_phase="structuration", actor=operator)


def test_the_platform_item_cannot_be_ticked_by_hand(launching_b, operator, item):
    with pytest.raises(ValidationError):
        tick_item(network=launching_b, item=item("platform-opened"), actor=operator)


# --- Live data → snapshot → items and gates ------------------------------------------------


def test_automatic_items_follow_the_live_data_through_the_snapshot(launching_a, operator):
    with inside(launching_a):
        members = [MemberFactory(animator=True) for _ in range(5)]
    refresh_indicators(network=launching_a, actor=operator)
    assert not _state(launching_a, "group-formed").done
    assert _state(launching_a, "group-formed").figure == 5
    assert len(_refused(network=launching_a, actor=operator)) == 2

    with inside(launching_a):
        MemberFactory(animator=True)
        Cafe.objects.create(
            starts_at=timezone.now() + datetime.timedelta(days=9),
            place_name="Square",
            created_by=members[0],
        )
    # Nothing changes until the snapshot is written: the console reads public only.
    assert _state(launching_a, "group-formed").figure == 5
    snapshot = refresh_indicators(network=launching_a, actor=operator)
    assert (snapshot.group_size, snapshot.cafes_scheduled) == (6, 1)
    state = _state(launching_a, "group-formed")
    assert (state.done, state.figure) == (True, 6)
    open_platform(network=launching_a, actor=operator)
    launching_a.refresh_from_db()
    assert _state(launching_a, "platform-opened").done


def test_cafes_scheduled_counts_future_cafes_not_cancelled_and_not_past_months(network_a):
    now = timezone.now()
    with inside(network_a):
        host = MemberFactory(animator=True)
        for days, status in [(3, "scheduled"), (40, "scheduled"), (5, "cancelled"), (-2, "held")]:
            Cafe.objects.create(
                starts_at=now + datetime.timedelta(days=days),
                status=status,
                place_name="Square",
                created_by=host,
            )
        this_month = indicators.compute(timezone.localdate())
        last_month = indicators.compute(
            timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        )
    assert this_month["cafes_scheduled"] == 2
    assert last_month["cafes_scheduled"] == 0


# --- The button ---------------------------------------------------------------------------


def test_the_button_shows_the_reasons_then_opens(console, launching_b, snapshot, client_for):
    snapshot(launching_b, group_size=5, cafes_scheduled=0)
    page = unescape(console.get("/console/reseaux/reseau-b/").content.decode())
    assert "Ouvrir la plateforme aux habitant·es" in page
    response = console.post("/console/reseaux/reseau-b/plateforme/")
    assert response.status_code == 400
    body = unescape(response.content.decode())
    assert "Le Groupe d'Animation compte 5 membres ; il en faut au moins 6." in body
    assert "Aucun café-rencontre n'est programmé." in body
    snapshot(launching_b, months_ago=-1, group_size=6, cafes_scheduled=1)
    assert console.post("/console/reseaux/reseau-b/plateforme/").status_code == 302
    assert "Bientôt disponible" not in client_for(launching_b).get("/").content.decode()
