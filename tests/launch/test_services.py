"""The apéro-info's and the letter's services: French refusals that write nothing."""

import datetime as dt
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from onboarding.launch import letter, selectors
from onboarding.launch.models import AperoInfo, InvitationLetter
from onboarding.launch.services import (
    record_apero_info_held,
    save_letter_addresses,
    save_letter_text,
    schedule_apero_info,
)

from .conftest import in_days, make_past


def _refused(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return exc.value.message_dict


# --- Scheduling ---------------------------------------------------------------------


def test_schedule_at_the_networks_meeting_place_by_default(network_b, coach):
    when = in_days(12)
    apero = schedule_apero_info(network=network_b, starts_at=when, actor=coach, notes=" Salle ")
    assert (apero.starts_at, apero.place, apero.notes) == (when, "Place de la mairie", "Salle")
    assert not apero.held and apero.attendance is None and apero.scheduled_by == coach


def test_a_date_in_the_past_is_refused_and_nothing_is_written(network_b, coach):
    errors = _refused(schedule_apero_info, network=network_b, starts_at=in_days(-1), actor=coach)
    assert errors == {
        "starts_at": [
            "Cette date est déjà passée : choisissez un jour et une heure à venir "
            "pour l'apéro-info."
        ]
    }
    assert not AperoInfo.objects.exists()


def test_rescheduling_into_the_past_leaves_the_apero_as_it_was(network_b, coach, schedule):
    apero = schedule(network_b, days=5, place="Salle Brel")
    assert "starts_at" in _refused(
        schedule_apero_info,
        network=network_b,
        starts_at=in_days(-0.01),
        place="Ailleurs",
        actor=coach,
    )
    fresh = AperoInfo.objects.get(network=network_b)
    assert (fresh.starts_at, fresh.place) == (apero.starts_at, "Salle Brel")


def test_rescheduling_moves_the_one_apero(network_b, coach, schedule):
    schedule(network_b, days=5)
    later = in_days(20)
    schedule_apero_info(network=network_b, starts_at=later, place="Salle Brel", actor=coach)
    assert AperoInfo.objects.filter(network=network_b).count() == 1
    assert AperoInfo.objects.get(network=network_b).starts_at == later


def test_a_place_is_needed_when_the_network_has_no_meeting_place(network_b, coach):
    network_b.meeting_place = ""
    errors = _refused(schedule_apero_info, network=network_b, starts_at=in_days(3), actor=coach)
    assert errors == {
        "place": [
            "Indiquez le lieu de l'apéro-info : le réseau n'a pas encore de lieu de rencontre."
        ]
    }
    assert not AperoInfo.objects.exists()


def test_only_operators_schedule(network_b, partner_user):
    errors = _refused(
        schedule_apero_info, network=network_b, starts_at=in_days(3), actor=partner_user
    )
    assert errors == {"actor": ["Seule l'équipe Coop-ère peut faire cela."]}
    assert not AperoInfo.objects.exists()


def test_a_held_apero_cannot_be_moved(network_b, coach, schedule):
    apero = make_past(schedule(network_b))
    record_apero_info_held(network=network_b, attendance=23, actor=coach)
    errors = _refused(schedule_apero_info, network=network_b, starts_at=in_days(3), actor=coach)
    assert errors == {
        "starts_at": ["Cet apéro-info a déjà eu lieu : il ne peut plus être déplacé."]
    }
    assert AperoInfo.objects.get(pk=apero.pk).starts_at == apero.starts_at


# --- Recording it held --------------------------------------------------------------


def test_record_held_after_its_time(network_b, coach, schedule):
    make_past(schedule(network_b))
    apero = record_apero_info_held(
        network=network_b, attendance=31, notes="7 volontaires", actor=coach
    )
    assert (apero.held, apero.attendance, apero.notes) == (True, 31, "7 volontaires")
    # A second record corrects the figure; zero people is a real (sad) figure.
    assert record_apero_info_held(network=network_b, attendance=0, actor=coach).attendance == 0


def test_recording_before_the_date_is_refused(network_b, coach, schedule):
    schedule(network_b, days=2)
    errors = _refused(record_apero_info_held, network=network_b, attendance=12, actor=coach)
    assert list(errors) == ["attendance"]
    assert errors["attendance"][0].startswith(
        "L'apéro-info n'a pas encore eu lieu : notez la participation à partir du "
    )
    fresh = AperoInfo.objects.get(network=network_b)
    assert not fresh.held and fresh.attendance is None


@pytest.mark.parametrize("attendance", [-1, "douze", None, 2.5, True, "-3"])
def test_attendance_must_be_a_number_of_people(network_b, coach, schedule, attendance):
    make_past(schedule(network_b))
    errors = _refused(record_apero_info_held, network=network_b, attendance=attendance, actor=coach)
    assert errors == {"attendance": ["La participation est un nombre de personnes : 0 ou plus."]}
    assert not AperoInfo.objects.get(network=network_b).held


def test_nothing_to_record_without_an_apero(network_b, coach):
    errors = _refused(record_apero_info_held, network=network_b, attendance=3, actor=coach)
    assert errors == {"attendance": ["Aucun apéro-info n'est encore programmé pour ce réseau."]}


# --- The letter ---------------------------------------------------------------------


def test_the_letter_text_fills_in_its_fields(network_b, coach, schedule):
    apero = schedule(network_b, place="Salle Jacques Brel")
    save_letter_text(
        network=network_b,
        body="Bonjour,\r\n\r\nRendez-vous le {date} à {heure}, {lieu}, pour « {reseau} ».",
        actor=coach,
    )
    found = selectors.letter_for(network_b)
    day, time = letter.when(apero.starts_at)
    assert found.paragraphs == [
        "Bonjour,",
        f"Rendez-vous le {day} à {time}, Salle Jacques Brel, pour « Réseau B ».",
    ]
    assert found.addresses == [None]


def test_unknown_fields_and_overlong_texts_are_refused(network_b, coach):
    errors = _refused(
        save_letter_text, network=network_b, body="Le {jour} au {lieu} {x}", actor=coach
    )
    assert errors == {
        "body": [
            "Champ inconnu {jour}, {x} : le texte peut utiliser {date}, {heure}, {lieu} "
            "et {reseau}."
        ]
    }
    errors = _refused(save_letter_text, network=network_b, body="a" * 2001, actor=coach)
    assert errors["body"][0].startswith("Le texte fait au plus 2000 caractères (il en a 2001)")
    errors = _refused(
        save_letter_text, network=network_b, body="\n\n".join(["Bonjour."] * 20), actor=coach
    )
    assert errors == {
        "body": [
            "Le texte a trop de paragraphes ou de lignes courtes pour tenir sur une feuille A4 : "
            "regroupez-en quelques-uns."
        ]
    }
    assert not InvitationLetter.objects.exists()


def test_an_empty_text_goes_back_to_the_default(network_b, coach):
    save_letter_text(network=network_b, body="Mon texte", actor=coach)
    save_letter_text(network=network_b, body="  ", actor=coach)
    found = selectors.letter_of(network_b)
    assert found.body == ""
    assert "apéro-info" in selectors.letter_body(found)
    assert "{date}" in selectors.letter_body(found)


def test_addresses_are_cleaned_and_checked(network_b, coach):
    saved = save_letter_addresses(
        network=network_b,
        addresses="12 rue des Lilas\r\n\r\n  14   rue des Lilas \n12 RUE DES LILAS\n",
        actor=coach,
    )
    assert saved.addresses == "12 rue des Lilas\n14 rue des Lilas"
    errors = _refused(save_letter_addresses, network=network_b, addresses=" \n ", actor=coach)
    assert errors == {"addresses": ["Indiquez au moins une adresse, une par ligne."]}
    errors = _refused(
        save_letter_addresses, network=network_b, addresses="1 rue A\n" + "x" * 201, actor=coach
    )
    assert errors == {"addresses": ["La ligne 2 est trop longue (200 caractères au plus)."]}
    assert InvitationLetter.objects.get(network=network_b).addresses == saved.addresses


def test_no_letter_without_an_apero_waiting_to_be_held(network_b, coach, schedule):
    assert selectors.letter_for(network_b) is None
    make_past(schedule(network_b))
    assert selectors.letter_for(network_b) is not None
    record_apero_info_held(network=network_b, attendance=4, actor=coach)
    assert selectors.letter_for(network_b) is None


def test_the_mail_merge_starts_from_the_perimeter_streets(network_b, schedule):
    network_b.perimeter_streets = "Résidence Les Tilleuls, bât. A\nRésidence Les Tilleuls, bât. B"
    network_b.save()
    schedule(network_b)
    assert selectors.letter_for(network_b, merged=True).addresses == [
        "Résidence Les Tilleuls, bât. A",
        "Résidence Les Tilleuls, bât. B",
    ]


def test_times_are_written_in_local_time(network_b, coach):
    # 17:30 UTC in winter is 18:30 in Paris.
    starts_at = (timezone.now() + timedelta(days=400)).replace(
        month=1, day=15, hour=17, minute=30, second=0, microsecond=0, tzinfo=dt.UTC
    )
    apero = schedule_apero_info(network=network_b, starts_at=starts_at, actor=coach)
    assert letter.when(apero.starts_at)[1] == "18\u00a0h\u00a030"


# --- The checklist follows ------------------------------------------------------------


def _check(network, key):
    from onboarding.models import ItemCheck

    return ItemCheck.objects.filter(network=network, item__key=key).first()


def test_scheduling_ticks_the_amorcage_item_and_holding_ticks_the_lancement_one(
    network_b, coach, schedule
):
    assert _check(network_b, "apero-info-scheduled") is None
    apero = schedule(network_b, days=5, place="Salle Brel")
    check = _check(network_b, "apero-info-scheduled")
    assert check.done_by == coach and check.done_at == timezone.localdate()
    assert "Salle Brel" in check.note
    # Moving it re-dates nothing twice: still one tick, with the new place.
    schedule_apero_info(network=network_b, starts_at=in_days(9), place="Kiosque", actor=coach)
    assert "Kiosque" in _check(network_b, "apero-info-scheduled").note

    make_past(apero, days=2)
    record_apero_info_held(network=network_b, attendance=23, actor=coach)
    held = _check(network_b, "apero-info-held")
    assert held.note == "23 personnes sont venues."
    assert held.done_at == timezone.localtime(AperoInfo.objects.get().starts_at).date()


def test_a_refused_schedule_ticks_nothing(network_b, coach):
    _refused(schedule_apero_info, network=network_b, starts_at=in_days(-1), actor=coach)
    assert _check(network_b, "apero-info-scheduled") is None
