"""Inviting a partner's staff member, and accepting the invitation.

The token travels only in the email; the database keeps its SHA-256. Inviting the same
address again voids the pending invitation (its link stops working at once).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from billing.models import Partner, PartnerInvitation, PartnerMembership
from coopere.accounts.models import User
from coopere.validation import Errors


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def public_url(path: str) -> str:
    """Absolute URL on the base domain, for emails (no request to take the host from)."""
    port = f":{settings.COOPERE_URL_PORT}" if settings.COOPERE_URL_PORT else ""
    return f"{settings.COOPERE_URL_SCHEME}://{settings.COOPERE_BASE_DOMAIN}{port}{path}"


def invitation_url(token: str) -> str:
    # Services run outside requests too: name the base domain's urlconf explicitly.
    path = reverse(
        "partner_invitations:accept",
        kwargs={"token": token},
        urlconf=settings.PUBLIC_SCHEMA_URLCONF,
    )
    return public_url(path)


def _email_taken(email: str) -> bool:
    return User.objects.filter(email=email).exists()


def invite_partner_user(
    *,
    partner: Partner,
    email: str,
    invited_by: User,
    first_name: str = "",
    last_name: str = "",
) -> tuple[PartnerInvitation, str]:
    """Email an invitation link to someone working for `partner`. Returns the invitation and
    its token (only the email and the return value ever hold the token)."""
    email = (email or "").strip().lower()
    with schema_context(get_public_schema_name()):
        if not email:
            raise ValidationError({"email": [_("Write the person's email address.")]})
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": [_("This email address is not valid.")]}) from None
        if _email_taken(email):
            raise ValidationError({"email": [_("An account already uses this email address.")]})
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        days = settings.COOPERE_PARTNER_INVITATION_DAYS
        with transaction.atomic():
            # The previous pending link for this address stops working now.
            PartnerInvitation.objects.filter(
                email=email, accepted_at__isnull=True, expires_at__gt=now
            ).update(expires_at=now)
            invitation = PartnerInvitation.objects.create(
                partner=partner,
                email=email,
                first_name=(first_name or "").strip(),
                last_name=(last_name or "").strip(),
                token_hash=hash_token(token),
                invited_by=invited_by,
                expires_at=now + timedelta(days=days),
            )
            # Written in French whatever language the operator's console is in.
            with translation.override("fr"):
                body = render_to_string(
                    "billing/email/invitation.txt",
                    {
                        "invitation": invitation,
                        "partner": partner,
                        "inviter": invited_by,
                        "url": invitation_url(token),
                        "days": days,
                    },
                )
                subject = _("Your access to Coop-ère's partner portal")
            transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation, token


def invitation_error(invitation: PartnerInvitation | None, now=None) -> str | None:
    """Why this invitation cannot be accepted (a French sentence), or None if it can."""
    now = now or timezone.now()
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been used. Log in with your email and password.")
    if invitation.expires_at <= now:
        return _(
            "This invitation has expired or was replaced by a newer one. "
            "Ask your Coop-ère contact for a new invitation."
        )
    return None


def accept_invitation(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """Create the partner user (public schema) and their membership, and close the invitation.
    Any problem raises ValidationError and writes nothing."""
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    with schema_context(get_public_schema_name()), transaction.atomic():
        invitation = (
            PartnerInvitation.objects.select_for_update()
            .select_related("partner")
            .filter(token_hash=hash_token(token or ""))
            .first()
        )
        problem = invitation_error(invitation)
        if problem:
            raise ValidationError(problem, code="invitation")
        errors = Errors()
        if not first_name:
            errors.add("first_name", _("Write your first name."))
        candidate = User(
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            kind=User.Kind.PARTNER,
        )
        try:
            validate_password(password or "", user=candidate)
        except ValidationError as exc:
            errors["password"] = exc.messages
        if _email_taken(invitation.email):
            errors["__all__"] = [
                _("An account already uses this email address. Log in, or ask Coop-ère.")
            ]
        errors.raise_if_any()
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            kind=User.Kind.PARTNER,
        )
        PartnerMembership.objects.create(user=user, partner=invitation.partner)
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        return user
