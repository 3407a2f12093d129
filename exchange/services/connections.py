"""Mises en relation, their messages, exchanges done and thanks (réciprocité visible)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import MESSAGE_MAX, Connection, Exchange, Member, Message, Notification, Post
from ._common import check_active, check_can_act_for, field_error
from .matching import notify


def _clean_body(body: str, *, required: bool) -> str:
    body = (body or "").strip()
    if required and not body:
        raise field_error("body", _("Write a message."))
    if len(body) > MESSAGE_MAX:
        raise field_error(
            "body",
            _("The message is too long (%(max)d characters at most).") % {"max": MESSAGE_MAX},
        )
    return body


def _check_involved(member: Member, connection: Connection) -> None:
    if not connection.involves(member):
        raise PermissionDenied


def express_interest(*, actor: Member, member: Member, post: Post, message: str = "") -> Connection:
    """'Je suis intéressé·e': open a connection with the post's author."""
    acted_by = check_can_act_for(actor, member)
    check_active(member)
    if post.author_id == member.pk:
        raise ValidationError(_("This is your own post."))
    if post.is_hidden or post.status not in (Post.Status.OPEN, Post.Status.IN_PROGRESS):
        raise ValidationError(_("This post is no longer open."))
    body = _clean_body(message, required=False)
    with transaction.atomic():
        # Each side starts with the consent they gave in their profile; they can add it later.
        connection, created = Connection.objects.get_or_create(
            post=post,
            requester=member,
            defaults={
                "requester_shares_contact": member.share_contact,
                "author_shares_contact": post.author.share_contact,
            },
        )
        if body:
            Message.objects.create(
                connection=connection, author=member, acted_by=acted_by, body=body
            )
        if created:
            notify(
                post.author,
                kind=Notification.Kind.CONNECTION,
                text=_("%(name)s is interested in “%(title)s”")
                % {"name": member.display_name, "title": post.title},
                dedupe_key=f"connection:{connection.pk}",
                post=post,
                connection=connection,
            )
    return connection


def send_message(*, actor: Member, member: Member, connection: Connection, body: str) -> Message:
    acted_by = check_can_act_for(actor, member)
    _check_involved(member, connection)
    body = _clean_body(body, required=True)
    with transaction.atomic():
        message = Message.objects.create(
            connection=connection, author=member, acted_by=acted_by, body=body
        )
        notify(
            connection.other_side(member),
            kind=Notification.Kind.MESSAGE,
            text=_("New message from %(name)s about “%(title)s”")
            % {"name": member.display_name, "title": connection.post.title},
            dedupe_key=f"message:{message.pk}",
            connection=connection,
        )
    return message


def share_contact(*, actor: Member, member: Member, connection: Connection) -> Connection:
    """Consent, for this connection only, to show one's email and phone to the other side."""
    check_can_act_for(actor, member)
    _check_involved(member, connection)
    field = (
        "requester_shares_contact"
        if member.pk == connection.requester_id
        else "author_shares_contact"
    )
    setattr(connection, field, True)
    connection.save(update_fields=[field])
    return connection


def contact_shared_with(viewer: Member, connection: Connection) -> dict | None:
    """The other side's contact details, only if they consented to share them here."""
    if not connection.involves(viewer):  # other_side() would answer the requester
        return None
    other = connection.other_side(viewer)
    consented = (
        connection.author_shares_contact
        if other.pk == connection.post.author_id
        else connection.requester_shares_contact
    )
    if not consented or other.anonymised_at:
        return None
    return {"email": other.user.email or "", "phone": other.phone}


def mark_exchange_done(*, actor: Member, member: Member, connection: Connection) -> Exchange:
    """Either side records that the exchange really happened (once per connection)."""
    acted_by = check_can_act_for(actor, member)
    _check_involved(member, connection)
    post = connection.post
    # Whoever holds the offer, loan or gift gives; for a need, the neighbour who answered.
    if post.kind == Post.Kind.NEED:
        giver, receiver = connection.requester, post.author
    else:
        giver, receiver = post.author, connection.requester
    with transaction.atomic():
        exchange, created = Exchange.objects.get_or_create(
            connection=connection,
            defaults={
                "theme_id": post.theme_id,
                "giver": giver,
                "receiver": receiver,
                "marked_by": member,
                "acted_by": acted_by,
            },
        )
        if created:
            notify(
                connection.other_side(member),
                kind=Notification.Kind.EXCHANGE,
                text=_("%(name)s says the exchange “%(title)s” happened. You can thank them.")
                % {"name": member.display_name, "title": post.title},
                dedupe_key=f"exchange:{exchange.pk}",
                connection=connection,
            )
    return exchange


def thank(*, actor: Member, member: Member, exchange: Exchange, message: str = "") -> Exchange:
    """The side that did not mark the exchange thanks the other."""
    check_can_act_for(actor, member)
    _check_involved(member, exchange.connection)
    if member.pk == exchange.marked_by_id:
        raise ValidationError(_("Only the other neighbour can thank for this exchange."))
    message = (message or "").strip()
    if len(message) > 280:
        raise field_error("thanks", _("Keep your thanks short (280 characters at most)."))
    with transaction.atomic():
        exchange.thanked_at = exchange.thanked_at or timezone.now()
        exchange.thanks = message
        exchange.save(update_fields=["thanked_at", "thanks"])
        notify(
            exchange.connection.other_side(member),
            kind=Notification.Kind.THANKS,
            text=_("%(name)s thanks you: %(message)s")
            % {"name": member.display_name, "message": message or _("thank you!")},
            dedupe_key=f"thanks:{exchange.pk}",
            connection=exchange.connection,
        )
    return exchange
