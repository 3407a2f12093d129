"""Around one café: residents RSVP (or their sponsor for them); at the café, animators
count, tick who came and register newcomers on the spot; afterwards, the report.

Each action checks all its input first, then writes in one transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopere.validation import Errors
from exchange.models import Member
from exchange.services._common import check_active, check_animator, check_can_act_for, field_error
from exchange.services.registration import register_member

from ..models import REPORT_MAX, Attendance, Cafe, Rsvp

MAX_HEADCOUNT = 1000

# --- RSVP -----------------------------------------------------------------------------------


def _check_open(cafe: Cafe) -> None:
    if cafe.status == Cafe.Status.CANCELLED:
        raise ValidationError(_("This café is cancelled."))
    if cafe.status == Cafe.Status.HELD or cafe.ends_at <= timezone.now():
        raise ValidationError(_("This café has already taken place."))


def rsvp(*, actor: Member, cafe: Cafe, member: Member | None = None) -> Rsvp:
    """`member` comes (default: the actor; a sponsor may answer for their neighbour)."""
    member = member or actor
    acted_by = check_can_act_for(actor, member)
    check_active(member)
    _check_open(cafe)
    with transaction.atomic():
        answer, _created = Rsvp.objects.get_or_create(
            cafe=cafe, member=member, defaults={"acted_by": acted_by}
        )
    return answer


def cancel_rsvp(*, actor: Member, cafe: Cafe, member: Member | None = None) -> bool:
    member = member or actor
    check_can_act_for(actor, member)
    with transaction.atomic():
        deleted, _detail = Rsvp.objects.filter(cafe=cafe, member=member).delete()
    return bool(deleted)


# --- At the café ------------------------------------------------------------------------------


def _check_running(cafe: Cafe) -> None:
    if cafe.status == Cafe.Status.CANCELLED:
        raise ValidationError(_("This café is cancelled."))
    if timezone.localdate(cafe.starts_at) > timezone.localdate():
        raise ValidationError(_("This can be done from the day of the café."))


def _locked(cafe: Cafe) -> Cafe:
    # At-the-café actions of two animators on the same café take turns (counts stay true).
    return Cafe.objects.select_for_update().get(pk=cafe.pk)


def _count_ticked_members(cafe: Cafe) -> None:
    """Members counted can never be fewer than members ticked as present."""
    ticked = cafe.attendances.count()
    if cafe.headcount_members < ticked:
        cafe.headcount_members = ticked
        cafe.save(update_fields=["headcount_members", "updated_at"])


def _headcount(value, field: str, errors: Errors) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors.add(field, _("Give a whole number."))
        return 0
    if number < 0:
        errors.add(field, _("A headcount cannot be negative."))
    elif number > MAX_HEADCOUNT:
        errors.add(field, _("That is a lot: check the number (1000 at most)."))
    return number


def record_headcount(
    *, actor: Member, cafe: Cafe, members: int | str, non_members: int | str
) -> Cafe:
    check_animator(actor)
    _check_running(cafe)
    errors = Errors()
    members = _headcount(members, "members", errors)
    non_members = _headcount(non_members, "non_members", errors)
    with transaction.atomic():
        locked = _locked(cafe)
        ticked = locked.attendances.count()
        if "members" not in errors and members < ticked:
            errors["members"] = [
                ngettext(
                    "%(n)d member is ticked as present: the count cannot be lower.",
                    "%(n)d members are ticked as present: the count cannot be lower.",
                    ticked,
                )
                % {"n": ticked}
            ]
        errors.raise_if_any()
        locked.headcount_members, locked.headcount_non_members = members, non_members
        locked.save(update_fields=["headcount_members", "headcount_non_members", "updated_at"])
    return locked


def mark_attendance(
    *, actor: Member, cafe: Cafe, member: Member, present: bool
) -> Attendance | None:
    """Tick (or untick) a member who came. Returns the attendance, or None once unticked."""
    check_animator(actor)
    _check_running(cafe)
    if present:
        check_active(member)
    with transaction.atomic():
        locked = _locked(cafe)
        if not present:
            Attendance.objects.filter(cafe=locked, member=member).delete()
            return None
        attendance, _created = Attendance.objects.get_or_create(
            cafe=locked, member=member, defaults={"marked_by": actor}
        )
        _count_ticked_members(locked)
    return attendance


def register_newcomer_at_cafe(*, actor: Member, cafe: Cafe, **registration) -> Member:
    """The in-person registration, at the café: the new member counts as a newcomer of
    this café (impact: newcomers welcomed)."""
    check_animator(actor)
    _check_running(cafe)
    with transaction.atomic():
        member = register_member(actor=actor, **registration)
        locked = _locked(cafe)
        Attendance.objects.create(cafe=locked, member=member, is_newcomer=True, marked_by=actor)
        _count_ticked_members(locked)
    return member


# --- After the café ------------------------------------------------------------------------


def write_report(*, actor: Member, cafe: Cafe, text: str) -> Cafe:
    """The short report (what came up); the café then counts as held."""
    check_animator(actor)
    text = (text or "").strip()
    if cafe.status == Cafe.Status.CANCELLED:
        raise ValidationError(_("This café is cancelled."))
    if cafe.starts_at > timezone.now():
        raise field_error("text", _("The report can be written once the café has started."))
    if not text:
        raise field_error("text", _("Write a few words about what came up."))
    if len(text) > REPORT_MAX:
        raise field_error("text", _("The report is too long (4000 characters at most)."))
    with transaction.atomic():
        locked = _locked(cafe)
        locked.report, locked.report_at, locked.status = text, timezone.now(), Cafe.Status.HELD
        locked.save(update_fields=["report", "report_at", "status", "updated_at"])
    return locked
