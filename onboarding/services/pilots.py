"""The first pilote(s) of a network, registered by a coach from the console.

A network opened from the console has no resident yet, so nobody could form its Groupe
d'Animation: the coach registers amorceurs who live in the perimeter as pilotes. They become
residents of the network's schema (the same registration service animators use), receive the
activation email when they have an address, and the coach prints their welcome card.
"""

from dataclasses import dataclass

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from coopere.accounts.models import User
from coopere.accounts.services import require_operator
from coopere.validation import Errors
from tenants.models import Network

from ..models import Amorceur


def split_name(name: str) -> tuple[str, str]:
    """'Sophie Martin' → ('Sophie', 'Martin'): the form's starting values, editable."""
    first, _sep, last = (name or "").strip().partition(" ")
    return first, last.strip()


def register_pilote(
    *,
    network: Network,
    amorceur: Amorceur,
    actor: User,
    first_name: str,
    last_name: str = "",
    address: str,
    email: str = "",
    phone: str = "",
    consent: bool = False,
):
    """Make a resident amorceur the network's pilote. Returns (member, created); the
    same amorceur twice gives back the same resident."""
    from exchange.services import registration

    errors = Errors()
    require_operator(actor, errors)
    if amorceur.network_id != network.pk:
        errors.add("amorceur", _("This amorceur belongs to another network."))
    elif amorceur.kind != Amorceur.Kind.RESIDENT:
        errors.add("amorceur", _("Only an amorceur who lives in the perimeter can become pilote."))
    if network.state != Network.State.LIVE:
        errors.add("amorceur", _("This network is not open."))
    errors.raise_if_any()
    # One transaction on one connection across both schemas: the amorceur's row, locked in
    # public, makes a double click wait for the first registration, then find it.
    with transaction.atomic():
        with schema_context(get_public_schema_name()):
            Amorceur.objects.select_for_update().get(pk=amorceur.pk)
        with schema_context(network.schema_name):
            return registration.register_first_pilote(
                staff_name=actor.get_full_name() or actor.email,
                amorceur_ref=amorceur.pk,
                first_name=first_name,
                last_name=last_name,
                address=address,
                email=email,
                phone=phone,
                consent=consent,
            )


def _qr_svg(url: str) -> str:
    # As the animators' card (exchange.views.animation): the QR code carries the code.
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


@dataclass(frozen=True)
class PiloteRow:
    member_id: int
    name: str
    role_label: str
    activated: bool
    has_email: bool


def pilotes_by_amorceur(network: Network) -> dict[int, PiloteRow]:
    """Residents registered from this network's amorceurs (one query, in its schema)."""
    from exchange.models import Member

    with schema_context(network.schema_name):
        return {
            m.amorceur_ref: PiloteRow(
                member_id=m.pk,
                name=m.display_name,
                role_label=m.get_group_role_display(),
                activated=m.activated_at is not None,
                has_email=bool(m.user.email),
            )
            for m in Member.objects.filter(
                amorceur_ref__isnull=False, anonymised_at__isnull=True
            ).select_related("user")
        }


def welcome_card(*, network: Network, member_id: int, actor: User) -> dict | None:
    """A fresh welcome card for a resident the console registered (its code, QR link and
    expiry), or None when no such resident exists in this network."""
    from django.conf import settings

    from exchange.models import Member
    from exchange.services import registration
    from tenants.hosts import network_url

    errors = Errors()
    require_operator(actor, errors)
    errors.raise_if_any()
    # tenant_context, not schema_context: the card's links name the network's host.
    with tenant_context(network):
        member = (
            Member.objects.select_related("user")
            # Not once the pilote uses the account: a card would replace the password (a
            # pilote of the network prints it then, after confirming).
            .filter(
                pk=member_id,
                amorceur_ref__isnull=False,
                anonymised_at__isnull=True,
                activated_at__isnull=True,
            )
            .first()
        )
        if member is None:
            return None
        code = registration.issue_activation_code(member=member)
        return {
            "member": member,
            "code": code,
            "short_url": network_url("/activer/"),
            "qr": _qr_svg(registration.activation_url(code)),
            "expires": timezone.now() + timezone.timedelta(days=settings.COOPERE_ACTIVATION_DAYS),
        }
