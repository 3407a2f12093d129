"""The console's writes on a network: opening it, its perimeter, its coach, its
indicators and the opening of its platform.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.accounts.services import require_operator
from coopere.validation import Errors
from tenants.models import Network
from tenants.services import clean_households

from ..models import (
    Amorceur,
    PlatformOpening,
    Relay,
)
from ..selectors import (
    latest_snapshot,
    platform_reasons,
)
from .checklist import start_checklist


def _check_coach(coach, errors: Errors) -> None:
    if coach is not None and not (coach.kind == User.Kind.OPERATOR and coach.is_active):
        errors.add("coach", _("A coach is a member of Coop-ère's staff."))


def open_network(
    *,
    actor: User,
    name: str,
    slug: str,
    region,
    estimated_households,
    perimeter_description: str = "",
    perimeter_streets: str = "",
    meeting_place: str = "",
    coach: User | None = None,
    amorceurs: list[dict],
    relays: list[dict] | None = None,
) -> Network:
    """Open a network from the console, in amorçage, from the warm pool (never builds a
    schema: PoolEmpty becomes a French refusal), with its amorceurs, relays, coach and
    checklist — all or nothing.

    amorceurs/relays: dicts of their fields (name, kind, organisation, email, phone /
    name, organisation, contact, note); at least one amorceur.
    """
    from tenants.services import PoolEmpty, check_network_request, create_network

    from .contacts import clean_amorceur, clean_relay, numbered

    errors = Errors()
    require_operator(actor, errors)
    _check_coach(coach, errors)
    with schema_context(get_public_schema_name()):
        try:
            check_network_request(
                name=name,
                slug=slug,
                region=region,
                estimated_households=estimated_households,
                perimeter_description=perimeter_description or "",
                meeting_place=meeting_place or "",
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.extend(field, messages)
    cleaned_amorceurs, cleaned_relays = [], []
    for number, data in enumerate(amorceurs or [], start=1):
        fields, problems = clean_amorceur(data)
        errors.extend("amorceurs", numbered(_("Amorceur"), number, problems))
        cleaned_amorceurs.append(fields)
    if not cleaned_amorceurs:
        errors.add(
            "amorceurs",
            _("Add at least one amorceur: the residents or the organisation starting it."),
        )
    for number, data in enumerate(relays or [], start=1):
        fields, problems = clean_relay(data)
        errors.extend("relays", numbered(_("Relay"), number, problems))
        cleaned_relays.append(fields)
    Errors({field: messages for field, messages in errors.items() if messages}).raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        try:
            network = create_network(
                name=name,
                slug=slug,
                region=region,
                estimated_households=estimated_households,
                perimeter_description=perimeter_description or "",
                meeting_place=meeting_place or "",
                phase=Network.Phase.AMORCAGE,
                method="pool",
            )
        except PoolEmpty as exc:
            raise ValidationError({"__all__": [str(exc)]}) from exc
        network.coach = coach
        network.perimeter_streets = _streets(perimeter_streets)
        network.save(update_fields=["coach", "perimeter_streets"])
        Amorceur.objects.bulk_create(
            Amorceur(network=network, position=position, **fields)
            for position, fields in enumerate(cleaned_amorceurs, start=1)
        )
        Relay.objects.bulk_create(Relay(network=network, **fields) for fields in cleaned_relays)
        start_checklist(network=network)
    return network


def _streets(text: str) -> str:
    """One street or building per line, blank lines and stray spaces dropped."""
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def update_perimeter(
    *,
    network: Network,
    actor: User,
    perimeter_description: str,
    perimeter_streets: str,
    estimated_households,
    meeting_place: str,
) -> Network:
    errors = Errors()
    require_operator(actor, errors)
    households = clean_households(estimated_households, errors)
    meeting_place = (meeting_place or "").strip()
    if len(meeting_place) > 200:
        errors.add("meeting_place", _("%(max)d characters at most.") % {"max": 200})
    errors.raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        network.perimeter_description = (perimeter_description or "").strip()
        network.perimeter_streets = _streets(perimeter_streets)
        network.estimated_households = households
        network.meeting_place = meeting_place
        network.save(
            update_fields=[
                "perimeter_description",
                "perimeter_streets",
                "estimated_households",
                "meeting_place",
            ]
        )
    return network


def assign_coach(*, network: Network, coach: User | None, actor: User) -> Network:
    """Give the network a coach (an operator), change it, or leave it without one."""
    errors = Errors()
    require_operator(actor, errors)
    _check_coach(coach, errors)
    errors.raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        network.coach = coach
        network.save(update_fields=["coach"])
    return network


def refresh_indicators(*, network: Network, actor: User):
    """Write this month's snapshot of this one network now (the nightly task does it for
    all): computed inside its schema, stored in public, where the console reads it."""
    from community.impact.services import write_snapshot

    errors = Errors()
    require_operator(actor, errors)
    if network.state != Network.State.LIVE:
        errors.add("network", _("This network is not open."))
    errors.raise_if_any()
    from onboarding.coaching.health import check_network_health

    with schema_context(network.schema_name):
        snapshot = write_snapshot()
        # The same figures refresh the network's health alerts, not only at night.
        check_network_health()
        return snapshot


def open_platform(*, network: Network, actor: User) -> PlatformOpening:
    """Open the residents' platform, in lancement, once the latest snapshot shows the
    seed's two launch conditions: a Groupe d'Animation of min_group_size() and a café
    scheduled. Refusals list what is missing and change nothing."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        errors = Errors()
        require_operator(actor, errors)
        # Locked so two operators cannot open it twice.
        network = Network.objects.select_for_update().get(pk=network.pk)
        if network.platform_opened_at is not None:
            errors.add("platform", _("The platform is already open."))
        elif network.phase != Network.Phase.LANCEMENT:
            errors.add("platform", _("The residents' platform opens during lancement."))
        else:
            reasons = platform_reasons(network)
            if reasons:
                errors.extend("platform", reasons)
        errors.raise_if_any()
        snapshot = latest_snapshot(network)
        now = timezone.now()
        network.platform_opened_at = now
        network.save(update_fields=["platform_opened_at"])
        return PlatformOpening.objects.create(
            network=network,
            opened_at=now,
            opened_by=actor,
            group_size=snapshot.group_size,
            cafes_scheduled=snapshot.cafes_scheduled,
        )
