"""Neutralité: members report, animators hide or restore with a note; the author is told.
Every decision is kept in the audit trail (ModerationEvent)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Member, Message, ModerationEvent, Notification, Post, Report
from ._common import check_animator, field_error
from .matching import notify


def _target(post: Post | None, message: Message | None):
    if (post is None) == (message is None):
        raise ValueError("exactly one of post or message")
    return post or message


def report_content(
    *, actor: Member, reason: str, post: Post | None = None, message: Message | None = None
) -> Report:
    _target(post, message)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Say briefly why you are reporting this."))
    if len(reason) > 500:
        raise field_error("reason", _("Keep it short (500 characters at most)."))
    # Reporting the same thing twice while it waits adds nothing: keep the first report.
    report, _created = Report.objects.get_or_create(
        post=post,
        message=message,
        reporter=actor,
        resolved_at__isnull=True,
        defaults={"reason": reason},
    )
    return report


def _decide(*, actor, note, hide: bool, post=None, message=None) -> ModerationEvent:
    check_animator(actor)
    target = _target(post, message)
    note = (note or "").strip()
    if not note:
        raise field_error("note", _("Add a note explaining the decision."))
    if len(note) > 500:
        raise field_error("note", _("Keep the note short (500 characters at most)."))
    if target.is_hidden == hide:
        raise ValidationError(_("Nothing to change."))
    with transaction.atomic():
        target.is_hidden = hide
        target.save(update_fields=["is_hidden"])
        if hide and post is not None:
            # Neighbours not yet emailed about it will not get its title in their digest.
            Notification.objects.filter(
                post=post, kind=Notification.Kind.MATCH, emailed_at__isnull=True
            ).delete()
        event = ModerationEvent.objects.create(
            post=post,
            message=message,
            note=note,
            moderator=actor,
            action=ModerationEvent.Action.HIDE if hide else ModerationEvent.Action.RESTORE,
        )
        Report.objects.filter(post=post, message=message, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
        what = post.title if post else _("your message")
        text = (
            _("The Groupe d'Animation hid “%(what)s”: %(note)s")
            if hide
            else _("The Groupe d'Animation restored “%(what)s”: %(note)s")
        ) % {"what": what, "note": note}
        notify(
            target.author,
            kind=Notification.Kind.MODERATION,
            text=text,
            dedupe_key=f"moderation:{event.pk}",
            post=post,
        )
    return event


def hide_content(
    *, actor: Member, note: str, post: Post | None = None, message: Message | None = None
):
    return _decide(actor=actor, note=note, hide=True, post=post, message=message)


def restore_content(
    *, actor: Member, note: str, post: Post | None = None, message: Message | None = None
):
    return _decide(actor=actor, note=note, hide=False, post=post, message=message)
