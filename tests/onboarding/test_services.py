"""Ticking items and moving networks through the phases: gates, French refusals, records."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from coopere.accounts.models import User
from onboarding.models import (
    ChecklistItem,
    ChecklistVersion,
    ItemCheck,
    ItemUntick,
    NetworkChecklist,
    PhaseTransition,
)
from onboarding.services import move_to_phase, start_checklist, tick_item, untick_item
from tenants.models import Network

AMORCAGE_LABELS = (
    "Amorceurs identifiés, Première réunion tenue, Périmètre défini, Lieu de rencontre trouvé, "
    "Lettre d'invitation préparée et envoyée à chaque foyer, Apéro-info programmé"
)


def _refused(call, **kwargs) -> dict:
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return exc.value.message_dict


def _nothing_written(network, phase):
    network.refresh_from_db()
    assert network.phase == phase
    assert not PhaseTransition.objects.filter(network=network).exists()


def _tick_phase(network, phase, operator):
    for item in ChecklistItem.objects.filter(
        version__number=1, phase=phase, kind=ChecklistItem.Kind.MANUAL
    ):
        tick_item(network=network, item=item, actor=operator)


# --- Ticking -------------------------------------------------------------------------


def test_tick_and_untick_a_manual_item(network_b, operator, item):
    check = tick_item(
        network=network_b, item=item("meeting-place-found"), actor=operator, note=" Salle Brel "
    )
    assert check.done_at == timezone.localdate()
    assert check.note == "Salle Brel"
    assert NetworkChecklist.objects.get(network=network_b).version.number == 1
    trace = untick_item(
        network=network_b, item=item("meeting-place-found"), actor=operator, reason=" Salle fermée "
    )
    assert not ItemCheck.objects.filter(network=network_b).exists()
    assert (trace.reason, trace.unticked_by, trace.was_note, trace.was_done_by) == (
        "Salle fermée",
        operator,
        "Salle Brel",
        operator,
    )
    assert trace.was_done_at == check.done_at


def test_unticking_needs_a_reason_and_leaves_the_tick_otherwise(network_b, operator, item):
    tick_item(network=network_b, item=item("perimeter-defined"), actor=operator)
    errors = _refused(
        untick_item, network=network_b, item=item("perimeter-defined"), actor=operator, reason=" "
    )
    assert errors == {"reason": ["Écrivez pourquoi cet élément est décoché."]}
    assert ItemCheck.objects.filter(network=network_b).count() == 1
    assert not ItemUntick.objects.exists()


def test_automatic_items_cannot_be_ticked(network_b, operator, item):
    errors = _refused(tick_item, network=network_b, item=item("group-formed"), actor=operator)
    assert errors == {
        "item": [
            "Cet élément est calculé à partir des indicateurs du réseau : "
            "il ne se coche ni ne se décoche à la main."
        ]
    }
    assert not ItemCheck.objects.exists()
    assert "item" in _refused(
        untick_item, network=network_b, item=item("group-formed"), actor=operator
    )


def test_only_operators_tick(network_b, item):
    resident = User.objects.create_user(email="rose@exemple.test", first_name="Rose")
    errors = _refused(tick_item, network=network_b, item=item("perimeter-defined"), actor=resident)
    assert errors == {"actor": ["Seule l'équipe Coop-ère peut faire cela."]}
    assert not ItemCheck.objects.exists()


def test_a_tick_cannot_be_dated_in_the_future(network_b, operator, item):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    errors = _refused(
        tick_item,
        network=network_b,
        item=item("perimeter-defined"),
        actor=operator,
        done_at=tomorrow,
    )
    assert errors == {"done_at": ["La date ne peut pas être dans le futur."]}
    assert not ItemCheck.objects.exists()


def test_ticking_twice_or_unticking_nothing_is_refused(network_b, operator, item):
    tick_item(network=network_b, item=item("perimeter-defined"), actor=operator)
    assert _refused(
        tick_item, network=network_b, item=item("perimeter-defined"), actor=operator
    ) == {"item": ["Cet élément est déjà coché."]}
    assert _refused(
        untick_item,
        network=network_b,
        item=item("first-meeting-held"),
        actor=operator,
        reason="x",
    ) == {"item": ["Cet élément n'est pas coché."]}


def test_an_item_of_another_version_is_refused(network_b, operator):
    start_checklist(network=network_b)
    v2 = ChecklistVersion.objects.create(number=2)
    other = ChecklistItem.objects.create(version=v2, phase="amorcage", key="x", label="X")
    errors = _refused(tick_item, network=network_b, item=other, actor=operator)
    assert errors == {
        "item": ["Cet élément ne fait pas partie de la liste de contrôle de ce réseau."]
    }


def test_a_tick_on_network_a_does_not_tick_network_b(network_a, network_b, operator, item):
    tick_item(network=network_a, item=item("perimeter-defined"), actor=operator)
    assert not ItemCheck.objects.filter(network=network_b).exists()
    tick_item(network=network_b, item=item("perimeter-defined"), actor=operator)
    untick_item(network=network_b, item=item("perimeter-defined"), actor=operator, reason="x")
    assert ItemCheck.objects.filter(network=network_a).count() == 1
    assert not ItemUntick.objects.filter(network=network_a).exists()


# --- Gates ---------------------------------------------------------------------------


def test_lancement_lists_every_missing_amorcage_item_in_french(network_b, operator, item):
    tick_item(network=network_b, item=item("perimeter-defined"), actor=operator)
    errors = _refused(move_to_phase, network=network_b, to_phase="lancement", actor=operator)
    assert errors == {
        "to_phase": [
            "Il manque : Amorceurs identifiés, Première réunion tenue, Lieu de rencontre "
            "trouvé, Lettre d'invitation préparée et envoyée à chaque foyer, "
            "Apéro-info programmé."
        ]
    }
    _nothing_written(network_b, "amorcage")


def test_nothing_ticked_lists_all_six(network_b, operator):
    errors = _refused(move_to_phase, network=network_b, to_phase="lancement", actor=operator)
    assert errors == {"to_phase": [f"Il manque : {AMORCAGE_LABELS}."]}
    _nothing_written(network_b, "amorcage")
    assert not NetworkChecklist.objects.filter(network=network_b).exists()


def test_move_to_lancement_once_amorcage_is_done(network_b, operator):
    _tick_phase(network_b, "amorcage", operator)
    transition = move_to_phase(network=network_b, to_phase="lancement", actor=operator)
    network_b.refresh_from_db()
    assert network_b.phase == "lancement"
    assert (transition.from_phase, transition.to_phase, transition.by) == (
        "amorcage",
        "lancement",
        operator,
    )
    assert transition.override_reason == ""


def test_structuration_needs_the_groupe_d_animation(network_b, operator, snapshot):
    _tick_phase(network_b, "amorcage", operator)
    move_to_phase(network=network_b, to_phase="lancement", actor=operator)
    _tick_phase(network_b, "lancement", operator)
    Network.objects.filter(pk=network_b.pk).update(platform_opened_at=timezone.now())
    network_b.refresh_from_db()
    snapshot(network_b, group_size=5)
    errors = _refused(move_to_phase, network=network_b, to_phase="structuration", actor=operator)
    assert errors == {"to_phase": ["Il manque : Groupe d'Animation constitué."]}
    network_b.refresh_from_db()
    assert network_b.phase == "lancement"
    snapshot(network_b, months_ago=-1, group_size=6)  # a newer month: six members
    move_to_phase(network=network_b, to_phase="structuration", actor=operator)
    assert list(
        PhaseTransition.objects.filter(network=network_b).values_list("to_phase", flat=True)
    ) == ["lancement", "structuration"]


def test_phases_cannot_be_skipped_or_repeated(network_b, operator):
    errors = _refused(move_to_phase, network=network_b, to_phase="structuration", actor=operator)
    assert errors == {
        "to_phase": ["Un réseau avance d'une phase à la fois, vers la suivante : Lancement."]
    }
    assert _refused(move_to_phase, network=network_b, to_phase="amorcage", actor=operator) == {
        "to_phase": ["Le réseau est déjà dans cette phase."]
    }
    assert _refused(move_to_phase, network=network_b, to_phase="nulle-part", actor=operator) == {
        "to_phase": ["Phase inconnue."]
    }
    _nothing_written(network_b, "amorcage")


def test_only_operators_move_networks(network_b):
    resident = User.objects.create_user(email="rose@exemple.test", first_name="Rose")
    errors = _refused(move_to_phase, network=network_b, to_phase="lancement", actor=resident)
    assert errors["actor"] == ["Seule l'équipe Coop-ère peut faire cela."]
    _nothing_written(network_b, "amorcage")


@pytest.fixture
def structured_a(network_a, operator, snapshot):
    """Network A with every structuration item met (manual ticks and snapshots)."""
    _tick_phase(network_a, "structuration", operator)
    for months_ago in range(3):
        snapshot(network_a, months_ago=months_ago, cafes_held=1, newsletters_sent=1, group_size=7)
    return network_a


def test_autonomie_needs_a_year_in_structuration(structured_a, operator):
    # Network A was opened directly in structuration, today.
    errors = _refused(move_to_phase, network=structured_a, to_phase="autonomie", actor=operator)
    assert errors == {
        "to_phase": [
            "Un réseau doit passer au moins 365 jours en structuration (0 jour pour l'instant)."
        ]
    }
    _nothing_written(structured_a, "structuration")


def test_autonomie_lists_missing_items_and_time(network_a, operator):
    errors = _refused(move_to_phase, network=network_a, to_phase="autonomie", actor=operator)
    assert errors["to_phase"][0].startswith("Il manque : Actions visualisées et réparties")
    assert "Lettre d'information envoyée" in errors["to_phase"][0]
    assert "Cafés-rencontres mensuels tenus" in errors["to_phase"][0]
    assert errors["to_phase"][1].startswith("Un réseau doit passer au moins 365 jours")


def test_autonomie_after_a_year_in_structuration(structured_a, operator):
    PhaseTransition.objects.create(
        network=structured_a,
        from_phase="lancement",
        to_phase="structuration",
        at=timezone.now() - datetime.timedelta(days=400),
        by=operator,
    )
    move_to_phase(network=structured_a, to_phase="autonomie", actor=operator)
    structured_a.refresh_from_db()
    assert structured_a.phase == "autonomie"


def test_override_needs_a_written_reason(network_a, operator):
    errors = _refused(
        move_to_phase,
        network=network_a,
        to_phase="autonomie",
        actor=operator,
        override=True,
        override_reason="   ",
    )
    assert errors == {
        "override_reason": [
            "Écrivez pourquoi le réseau passe en autonomie avant que ses conditions soient "
            "remplies."
        ]
    }
    _nothing_written(network_a, "structuration")


def test_override_with_a_reason_is_recorded(network_a, operator):
    transition = move_to_phase(
        network=network_a,
        to_phase="autonomie",
        actor=operator,
        override=True,
        override_reason=" Groupe autonome depuis 8 mois, validé en comité. ",
    )
    assert Network.objects.get(pk=network_a.pk).phase == Network.Phase.AUTONOMIE
    transition.refresh_from_db()
    assert transition.override_reason == "Groupe autonome depuis 8 mois, validé en comité."
    assert transition.by == operator


def test_only_autonomie_can_be_forced(network_b, operator):
    errors = _refused(
        move_to_phase,
        network=network_b,
        to_phase="lancement",
        actor=operator,
        override=True,
        override_reason="Pressé",
    )
    assert errors == {"override_reason": ["Seul le passage en autonomie peut être forcé."]}
    _nothing_written(network_b, "amorcage")


def test_moving_network_b_leaves_network_a_alone(network_a, network_b, operator):
    _tick_phase(network_b, "amorcage", operator)
    move_to_phase(network=network_b, to_phase="lancement", actor=operator)
    network_a.refresh_from_db()
    assert network_a.phase == "structuration"
    assert not PhaseTransition.objects.filter(network=network_a).exists()


def test_autonomie_is_the_last_phase(network_a, operator):
    move_to_phase(
        network=network_a,
        to_phase="autonomie",
        actor=operator,
        override=True,
        override_reason="Groupe autonome.",
    )
    errors = _refused(move_to_phase, network=network_a, to_phase="lancement", actor=operator)
    assert errors == {"to_phase": ["Le réseau est en autonomie, la dernière phase de la méthode."]}
    assert PhaseTransition.objects.filter(network=network_a).count() == 1
