"""Telling the people who answered (RSVP) that a café moved or is cancelled.

With the change, in its transaction: one `CafeChange`, and per person one
`CafeChangeNotice` (unique per change and person) and one in-app `Notification`. After the
commit, a task emails each notice once. Residents without email get the in-app notice
only; an accompanied member's sponsor is told too (they may have no internet).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from exchange.models import Member, Notification
from frontend import dates
from tenants.hosts import network_url

from ..models import Cafe, CafeChange, CafeChangeNotice, Rsvp

# What people who answered must hear about; a new description or host team is not news.
ANNOUNCED = ("starts_at", "duration_minutes", "place_name", "place_address", "video_url")


def snapshot(cafe: Cafe) -> dict:
    return {
        "starts_at": cafe.starts_at.isoformat(),
        "duration_minutes": cafe.duration_minutes,
        "place_name": cafe.place_name,
        "place_address": cafe.place_address,
        "video_url": cafe.video_url,
    }


def as_cafe(snap: dict) -> SimpleNamespace:
    """A snapshot read back like a café (for texts and the email template)."""
    starts_at = datetime.fromisoformat(snap["starts_at"])
    return SimpleNamespace(
        **{**snap, "starts_at": starts_at},
        ends_at=starts_at + timedelta(minutes=snap["duration_minutes"]),
    )


def _day(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "l j F")


def _time(moment: datetime) -> str:
    return dates.hour(timezone.localtime(moment))


def change_sentence(change: CafeChange) -> str:
    """What happened, in one sentence (the network's language: call under an override)."""
    before, after = as_cafe(change.before), as_cafe(change.after)
    if change.kind == CafeChange.Kind.CANCELLED:
        return _("The café-rencontre of %(day)s is cancelled.") % {"day": _day(before.starts_at)}
    what = []
    if before.starts_at != after.starts_at or before.ends_at != after.ends_at:
        what.append(
            _("now on %(day)s, from %(start)s to %(end)s")
            % {
                "day": _day(after.starts_at),
                "start": _time(after.starts_at),
                "end": _time(after.ends_at),
            }
        )
    if (before.place_name, before.place_address) != (after.place_name, after.place_address):
        if after.place_name:
            place = ", ".join(p for p in (after.place_name, after.place_address) if p)
            what.append(_("new place: %(place)s") % {"place": place})
        else:
            what.append(_("now online (video call)"))
    if before.video_url != after.video_url:
        what.append(_("new video call link") if after.video_url else _("no more video call"))
    return _("The café-rencontre of %(day)s has changed: %(what)s.") % {
        "day": _day(before.starts_at),
        "what": pgettext("list separator", "; ").join(what),
    }


@dataclass
class _Recipient:
    member: Member
    answered: bool = False
    neighbours: list[str] = field(default_factory=list)


def _recipients(cafe: Cafe, *, actor: Member) -> list[_Recipient]:
    """Who answered, and the sponsors of those accompanied; not the animator who made the
    change (they know), nobody anonymised or inactive."""
    people: dict[int, _Recipient] = {}

    def reachable(member: Member | None) -> bool:
        return (
            member is not None
            and member.pk != actor.pk
            and member.anonymised_at is None
            and member.user.is_active
        )

    answers = Rsvp.objects.filter(cafe=cafe).select_related("member__user", "member__sponsor__user")
    for answer in answers.order_by("member__display_name", "pk"):
        member = answer.member
        if member.anonymised_at is not None:
            continue
        if reachable(member):
            people.setdefault(member.pk, _Recipient(member)).answered = True
        sponsor = member.sponsor
        if reachable(sponsor):
            people.setdefault(sponsor.pk, _Recipient(sponsor)).neighbours.append(
                member.display_name
            )
    return list(people.values())


def _notice_text(sentence: str, recipient: _Recipient) -> str:
    if not recipient.neighbours:
        return sentence
    return (
        sentence
        + " "
        + _("People you accompany who said they would come: %(names)s")
        % {"names": ", ".join(recipient.neighbours)}
    )


def record_change(*, cafe: Cafe, kind: str, before: dict, actor: Member) -> CafeChange:
    """Inside the caller's transaction, after the café is saved: the change, its notices,
    the in-app notifications; the emails are queued for after the commit."""
    change = CafeChange.objects.create(
        cafe=cafe, kind=kind, before=before, after=snapshot(cafe), made_by=actor
    )
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        sentence = change_sentence(change)
        for recipient in _recipients(cafe, actor=actor):
            text = _notice_text(sentence, recipient)[:300]
            CafeChangeNotice.objects.create(
                change=change,
                member=recipient.member,
                answered=recipient.answered,
                neighbours=", ".join(recipient.neighbours)[:300],
                text=text,
            )
            Notification.objects.create(
                member=recipient.member,
                kind=Notification.Kind.CAFE,
                text=text,
                link=f"/cafes/{cafe.pk}/",
                dedupe_key=f"cafe-change:{change.pk}",
                # Its email is the café's own (below), sent whatever the digest setting:
                # the daily digest must not send it again.
                emailed_at=now,
            )
    from ..tasks import send_cafe_change_emails

    transaction.on_commit(lambda: send_cafe_change_emails.delay(change.pk))
    return change


def _email(notice: CafeChangeNotice) -> None:
    change = notice.change
    member = notice.member
    with translation.override(settings.LANGUAGE_CODE):
        before = as_cafe(change.before)
        cancelled = change.kind == CafeChange.Kind.CANCELLED
        subject = (
            _("Café-rencontre of %(day)s: cancelled")
            if cancelled
            else _("Café-rencontre of %(day)s: changed")
        ) % {"day": _day(before.starts_at)}
        body = render_to_string(
            "cafes/email/change.txt",
            {
                "member": member,
                "notice": notice,
                "cancelled": cancelled,
                "cafe": as_cafe(change.after),
                "cafe_url": network_url(f"/cafes/{change.cafe_id}/"),
                "preferences_url": network_url("/mon-profil/"),
            },
        )
    send_mail(subject, body, None, [member.user.email])


def send_change_emails(change_id: int) -> int:
    """Email every notice of this change not emailed yet. Safe to run twice (or at once):
    each notice is locked, sent and marked in one transaction; a failed send leaves it
    unmarked, so a retry sends it."""
    pending = (
        CafeChangeNotice.objects.filter(
            change_id=change_id,
            emailed_at__isnull=True,
            member__anonymised_at__isnull=True,
            member__user__is_active=True,
            member__user__email__isnull=False,
        )
        .exclude(member__user__email="")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(pending):
        with transaction.atomic():
            notice = (
                CafeChangeNotice.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("change", "member__user")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if notice is None:
                continue  # another run has it, or sent it
            _email(notice)
            notice.emailed_at = timezone.now()
            notice.save(update_fields=["emailed_at"])
            sent += 1
    return sent
