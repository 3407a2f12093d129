"""Around one café: RSVP, counting at the café, ticking who came, newcomers registered on
the spot, the report. Bad input: a French message and nothing written."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.cafes import services
from community.cafes.models import Attendance, Cafe, Rsvp
from coopere.accounts.models import User
from exchange.models import Member

from .conftest import error_of

AGO = timedelta(hours=1)


def test_rsvp_twice_is_one_answer_and_can_be_withdrawn(rose, make_cafe):
    cafe = make_cafe()
    services.rsvp(actor=rose, cafe=cafe)
    services.rsvp(actor=rose, cafe=cafe)
    assert Rsvp.objects.filter(cafe=cafe, member=rose).count() == 1
    assert services.cancel_rsvp(actor=rose, cafe=cafe) is True
    assert not Rsvp.objects.exists()


def test_a_sponsor_answers_for_their_neighbour_and_nobody_else_can(rose, paul, make_cafe):
    cafe = make_cafe()
    paul.sponsor = rose
    paul.save()
    answer = services.rsvp(actor=rose, cafe=cafe, member=paul)
    assert answer.member == paul and answer.acted_by == rose
    with pytest.raises(PermissionDenied):
        services.rsvp(actor=paul, cafe=cafe, member=rose)
    assert Rsvp.objects.count() == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"status": Cafe.Status.CANCELLED}, "Ce café est annulé."),
        ({"starts_at_ago": timedelta(hours=3)}, "Ce café a déjà eu lieu."),
        ({"status": Cafe.Status.HELD, "starts_at_ago": AGO}, "Ce café a déjà eu lieu."),
    ],
)
def test_no_rsvp_to_a_cancelled_or_past_cafe(rose, make_cafe, fields, message):
    ago = fields.pop("starts_at_ago", None)
    cafe = make_cafe(starts_at=timezone.now() - ago if ago else None, **fields)
    with pytest.raises(ValidationError) as exc:
        services.rsvp(actor=rose, cafe=cafe)
    assert error_of(exc) == message
    assert not Rsvp.objects.exists()


def test_headcount_is_recorded(animator, make_cafe):
    cafe = make_cafe(starts_at=timezone.now() - AGO)
    services.record_headcount(actor=animator, cafe=cafe, members="12", non_members=3)
    cafe.refresh_from_db()
    assert (cafe.headcount_members, cafe.headcount_non_members, cafe.attendance) == (12, 3, 15)


@pytest.mark.parametrize(
    "members, non_members, field, message",
    [
        (-1, 0, "members", "Un nombre de personnes ne peut pas être négatif."),
        (4, -2, "non_members", "Un nombre de personnes ne peut pas être négatif."),
        ("douze", 0, "members", "Indiquez un nombre entier."),
        (4, 5000, "non_members", "1000 au plus"),
    ],
)
def test_bad_headcounts_give_a_french_error_and_write_nothing(
    animator, make_cafe, members, non_members, field, message
):
    cafe = make_cafe(starts_at=timezone.now() - AGO, headcount_members=2)
    with pytest.raises(ValidationError) as exc:
        services.record_headcount(
            actor=animator, cafe=cafe, members=members, non_members=non_members
        )
    assert message in error_of(exc, field)
    cafe.refresh_from_db()
    assert (cafe.headcount_members, cafe.headcount_non_members) == (2, 0)


def test_counting_opens_on_the_day_and_not_for_residents(animator, rose, make_cafe):
    later = make_cafe(starts_at=timezone.now() + timedelta(days=3))
    with pytest.raises(ValidationError) as exc:
        services.record_headcount(actor=animator, cafe=later, members=3, non_members=0)
    assert "jour du café" in error_of(exc)
    today = make_cafe(starts_at=timezone.now() - AGO)
    with pytest.raises(PermissionDenied):
        services.record_headcount(actor=rose, cafe=today, members=3, non_members=0)
    with pytest.raises(PermissionDenied):
        services.mark_attendance(actor=rose, cafe=today, member=rose, present=True)
    assert Cafe.objects.filter(headcount_members__gt=0).count() == 0
    assert not Attendance.objects.exists()


def test_ticking_who_came_keeps_the_member_count_true(animator, rose, paul, make_cafe):
    cafe = make_cafe(starts_at=timezone.now() - AGO)
    services.mark_attendance(actor=animator, cafe=cafe, member=rose, present=True)
    services.mark_attendance(actor=animator, cafe=cafe, member=rose, present=True)
    services.mark_attendance(actor=animator, cafe=cafe, member=paul, present=True)
    cafe.refresh_from_db()
    assert cafe.attendances.count() == 2 and cafe.headcount_members == 2
    with pytest.raises(ValidationError) as exc:
        services.record_headcount(actor=animator, cafe=cafe, members=1, non_members=0)
    assert "2 membres sont cochés présents" in error_of(exc, "members")
    services.mark_attendance(actor=animator, cafe=cafe, member=paul, present=False)
    assert list(cafe.attendances.values_list("member", flat=True)) == [rose.pk]


def test_a_newcomer_registered_at_the_cafe(animator, make_cafe):
    cafe = make_cafe(starts_at=timezone.now() - AGO)
    member = services.register_newcomer_at_cafe(
        actor=animator,
        cafe=cafe,
        first_name="Odette",
        last_name="Lambert",
        address="5 rue des Lilas",
        consent=True,
    )
    assert member.registered_by == animator and member.display_name == "Odette L."
    attendance = Attendance.objects.get(cafe=cafe, member=member)
    assert attendance.is_newcomer
    cafe.refresh_from_db()
    assert cafe.headcount_members == 1


def test_a_bad_registration_at_the_cafe_writes_nothing(animator, make_cafe):
    cafe = make_cafe(starts_at=timezone.now() - AGO)
    members, users = Member.objects.count(), User.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.register_newcomer_at_cafe(
            actor=animator, cafe=cafe, first_name="Odette", address="", consent=False
        )
    assert "consent" in exc.value.message_dict and "address" in exc.value.message_dict
    assert (Member.objects.count(), User.objects.count()) == (members, users)
    assert not Attendance.objects.exists()


def test_no_newcomer_at_a_cancelled_cafe(animator, make_cafe):
    cafe = make_cafe(starts_at=timezone.now() - AGO, status=Cafe.Status.CANCELLED)
    members = Member.objects.count()
    with pytest.raises(ValidationError):
        services.register_newcomer_at_cafe(
            actor=animator, cafe=cafe, first_name="Odette", address="Lilas", consent=True
        )
    assert Member.objects.count() == members


def test_the_report_marks_the_cafe_held(animator, make_cafe):
    cafe = make_cafe(starts_at=timezone.now() - AGO)
    services.write_report(actor=animator, cafe=cafe, text="  Idée : un compost partagé.  ")
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.HELD and cafe.report == "Idée : un compost partagé."
    assert cafe.report_at is not None


@pytest.mark.parametrize(
    "when, status, text, message",
    [
        (-AGO, Cafe.Status.SCHEDULED, "   ", "Écrivez quelques mots"),
        (-AGO, Cafe.Status.SCHEDULED, "x" * 4001, "trop long"),
        (timedelta(days=2), Cafe.Status.SCHEDULED, "Bien", "une fois le café commencé"),
        (-AGO, Cafe.Status.CANCELLED, "Bien", "Ce café est annulé."),
    ],
)
def test_bad_reports_write_nothing(animator, make_cafe, when, status, text, message):
    cafe = make_cafe(starts_at=timezone.now() + when, status=status)
    with pytest.raises(ValidationError) as exc:
        services.write_report(actor=animator, cafe=cafe, text=text)
    assert message in " ".join(exc.value.messages)
    cafe.refresh_from_db()
    assert cafe.status == status and cafe.report == ""


def test_residents_do_not_write_reports(rose, make_cafe):
    cafe = make_cafe(starts_at=timezone.now() - AGO)
    with pytest.raises(PermissionDenied):
        services.write_report(actor=rose, cafe=cafe, text="Bien")
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.SCHEDULED
