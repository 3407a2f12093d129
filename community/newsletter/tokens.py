"""The personal unsubscribe link in every email: signed, bound to this network's schema,
so a link from one network can never touch a member of another with the same id."""

from django.core import signing
from django.db import connection

from exchange.models import Member


def _salt() -> str:
    return f"newsletter.unsubscribe:{connection.schema_name}"


def unsubscribe_token(member: Member) -> str:
    return signing.dumps(member.pk, salt=_salt())


def member_for_token(token: str) -> Member | None:
    """The member the link was made for, or None (forged, altered, another network's,
    or a member who has left)."""
    try:
        pk = signing.loads(token, salt=_salt())
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Member.objects.filter(pk=pk, anonymised_at__isnull=True).first()
