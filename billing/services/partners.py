"""Partners (municipalities, social landlords…) and their contacts, written by operators."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from billing.models import Partner, PartnerContact
from billing.validators import normalize_siret, validate_siret
from coopere.validation import Errors


def _clean_partner(
    *,
    partner: Partner | None,
    kind: str,
    legal_name: str,
    siret: str,
    billing_address: str,
    public_service_code: str,
) -> dict:
    errors = Errors()
    legal_name = (legal_name or "").strip()
    billing_address = (billing_address or "").strip()
    siret = normalize_siret(siret or "")
    if kind not in Partner.Kind.values:
        errors.add("kind", _("Choose the kind of organisation."))
    if not legal_name:
        errors.add("legal_name", _("Write the organisation's legal name."))
    if not siret:
        errors.add("siret", _("Write the organisation's SIRET (14 digits)."))
    else:
        try:
            validate_siret(siret)
        except ValidationError as exc:
            errors["siret"] = exc.messages
        else:
            taken = Partner.objects.filter(siret=siret)
            if partner is not None:
                taken = taken.exclude(pk=partner.pk)
            if taken.exists():
                errors.add("siret", _("A partner with this SIRET already exists."))
    if not billing_address:
        errors.add("billing_address", _("Write the billing address."))
    errors.raise_if_any()
    return {
        "kind": kind,
        "legal_name": legal_name,
        "siret": siret,
        "billing_address": billing_address,
        "public_service_code": (public_service_code or "").strip(),
    }


def create_partner(
    *,
    kind: str,
    legal_name: str,
    siret: str,
    billing_address: str,
    public_service_code: str = "",
) -> Partner:
    """A new partner; the SIRET may be typed with spaces or dots, it is stored as 14 digits."""
    fields = _clean_partner(
        partner=None,
        kind=kind,
        legal_name=legal_name,
        siret=siret,
        billing_address=billing_address,
        public_service_code=public_service_code,
    )
    with transaction.atomic():
        return Partner.objects.create(**fields)


def update_partner(
    *,
    partner: Partner,
    kind: str,
    legal_name: str,
    siret: str,
    billing_address: str,
    public_service_code: str = "",
) -> Partner:
    fields = _clean_partner(
        partner=partner,
        kind=kind,
        legal_name=legal_name,
        siret=siret,
        billing_address=billing_address,
        public_service_code=public_service_code,
    )
    with transaction.atomic():
        for name, value in fields.items():
            setattr(partner, name, value)
        partner.save(update_fields=[*fields])
    return partner


def add_contact(
    *,
    partner: Partner,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    receives_invoices: bool = False,
) -> PartnerContact:
    errors = Errors()
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name:
        errors.add("name", _("Write the contact's name."))
    if receives_invoices and not email:
        errors.add("email", _("A contact who receives invoices needs an email address."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", _("This email address is not valid."))
    errors.raise_if_any()
    with transaction.atomic():
        return PartnerContact.objects.create(
            partner=partner,
            name=name,
            role=(role or "").strip(),
            email=email,
            phone=(phone or "").strip(),
            receives_invoices=receives_invoices,
        )


def remove_contact(*, contact: PartnerContact) -> None:
    with transaction.atomic():
        contact.delete()


def revoke_partner_user(*, membership, by) -> None:
    """Take the portal away from a partner's staff member at once: the account is
    deactivated (its open sessions stop working on their next request) and the membership
    keeps who revoked it and when."""
    from django.utils import timezone

    from billing.models import PartnerMembership

    with transaction.atomic():
        membership = (
            PartnerMembership.objects.select_for_update()
            .select_related("user")
            .get(pk=membership.pk)
        )
        if membership.revoked_at is not None:
            raise ValidationError(_("This person's access is already revoked."))
        membership.revoked_at = timezone.now()
        membership.revoked_by = by
        membership.save(update_fields=["revoked_at", "revoked_by"])
        user = membership.user
        user.is_active = False
        user.save(update_fields=["is_active"])
