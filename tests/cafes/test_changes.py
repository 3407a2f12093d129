"""A café changed or cancelled: the people who answered are told, in-app and by email,
once per change and person; sponsors of accompanied members too; no email address, the
in-app notice only; no real change, nobody told; bad input, French errors and nothing
written. The clock is frozen: "past" and "to come" depend on it."""

from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.cafes import services, tasks
from community.cafes.models import Cafe, CafeChange, CafeChangeNotice
from exchange.models import Member, Notification
from tests.community import error_of, odette  # noqa: F401 (a fixture)
from tests.exchange.factories import MemberFactory

NOW = timezone.make_aware(datetime(2026, 12, 4, 9, 0))  # Friday 4 December, Paris time
SATURDAY = timezone.make_aware(datetime(2026, 12, 12, 10, 0))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def cafe(make_cafe):
    return make_cafe(starts_at=SATURDAY)


@pytest.fixture
def answered(cafe, animator, rose, paul, odette):  # noqa: F811
    """Rose and Paul answered; Rose answered for Odette (whom she accompanies); Marcel has
    no email address; Lina did not answer; the animator answered too."""
    marcel = MemberFactory(without_email=True, display_name="Marcel B.")
    lina = MemberFactory(user__first_name="Lina")
    for member in (rose, paul, marcel, animator):
        services.rsvp(actor=member, cafe=cafe)
    services.rsvp(actor=rose, cafe=cafe, member=odette)
    mail.outbox.clear()
    return {"rose": rose, "paul": paul, "odette": odette, "marcel": marcel, "lina": lina}


def _edit(cafe, actor, **changes):
    data = {
        "starts_at": cafe.starts_at,
        "duration_minutes": cafe.duration_minutes,
        "place_name": cafe.place_name,
        "place_address": cafe.place_address,
        "video_url": cafe.video_url,
        "description": cafe.description,
        "hosts": list(cafe.hosts.all()),
    }
    return services.edit_cafe(actor=actor, cafe=cafe, **{**data, **changes})


def _notices_of(member):
    return list(Notification.objects.filter(member=member, kind=Notification.Kind.CAFE))


def test_a_new_time_and_place_reach_everyone_who_answered_once(
    answered, cafe, animator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        change = _edit(
            cafe,
            animator,
            starts_at=SATURDAY.replace(hour=14),
            place_name="Salle Jean Moulin",
            place_address="5 rue de la Paix",
        )
    assert change is not None and len(queued) == 1  # the email task, after the commit
    cafe.refresh_from_db()
    assert timezone.localtime(cafe.starts_at).hour == 14 and cafe.sequence == 1

    # In-app: everyone who answered (Marcel too), not Lina, not the animator who changed it.
    expected = (
        "Le café-rencontre du samedi 12 décembre a changé : désormais le samedi 12 décembre,"
        " de 14\u00a0h à 16\u00a0h ; nouveau lieu : Salle Jean Moulin, 5 rue de la Paix."
    )
    for name in ("rose", "paul", "odette", "marcel"):
        (notice,) = _notices_of(answered[name])
        assert notice.text.startswith(expected), name
        assert notice.link == f"/cafes/{cafe.pk}/"
    assert _notices_of(answered["rose"])[0].text.endswith(
        " Personnes que vous accompagnez et qui ont dit venir : Odette M."
    )
    assert not _notices_of(answered["lina"]) and not _notices_of(animator)

    # By email: once per person with an address, even if the task runs twice.
    assert tasks.send_cafe_change_emails(change.pk) == 3
    assert tasks.send_cafe_change_emails(change.pk) == 0
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted(answered[n].user.email for n in ("rose", "paul", "odette"))
    rose_mail = next(m for m in mail.outbox if m.to == [answered["rose"].user.email])
    assert rose_mail.subject == "Café-rencontre du samedi 12 décembre : changement"
    assert "Salle Jean Moulin, 5 rue de la Paix" in rose_mail.body
    assert "de 14\u00a0h à 16\u00a0h" in rose_mail.body
    assert "Pensez à les prévenir : Odette M." in rose_mail.body
    assert f"/cafes/{cafe.pk}/" in rose_mail.body
    assert CafeChangeNotice.objects.filter(change=change, emailed_at__isnull=False).count() == 3
    # The digest never sends a café notice again.
    assert not Notification.objects.filter(kind="cafe", emailed_at__isnull=True).exists()


def test_a_sponsor_who_did_not_answer_is_told_for_their_neighbour(cafe, animator, rose, odette):  # noqa: F811
    services.rsvp(actor=rose, cafe=cafe, member=odette)
    change = _edit(cafe, animator, video_url="https://visio.example.org/cafe")
    (notice,) = _notices_of(rose)
    assert "nouveau lien de visio" in notice.text
    assert notice.text.endswith("Personnes que vous accompagnez et qui ont dit venir : Odette M.")
    assert CafeChangeNotice.objects.get(change=change, member=rose).answered is False


def test_no_real_change_tells_nobody(answered, cafe, animator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        assert _edit(cafe, animator) is None
        assert _edit(cafe, animator, place_name="  Square des Tilleuls ") is None
        # A new description is saved (calendars take it) but is not news for who answered.
        assert _edit(cafe, animator, description="Avec des crêpes") is None
    assert not queued
    cafe.refresh_from_db()
    assert cafe.description == "Avec des crêpes" and cafe.sequence == 1
    assert not CafeChange.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.CAFE).exists()


def test_the_host_team_changes_without_telling_anyone(answered, cafe, animator):
    other = MemberFactory(animator=True)
    assert _edit(cafe, animator, hosts=[other]) is None
    assert list(cafe.hosts.all()) == [other]
    assert _edit(cafe, animator, hosts=[]) is None  # nobody ticked: the animator hosts it
    assert list(cafe.hosts.all()) == [animator]
    assert not Notification.objects.filter(kind=Notification.Kind.CAFE).exists()


def test_cancelling_tells_who_answered(answered, cafe, animator):
    services.cancel_cafe(actor=animator, cafe=cafe)
    change = CafeChange.objects.get(cafe=cafe)
    assert change.kind == CafeChange.Kind.CANCELLED
    (notice,) = _notices_of(answered["paul"])
    assert notice.text == "Le café-rencontre du samedi 12 décembre est annulé."
    assert tasks.send_cafe_change_emails(change.pk) == 3
    paul_mail = next(m for m in mail.outbox if m.to == [answered["paul"].user.email])
    assert paul_mail.subject == "Café-rencontre du samedi 12 décembre : annulé"
    # A cancelled café can no longer be changed.
    with pytest.raises(ValidationError) as exc:
        _edit(cafe, animator, place_name="Ailleurs")
    assert error_of(exc) == "Ce café est annulé : il ne peut plus être modifié."


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"starts_at": NOW.replace(hour=8)},
            "starts_at",
            "Un café ne peut pas être programmé dans le passé.",
        ),
        (
            {"place_name": "", "place_address": "", "video_url": ""},
            "place_name",
            "Indiquez un lieu (avec son adresse) ou, pour un café en ligne, un lien de visio.",
        ),
        ({"starts_at": None}, "starts_at", "Indiquez la date et l'heure du café."),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(
    answered, cafe, animator, changes, field, message
):
    with pytest.raises(ValidationError) as exc:
        _edit(cafe, animator, **changes)
    assert error_of(exc, field) == message
    fresh = Cafe.objects.get(pk=cafe.pk)
    assert (fresh.starts_at, fresh.place_name, fresh.sequence) == (
        SATURDAY,
        "Square des Tilleuls",
        0,
    )
    assert not CafeChange.objects.exists() and not Notification.objects.filter(kind="cafe")


def test_a_started_café_and_a_resident_cannot_change_it(make_cafe, animator, rose):
    started = make_cafe(starts_at=NOW.replace(hour=8, minute=30))
    with pytest.raises(ValidationError) as exc:
        _edit(started, animator, place_name="Ailleurs")
    assert error_of(exc) == "Ce café a commencé : il ne peut plus être modifié."
    coming = make_cafe(starts_at=SATURDAY)
    with pytest.raises(PermissionDenied):
        _edit(coming, rose, place_name="Chez Rose")
    assert Cafe.objects.get(pk=coming.pk).place_name == "Square des Tilleuls"


def test_members_who_left_are_not_told(cafe, animator, paul):
    services.rsvp(actor=paul, cafe=cafe)
    Member.objects.filter(pk=paul.pk).update(anonymised_at=NOW)
    change = _edit(cafe, animator, place_name="Salle des fêtes")
    assert not change.notices.exists() and not _notices_of(paul)
