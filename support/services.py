"""Support access: the only way for a Coop-ère coach (a public user) into a network.

1. On the console, `grant_support_access` records the coach's grant in the PUBLIC log and
   signs a link (its own salt, a few minutes, bound to the network's schema and the grant).
2. On the network's host, `enter_support_session` checks the link (signature, age, network,
   single use under a row lock on the public grant), gives the coach a support user of that
   schema (kind operator, no password, no Member: it never counts anywhere) and writes the
   network's own audit row.
3. `end_support_session` records the end (ended by the coach, or time limit reached) in
   both logs; it is safe to call twice.

What a support session may do is enforced by `support.middleware` with the rules of
`exchange.access`: read the Groupe d'Animation's pages; change roles only once a pilote of
the network agreed during the visit (`consent_to_role_changes`), until the visit ends or the
pilote withdraws it.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.validation import Errors
from tenants.hosts import network_url
from tenants.models import Network

from .models import SupportSession

logger = logging.getLogger(__name__)

LINK_SALT = "coopere.support.entry-link"
REASON_MAX = 1000
# Support users are recognised by this address pattern; `.invalid` can never receive mail.
SUPPORT_EMAIL = "support-{coach_id}@support.coopere.invalid"


def link_seconds() -> int:
    return int(settings.COOPERE_SUPPORT_LINK_SECONDS)


def session_minutes() -> int:
    return int(settings.COOPERE_SUPPORT_SESSION_MINUTES)


@dataclass(frozen=True)
class Grant:
    session: SupportSession  # the public row
    url: str  # the signed entry link on the network's host (configured scheme and port)
    path: str  # the same link's path: a view joins it to the request's own scheme and port


def grant_support_access(*, network: Network, actor: User, reason: str) -> Grant:
    """Record a coach's request to open `network` as support and sign its entry link."""
    reason = (reason or "").strip()
    errors = Errors()
    if not (actor and actor.is_authenticated and actor.kind == User.Kind.OPERATOR):
        errors.add("actor", _("Only Coop-ère staff can open a network as support."))
    if not reason:
        errors.add("reason", _("Write why you open this network as support."))
    elif len(reason) > REASON_MAX:
        errors.add("reason", _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX})
    if network.state != Network.State.LIVE or not network.slug:
        errors.add("network", _("Only a live network can be opened as support."))
    errors.raise_if_any()
    now = timezone.now()
    with schema_context(get_public_schema_name()), transaction.atomic():
        grant = SupportSession.objects.create(
            network_schema=network.schema_name,
            network_slug=network.slug,
            network_name=network.name,
            coach_id=actor.pk,
            coach_name=actor.get_full_name() or actor.email or str(actor.pk),
            coach_email=actor.email or "",
            reason=reason,
            granted_at=now,
            link_expires_at=now + timedelta(seconds=link_seconds()),
        )
    token = signing.dumps({"g": grant.pk, "n": network.schema_name}, salt=LINK_SALT)
    path = "/support/entrer/?" + urlencode({"jeton": token})
    return Grant(grant, network_url(path, slug=network.slug), path)


def _expired() -> str:
    return _("This support link has expired. Ask for a new one from the console.")


def _used() -> str:
    return _("This support link has already been used. Ask for a new one from the console.")


def _refuse(message) -> ValidationError:
    return ValidationError({"link": [message]})


def enter_support_session(*, token: str) -> tuple[SupportSession, User]:
    """Check an entry link on the current network's host and open the visit.

    Returns the network's audit row and the support user to log in. Every refusal is a
    ValidationError on "link" with a French message; nothing is written then.
    """
    schema = connection.schema_name
    if schema == get_public_schema_name():
        raise _refuse(_("A support link opens on the network's own address."))
    try:
        data = signing.loads(token or "", salt=LINK_SALT, max_age=link_seconds())
    except signing.SignatureExpired:
        raise _refuse(_expired()) from None
    except signing.BadSignature:
        raise _refuse(_("This support link is not valid.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("g"), int):
        raise _refuse(_("This support link is not valid."))
    if data.get("n") != schema:
        raise _refuse(_("This support link was made for another network."))
    now = timezone.now()
    with transaction.atomic():
        with schema_context(get_public_schema_name()):
            # Locked: two tabs opening the same link at once cannot both get in.
            grant = SupportSession.objects.select_for_update().filter(pk=data["g"]).first()
            if grant is None or grant.network_schema != schema:
                raise _refuse(_("This support link is not valid."))
            if grant.entered_at is not None:
                raise _refuse(_used())
            if grant.link_expires_at < now:
                raise _refuse(_expired())
            grant.entered_at = now
            grant.ends_at = now + timedelta(minutes=session_minutes())
            grant.save(update_fields=["entered_at", "ends_at"])
        user = _support_user(grant)
        visit = SupportSession.objects.create(
            network_schema=schema,
            network_slug=grant.network_slug,
            network_name=grant.network_name,
            coach_id=grant.coach_id,
            coach_name=grant.coach_name,
            coach_email=grant.coach_email,
            reason=grant.reason,
            granted_at=grant.granted_at,
            link_expires_at=grant.link_expires_at,
            entered_at=grant.entered_at,
            ends_at=grant.ends_at,
            public_id=grant.pk,
            support_user_id=user.pk,
        )
    return visit, user


def _support_user(grant: SupportSession) -> User:
    """The coach's support user in the current network: kind operator, no usable password
    (the signed link is the only way in), never a Member.

    Only an operator-kind account without a member profile is ever reused: an account of
    another kind under the support address (planted before registration refused such
    addresses) is left alone and the visit refused, never taken over as the coach."""
    email = SUPPORT_EMAIL.format(coach_id=grant.coach_id)
    first, _sep, last = grant.coach_name.partition(" ")
    user = User.objects.filter(email=email).first()
    if user is None:
        return User.objects.create_user(
            email=email, password=None, first_name=first, last_name=last, kind=User.Kind.OPERATOR
        )
    if user.kind != User.Kind.OPERATOR or getattr(user, "member", None) is not None:
        logger.warning("support address %s held by a non-support account in %s", email, user)
        raise _refuse(
            _(
                "An account of this network uses the support address: support cannot open. "
                "Coop-ère has been told."
            )
        )
    user.first_name, user.last_name, user.is_active = first, last, True
    user.set_unusable_password()
    user.save(update_fields=["first_name", "last_name", "is_active", "password"])
    return user


def is_support_user(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.kind == User.Kind.OPERATOR
        and connection.schema_name != get_public_schema_name()
    )


def end_support_session(*, visit_id: int, cause: str = SupportSession.EndCause.ENDED) -> bool:
    """Record the end of a visit in the network's log and in the public one (first call
    wins; later calls change nothing). Runs inside the network's schema."""
    if cause not in SupportSession.EndCause.values:
        raise ValidationError({"cause": [_("Unknown end of session.")]})
    now = timezone.now()
    with transaction.atomic():
        visit = SupportSession.objects.select_for_update().filter(pk=visit_id).first()
        if visit is None or visit.ended_at is not None:
            return False
        # A session cut for time ends at its limit, not when someone next clicked.
        ended_at = min(now, visit.ends_at) if cause == "expired" and visit.ends_at else now
        visit.ended_at, visit.end_cause = ended_at, cause
        visit.save(update_fields=["ended_at", "end_cause"])
        with schema_context(get_public_schema_name()):
            SupportSession.objects.filter(
                pk=visit.public_id, network_schema=visit.network_schema, ended_at__isnull=True
            ).update(ended_at=ended_at, end_cause=cause)
    return True


def consent_to_role_changes(*, visit_id: int, pilote) -> SupportSession:
    """A pilote lets a live support visit change roles in the Groupe d'Animation (the coach
    then acts with the pilote's rank; each change names both). Recorded in the network's
    log and in the public one. Runs inside the network's schema."""
    from exchange.models import Member

    if pilote is None or pilote.group_role != Member.GroupRole.PILOTE or pilote.anonymised_at:
        raise ValidationError({"visit": [_("Only a pilote can let a support visit change roles.")]})
    now = timezone.now()
    with transaction.atomic():
        visit = SupportSession.objects.select_for_update().filter(pk=visit_id).first()
        if visit is None or not visit.is_live:
            raise ValidationError({"visit": [_("This support visit is over.")]})
        if visit.roles_consent_member_id == pilote.pk:
            return visit
        visit.roles_consent_by = pilote.display_name[:150]
        visit.roles_consent_member_id = pilote.pk
        visit.roles_consent_at = now
        fields = ["roles_consent_by", "roles_consent_member_id", "roles_consent_at"]
        visit.save(update_fields=fields)
        with schema_context(get_public_schema_name()):
            SupportSession.objects.filter(
                pk=visit.public_id, network_schema=visit.network_schema
            ).update(roles_consent_by=visit.roles_consent_by, roles_consent_at=now)
    return visit


def withdraw_role_consent(*, visit_id: int, member) -> bool:
    """Any member of the Groupe d'Animation takes the consent back (both logs keep who
    agreed and when; the visit can no longer change roles). Safe to call twice."""
    if member is None or not member.is_animator:
        raise ValidationError(
            {"visit": [_("Only the Groupe d'Animation can take this agreement back.")]}
        )
    with transaction.atomic():
        changed = SupportSession.objects.filter(
            pk=visit_id, roles_consent_member_id__isnull=False
        ).update(roles_consent_member_id=None)
    return bool(changed)
