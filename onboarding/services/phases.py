"""Moving a network through the method's phases, behind their gates."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.accounts.services import require_operator
from coopere.validation import Errors
from tenants.models import Network

from ..models import (
    PhaseTransition,
)
from ..selectors import (
    checklist_for,
    entered_phase_at,
)
from .checklist import start_checklist

# A network stays at least this long in structuration before autonomie (unless overridden).
STRUCTURATION_DAYS = 365


def gate_reasons(network: Network, to_phase: str) -> list[str]:
    """Why the network may not enter `to_phase` yet, in French; empty when it may.

    Each phase needs the previous phase's required items; autonomie also needs a year
    in structuration.
    """
    previous = Network.Phase.preceding(to_phase)
    if previous is None:
        return []
    reasons = []
    missing = checklist_for(network).phase(previous).missing_required
    if missing:
        reasons.append(
            _("Missing: %(items)s.") % {"items": ", ".join(s.item.label for s in missing)}
        )
    if to_phase == Network.Phase.AUTONOMIE:
        since = entered_phase_at(network, Network.Phase.STRUCTURATION)
        days = (timezone.now() - since) // timedelta(days=1)
        if days < STRUCTURATION_DAYS:
            reasons.append(
                ngettext(
                    "A network needs at least %(required)d days in structuration "
                    "(%(days)d day so far).",
                    "A network needs at least %(required)d days in structuration "
                    "(%(days)d days so far).",
                    days,
                )
                % {"required": STRUCTURATION_DAYS, "days": days}
            )
    return reasons


def move_to_phase(
    *,
    network: Network,
    to_phase: str,
    actor: User,
    override: bool = False,
    override_reason: str = "",
) -> PhaseTransition:
    """Move a network to the next phase once its gate is met, and record the move.

    Only the move to autonomie may be forced past its gate, by an operator who writes why.
    """
    override_reason = (override_reason or "").strip()
    with schema_context(get_public_schema_name()), transaction.atomic():
        errors = Errors()
        require_operator(actor, errors)
        # Locked so two operators cannot move the same network at once.
        network = Network.objects.select_for_update().get(pk=network.pk)
        if to_phase not in Network.Phase.values:
            errors.add("to_phase", _("Unknown phase."))
        elif to_phase == network.phase:
            errors.add("to_phase", _("The network is already in this phase."))
        elif Network.Phase.following(network.phase) is None:
            errors.add("to_phase", _("The network is in autonomie, the method's last phase."))
        elif to_phase != Network.Phase.following(network.phase):
            errors.add(
                "to_phase",
                _("A network moves one phase at a time, to the next one: %(phase)s.")
                % {"phase": _next_phase_label(network.phase)},
            )
        if override:
            if to_phase != Network.Phase.AUTONOMIE:
                errors.add("override_reason", _("Only the move to autonomie can be forced."))
            elif not override_reason:
                errors.add(
                    "override_reason",
                    _("Write why the network moves to autonomie before its conditions are met."),
                )
        elif override_reason:
            override_reason = ""  # a reason without an override overrides nothing
        if not errors and not override:
            reasons = gate_reasons(network, to_phase)
            if reasons:
                errors["to_phase"] = reasons
        errors.raise_if_any()
        start_checklist(network=network)
        transition = PhaseTransition.objects.create(
            network=network,
            from_phase=network.phase,
            to_phase=to_phase,
            at=timezone.now(),
            by=actor,
            override_reason=override_reason,
        )
        network.phase = to_phase
        network.save(update_fields=["phase"])
        # Alerts depend on the phase (overdue, group size, cafés): re-evaluate them now.
        from onboarding.coaching.health import queue_health_check

        queue_health_check(network.schema_name)
        return transition


def _next_phase_label(phase: str) -> str:
    return str(Network.Phase(Network.Phase.following(phase)).label)
