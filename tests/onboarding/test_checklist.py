"""The seeded catalogue and checklist_for: states, figures, versions, isolation, queries."""

import datetime

from onboarding.models import ChecklistItem, ChecklistVersion
from onboarding.selectors import checklist_for, min_group_size
from onboarding.services import start_checklist, tick_item


def test_version_1_is_seeded_from_the_method(version1):
    counts = {
        phase: version1.items.filter(phase=phase).count()
        for phase in ("amorcage", "lancement", "structuration")
    }
    assert counts == {"amorcage": 6, "lancement": 5, "structuration": 7}
    automatic = dict(
        version1.items.filter(kind=ChecklistItem.Kind.AUTOMATIC).values_list("key", "indicator")
    )
    assert automatic == {
        "group-formed": "group_size",
        "monthly-cafes-held": "cafes_held",
        "newsletter-sent": "newsletters_sent",
        # Since 0004: reads Network.platform_opened_at, set by open_platform.
        "platform-opened": "platform_opened",
    }
    assert version1.items.get(key="perimeter-defined").label == "Périmètre défini"


def test_nothing_is_done_on_a_new_network(network_b):
    checklist = checklist_for(network_b)
    amorcage = checklist.phase("amorcage")
    assert [s.item.key for s in amorcage.items][:2] == [
        "amorceurs-identified",
        "first-meeting-held",
    ]
    assert len(amorcage.missing_required) == 6
    group = next(s for s in checklist.phase("lancement").items if s.automatic)
    assert (group.done, group.figure, group.threshold) == (False, 0, 6)


def test_a_manual_tick_says_who_when_and_why(network_b, operator, item):
    tick_item(
        network=network_b,
        item=item("perimeter-defined"),
        actor=operator,
        done_at=datetime.date(2026, 10, 2),
        note="Rues des Tilleuls et des Acacias",
    )
    state = next(
        s
        for s in checklist_for(network_b).phase("amorcage").items
        if s.item.key == "perimeter-defined"
    )
    assert state.done
    assert state.check.done_by == operator
    assert state.check.done_at == datetime.date(2026, 10, 2)
    assert state.check.note == "Rues des Tilleuls et des Acacias"


def _state(network, key):
    checklist = checklist_for(network)
    return next(s for p in checklist.phases for s in p.items if s.item.key == key)


def test_group_formed_needs_the_minimum_group_size(network_b, snapshot):
    snapshot(network_b, months_ago=1, group_size=9)
    snapshot(network_b, months_ago=0, group_size=5)  # the latest counts
    state = _state(network_b, "group-formed")
    assert (state.done, state.figure, state.threshold) == (False, 5, 6)


def test_group_formed_with_six(network_b, snapshot):
    snapshot(network_b, group_size=6)
    state = _state(network_b, "group-formed")
    assert (state.done, state.figure) == (True, 6)


def test_min_group_size_is_a_setting_never_below_four(settings, network_b, snapshot):
    settings.COOPERE_MIN_GROUP_SIZE = 2
    assert min_group_size() == 4
    settings.COOPERE_MIN_GROUP_SIZE = 5
    snapshot(network_b, group_size=5)
    state = _state(network_b, "group-formed")
    assert (state.done, state.threshold) == (True, 5)
    del settings.COOPERE_MIN_GROUP_SIZE
    assert min_group_size() == 6


def test_monthly_cafes_count_the_last_three_months_only(network_b, snapshot):
    snapshot(network_b, months_ago=3, cafes_held=5)
    snapshot(network_b, months_ago=2, cafes_held=1)
    snapshot(network_b, months_ago=1, cafes_held=1)
    snapshot(network_b, months_ago=0, cafes_held=0)
    state = _state(network_b, "monthly-cafes-held")
    assert (state.done, state.figure, state.threshold) == (False, 2, 3)


def test_monthly_cafes_held(network_b, snapshot):
    for months_ago in range(3):
        snapshot(network_b, months_ago=months_ago, cafes_held=1)
    state = _state(network_b, "monthly-cafes-held")
    assert (state.done, state.figure) == (True, 3)


def test_a_newsletter_sent_in_any_month(network_b, snapshot):
    snapshot(network_b, months_ago=8, newsletters_sent=2)
    snapshot(network_b, months_ago=0, newsletters_sent=0)
    state = _state(network_b, "newsletter-sent")
    assert (state.done, state.figure) == (True, 2)


def test_network_b_sees_nothing_of_network_a(network_a, network_b, operator, item, snapshot):
    snapshot(network_a, group_size=8, cafes_held=4, newsletters_sent=1)
    tick_item(network=network_a, item=item("perimeter-defined"), actor=operator)
    checklist = checklist_for(network_b)
    assert not any(s.done for p in checklist.phases for s in p.items)


def test_a_network_keeps_the_version_it_started_with(network_a, network_b, version1):
    start_checklist(network=network_a)
    v2 = ChecklistVersion.objects.create(number=2)
    ChecklistItem.objects.create(
        version=v2, phase="amorcage", position=1, key="relays-met", label="Relais rencontrés"
    )
    assert checklist_for(network_a).version == version1
    assert start_checklist(network=network_a).version == version1
    # A network that has not started yet gets the latest version.
    assert checklist_for(network_b).version == v2
    assert [s.item.key for s in checklist_for(network_b).phase("amorcage").items] == ["relays-met"]


def test_checklist_for_runs_a_fixed_number_of_queries(
    network_a, operator, item, version1, snapshot, django_assert_num_queries
):
    start_checklist(network=network_a)
    checklist_for(network_a)  # leaves django-tenants' pending `SET search_path` out of the count
    with django_assert_num_queries(4):
        checklist_for(network_a)
    for key in ("amorceurs-identified", "first-meeting-held", "perimeter-defined", "fete-held"):
        tick_item(network=network_a, item=item(key), actor=operator)
    for months_ago in range(12):
        snapshot(network_a, months_ago=months_ago, cafes_held=1, group_size=7)
    checklist_for(network_a)
    with django_assert_num_queries(4):
        checklist = checklist_for(network_a)
        # Reading who ticked must not query again.
        names = [s.check.done_by.first_name for p in checklist.phases for s in p.items if s.check]
    assert names == ["Nadia"] * 4
