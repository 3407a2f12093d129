"""Writes of the launch kit: the apéro-info (schedule, reschedule, record it held) and the
invitation letter (its text, the mail merge's addresses).

Every input is checked before anything is written; refusals are ValidationError with
per-field French messages and leave the database as it was.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.accounts.services import require_operator
from coopere.validation import Errors
from onboarding.services import record_item_done
from tenants.models import Network

from . import letter
from .models import AperoInfo, InvitationLetter

PLACE_MAX = AperoInfo._meta.get_field("place").max_length
NOTES_MAX = 2000


def schedule_apero_info(
    *,
    network: Network,
    starts_at: datetime | None,
    actor: User,
    place: str = "",
    notes: str = "",
) -> AperoInfo:
    """Schedule the network's apéro-info, or move it; the place defaults to the network's
    meeting place. A held apéro-info stays as it was."""
    place = " ".join((place or "").split()) or (network.meeting_place or "").strip()
    notes = (notes or "").strip()
    errors = Errors()
    require_operator(actor, errors)
    if starts_at is None or timezone.is_naive(starts_at):
        errors.add("starts_at", _("Give the day and time of the apéro-info."))
    elif starts_at <= timezone.now():
        errors.add(
            "starts_at",
            _("This date is already past: choose a day and time to come for the apéro-info."),
        )
    if not place:
        errors.add(
            "place", _("Give the place of the apéro-info: the network has no meeting place yet.")
        )
    elif len(place) > PLACE_MAX:
        errors.add("place", _("The place takes %(max)d characters at most.") % {"max": PLACE_MAX})
    if len(notes) > NOTES_MAX:
        errors.add("notes", _("The notes take %(max)d characters at most.") % {"max": NOTES_MAX})
    with schema_context(get_public_schema_name()), transaction.atomic():
        # Locked so two coaches moving the same apéro-info do not interleave.
        existing = AperoInfo.objects.select_for_update().filter(network=network).first()
        if existing and existing.held:
            errors.add(
                "starts_at", _("This apéro-info has already been held: it can no longer be moved.")
            )
        errors.raise_if_any()
        if existing is None:
            existing = AperoInfo(network=network)
        existing.starts_at, existing.place, existing.notes = starts_at, place, notes
        existing.scheduled_by = actor
        existing.save()
        day, time = letter.when(starts_at)
        record_item_done(
            network=network,
            key="apero-info-scheduled",
            actor=actor,
            done_at=timezone.localdate(),
            note=_("Scheduled for %(day)s at %(time)s, %(place)s.")
            % {"day": day, "time": time, "place": place},
        )
        return existing


def _attendance(value, errors: Errors) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        errors.add("attendance", _("The attendance is a number of people: 0 or more."))
        return None
    return value


def record_apero_info_held(
    *, network: Network, attendance, actor: User, notes: str | None = None
) -> AperoInfo:
    """Mark the apéro-info held with how many came (once its time has come; a second
    call corrects the figure)."""
    errors = Errors()
    require_operator(actor, errors)
    attendance = _attendance(attendance, errors)
    notes = None if notes is None else notes.strip()
    if notes and len(notes) > NOTES_MAX:
        errors.add("notes", _("The notes take %(max)d characters at most.") % {"max": NOTES_MAX})
    with schema_context(get_public_schema_name()), transaction.atomic():
        apero = AperoInfo.objects.select_for_update().filter(network=network).first()
        if apero is None:
            errors.add("attendance", _("No apéro-info is scheduled for this network yet."))
        elif apero.starts_at > timezone.now():
            day, time = letter.when(apero.starts_at)
            errors.add(
                "attendance",
                _(
                    "The apéro-info has not taken place yet: record the attendance "
                    "from %(day)s at %(time)s."
                )
                % {"day": day, "time": time},
            )
        errors.raise_if_any()
        apero.held = True
        apero.attendance = attendance
        apero.held_recorded_at = timezone.now()
        if notes is not None:
            apero.notes = notes
        apero.save()
        record_item_done(
            network=network,
            key="apero-info-held",
            actor=actor,
            done_at=timezone.localtime(apero.starts_at).date(),
            note=ngettext("%(count)d person came.", "%(count)d people came.", attendance)
            % {"count": attendance},
        )
        return apero


def _letter_for_update(network: Network, actor: User) -> InvitationLetter:
    found = InvitationLetter.objects.select_for_update().filter(network=network).first()
    return found or InvitationLetter(network=network, updated_by=actor)


def save_letter_text(*, network: Network, body: str, actor: User) -> InvitationLetter:
    """Keep the network's own text of the letter; an empty text means the default one."""
    body = (body or "").replace("\r\n", "\n").strip()
    errors = Errors()
    require_operator(actor, errors)
    if len(body) > letter.BODY_MAX:
        errors.add(
            "body",
            _(
                "The text takes %(max)d characters at most (it has %(count)d), "
                "so that the letter fits on one A4 sheet."
            )
            % {"max": letter.BODY_MAX, "count": len(body)},
        )
    elif letter.estimated_lines(body) > letter.LINES_MAX:
        errors.add(
            "body",
            _(
                "The text has too many short paragraphs or lines to fit on one A4 sheet: "
                "join some of them."
            ),
        )
    unknown = letter.unknown_fields(body)
    if unknown:
        errors.add(
            "body",
            _("Unknown field %(fields)s: the text may use {date}, {heure}, {lieu} and {reseau}.")
            % {"fields": ", ".join(f"{{{name}}}" for name in unknown)},
        )
    with schema_context(get_public_schema_name()), transaction.atomic():
        errors.raise_if_any()
        found = _letter_for_update(network, actor)
        found.body, found.updated_by = body, actor
        found.save()
        return found


def save_letter_addresses(*, network: Network, addresses: str, actor: User) -> InvitationLetter:
    """Keep the mail merge's addresses: one a line, one letter each."""
    lines = letter.address_lines(addresses)
    errors = Errors()
    require_operator(actor, errors)
    if not lines:
        errors.add("addresses", _("Give at least one address, one a line."))
    elif len(lines) > letter.ADDRESSES_MAX:
        errors.add(
            "addresses",
            _("%(max)d addresses at most (there are %(count)d).")
            % {"max": letter.ADDRESSES_MAX, "count": len(lines)},
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > letter.ADDRESS_MAX:
            errors.add(
                "addresses",
                _("Line %(number)d is too long (%(max)d characters at most).")
                % {"number": number, "max": letter.ADDRESS_MAX},
            )
    with schema_context(get_public_schema_name()), transaction.atomic():
        errors.raise_if_any()
        found = _letter_for_update(network, actor)
        found.addresses, found.updated_by = "\n".join(lines), actor
        found.save()
        return found
