"""Sending one batch of a newsletter, each email at most once.

For each member of the batch: lock their Delivery row (`select_for_update(skip_locked=True)`:
a twin task working on the same row skips it), send only if `sent_at` is still empty, and
set `sent_at` in the same transaction. So a batch task run twice (a retry, a duplicated
message, the "resume" button) sends nothing twice. One transaction per email: a failure
half-way keeps the `sent_at` of the emails already gone.

(The one window left is the mail server accepting an email and the database then failing
to commit: that email could go again on a retry. No SMTP system closes it entirely.)
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tenants.utils import get_public_schema_name, schema_context

from exchange.models import Member
from tenants.hosts import network_url
from tenants.models import Network

from .models import Delivery, Newsletter, NewsletterOptOut
from .sanitise import html_to_text
from .tokens import unsubscribe_token


def _current_network() -> Network:
    """The network whose schema we are in. In a request or a Celery task the connection
    holds the Network itself; under schema_context() only its schema name."""
    if isinstance(connection.tenant, Network):
        return connection.tenant
    schema = connection.schema_name  # read before switching to public
    with schema_context(get_public_schema_name()):
        return Network.objects.get(schema_name=schema)


def _url(path: str) -> str:
    return network_url(path, slug=_current_network().slug)


def unsubscribe_url(member: Member) -> str:
    return _url(reverse("newsletter:unsubscribe", args=[unsubscribe_token(member)]))


def render_newsletter(newsletter: Newsletter, *, unsubscribe_url: str) -> tuple[str, str]:
    """(plain text, HTML) of the email, in the network's language."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "newsletter": newsletter,
            "text": html_to_text(newsletter.body_html),
            "unsubscribe_url": unsubscribe_url,
            "archive_url": _url(reverse("newsletter:archive")),
            "network_name": _current_network().name,
        }
        return (
            render_to_string("newsletter/email/newsletter.txt", context),
            render_to_string("newsletter/email/newsletter.html", context),
        )


def _message(newsletter: Newsletter, member: Member, mail_connection) -> EmailMultiAlternatives:
    url = unsubscribe_url(member)
    text, html = render_newsletter(newsletter, unsubscribe_url=url)
    message = EmailMultiAlternatives(
        subject=newsletter.subject,
        body=text,
        to=[member.user.email],
        connection=mail_connection,
        headers={
            "List-Unsubscribe": f"<{url}>",
            # RFC 8058: mail apps may unsubscribe with one POST, without opening the page.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _still_wants_it(member: Member) -> bool:
    """Checked at sending time: they may have left or opted out since the issue was sent."""
    return (
        member.anonymised_at is None
        and member.user.is_active
        and bool(member.user.email)
        and not NewsletterOptOut.objects.filter(member=member).exists()
    )


def _deliver(newsletter: Newsletter, member_id: int, mail_connection) -> bool:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("member__user")
            .filter(newsletter=newsletter, member_id=member_id, sent_at__isnull=True)
            .first()
        )
        if delivery is None:  # already sent, or being sent by a twin task right now
            return False
        if not _still_wants_it(delivery.member):
            delivery.delete()
            return False
        _message(newsletter, delivery.member, mail_connection).send()
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at"])
    return True


def send_batch(*, newsletter_id: int, member_ids: list[int]) -> int:
    """Email this batch's members who have not received the issue yet; then, if no
    delivery is pending any more, mark the issue sent. Returns the emails sent."""
    newsletter = Newsletter.objects.filter(pk=newsletter_id).first()
    if newsletter is None or newsletter.status == Newsletter.Status.DRAFT:
        return 0
    sent = 0
    with get_connection() as mail_connection:  # one SMTP session for the whole batch
        for member_id in member_ids:
            sent += _deliver(newsletter, member_id, mail_connection)
    finish_if_done(newsletter)
    return sent


def finish_if_done(newsletter: Newsletter) -> bool:
    """Mark the issue sent once no delivery is pending (only once: the status guards it)."""
    if Delivery.objects.filter(newsletter=newsletter, sent_at__isnull=True).exists():
        return False
    return bool(
        Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.SENDING).update(
            status=Newsletter.Status.SENT, sent_at=timezone.now()
        )
    )
