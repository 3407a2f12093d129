"""Thin tasks: ids in, a service call, safe to run twice. Each runs in the schema that
queued it (tenant-schemas-celery)."""

from django.utils import translation

from coopere.celery import RETRY_POLICY, app
from tenants.dispatch import spread_over_networks

from .models import Member, Post
from .services import matching, registration

DIGEST_SPREAD_SECONDS = 2 * 3600


@app.task(name="exchange.notify_matches", **RETRY_POLICY)
def notify_matches(post_id: int) -> int:
    post = Post.objects.select_related("theme").filter(pk=post_id).first()
    return matching.notify_matches(post) if post else 0


@app.task(name="exchange.send_immediate_emails", **RETRY_POLICY)
def send_immediate_emails(member_id: int) -> int:
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    return matching.send_immediate_emails(member) if member else 0


@app.task(name="exchange.send_daily_digests", **RETRY_POLICY)
def send_daily_digests() -> int:
    return sum(
        matching.send_daily_digest(m)
        for m in matching.members_due_a_digest().select_related("user")
    )


@app.task(name="exchange.dispatch_daily_digests", **RETRY_POLICY)
def dispatch_daily_digests() -> int:
    """Beat: one digest task per network, spread over two hours."""
    return spread_over_networks(send_daily_digests, seconds=DIGEST_SPREAD_SECONDS)


@app.task(name="exchange.send_account_notice", **RETRY_POLICY)
def send_account_notice(notification_id: int) -> bool:
    return registration.email_account_notice(notification_id=notification_id)


@app.task(name="exchange.send_activation_email", **RETRY_POLICY)
def send_activation_email(member_id: int) -> bool:
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    if member is None or member.activated_at or not member.user.email:
        return False
    with translation.override("fr"):
        return registration.email_activation_link(member=member)
