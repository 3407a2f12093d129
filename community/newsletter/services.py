"""The Groupe d'Animation's newsletter: compose, preview, send; members' opt-out.

Sending creates one Delivery row per member to email, then queues batch tasks (after
commit) that send each email at most once (see `delivery.send_batch`).
"""

from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopere.validation import Errors
from exchange.models import Member
from exchange.services._common import check_animator

from . import selectors
from .delivery import finish_if_done, render_newsletter
from .models import BODY_MAX, SUBJECT_MAX, Delivery, Newsletter, NewsletterOptOut
from .sanitise import sanitise_body, visible_text

DEFAULT_BATCH = 50


def _clean(*, subject: str, body_html: str) -> dict:
    errors = Errors()
    subject = " ".join((subject or "").split())  # no line break can reach an email header
    body = sanitise_body(body_html or "")
    if not subject:
        errors.add("subject", _("Give the newsletter a subject: it is the title of the email."))
    elif len(subject) > SUBJECT_MAX:
        errors.add("subject", _("The subject is too long (200 characters at most)."))
    if not visible_text(body):
        errors.add("body_html", _("The newsletter is empty: write what you want to tell."))
    elif len(body) > BODY_MAX:
        errors.add("body_html", _("The newsletter is too long: split it into two issues."))
    errors.raise_if_any()
    return {"subject": subject, "body_html": body}


def compose_newsletter(*, actor: Member, subject: str, body_html: str) -> Newsletter:
    """A new draft. The text is sanitised: only simple formatting and links remain."""
    check_animator(actor)
    data = _clean(subject=subject, body_html=body_html)
    with transaction.atomic():
        return Newsletter.objects.create(created_by=actor, **data)


def update_newsletter(
    *, actor: Member, newsletter: Newsletter, subject: str, body_html: str
) -> Newsletter:
    check_animator(actor)
    data = _clean(subject=subject, body_html=body_html)
    with transaction.atomic():
        changed = Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.DRAFT)
        if not changed.update(updated_at=timezone.now(), **data):
            raise ValidationError(_("This newsletter has already been sent: it cannot change."))
    newsletter.subject, newsletter.body_html = data["subject"], data["body_html"]
    return newsletter


def preview_newsletter(*, newsletter: Newsletter) -> dict:
    """The email as members will receive it (a sample unsubscribe link)."""
    text, html = render_newsletter(newsletter, unsubscribe_url="#")
    return {"subject": newsletter.subject, "text": text, "html": html}


def send_newsletter(*, actor: Member, newsletter: Newsletter) -> int:
    """Send the draft to every member with an email who has not opted out: one Delivery
    row each, then batch tasks queued after commit. Returns how many will be emailed.
    With nobody to email, the issue is sent at once (archive and printed edition)."""
    check_animator(actor)
    with transaction.atomic():
        locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if locked.status != Newsletter.Status.DRAFT:
            raise ValidationError(_("This newsletter has already been sent."))
        _clean(subject=locked.subject, body_html=locked.body_html)  # never send an empty one
        member_ids = list(selectors.email_recipients().values_list("pk", flat=True))
        Delivery.objects.bulk_create(
            [Delivery(newsletter=locked, member_id=pk) for pk in member_ids],
            ignore_conflicts=True,
        )
        now = timezone.now()
        locked.sent_by, locked.send_requested_at = actor, now
        if member_ids:
            locked.status = Newsletter.Status.SENDING
        else:
            locked.status, locked.sent_at = Newsletter.Status.SENT, now
        locked.save(update_fields=["sent_by", "send_requested_at", "status", "sent_at"])
        if member_ids:
            _queue_batches(locked, member_ids)
    newsletter.status, newsletter.sent_at = locked.status, locked.sent_at
    return len(member_ids)


def resume_sending(*, actor: Member, newsletter: Newsletter) -> int:
    """Queue again the emails not sent yet (a lost task, a mail server that was down).
    Safe at any time: an email already sent is never sent again."""
    check_animator(actor)
    if newsletter.status != Newsletter.Status.SENDING:
        raise ValidationError(_("This newsletter is not being sent."))
    with transaction.atomic():
        pending = list(
            Delivery.objects.filter(newsletter=newsletter, sent_at__isnull=True).values_list(
                "member_id", flat=True
            )
        )
        if pending:
            _queue_batches(newsletter, pending)
    if not pending:  # everything went out already: the issue is sent
        finish_if_done(newsletter)
    return len(pending)


def _queue_batches(newsletter: Newsletter, member_ids: list[int]) -> None:
    from .tasks import send_newsletter_batch

    size = max(int(getattr(settings, "COOPERE_NEWSLETTER_BATCH", DEFAULT_BATCH)), 1)
    for start in range(0, len(member_ids), size):
        chunk = member_ids[start : start + size]
        transaction.on_commit(partial(send_newsletter_batch.delay, newsletter.pk, chunk))


def unsubscribe(*, member: Member) -> None:
    """No more newsletter by email for this member (safe to repeat)."""
    with transaction.atomic():
        NewsletterOptOut.objects.get_or_create(member=member)


def resubscribe(*, member: Member) -> None:
    with transaction.atomic():
        NewsletterOptOut.objects.filter(member=member).delete()
