"""Inside a network: the Groupe d'Animation's view of its way through the method.

Read-only: the checklist is the coach's to tick (on the console); here the group sees
where it stands, what is missing to move on, and what to do next. The checklist and the
gates live in public (onboarding is a shared app); the launch conditions are read live
from the network's own tables, since the group wants to see today's figures.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_tenants.utils import get_public_schema_name, schema_context

from community.cafes.selectors import next_cafe
from exchange.access import group_or_support_required
from onboarding.selectors import checklist_for, entered_phase_at
from onboarding.services import gate_reasons
from tenants.models import Network

from .selectors import PHASE_STEPS, PHASE_TEXT, group_roster, launch_conditions

Phase = Network.Phase


@require_safe
@group_or_support_required
def page(request):
    with schema_context(get_public_schema_name()):
        # Fresh from public: the host cache may hold the network as it was a minute ago.
        network = Network.objects.get(pk=request.tenant.pk)
        checklist = checklist_for(network)
        next_phase = Phase.following(network.phase)
        reasons = gate_reasons(network, next_phase) if next_phase else []
        since = entered_phase_at(network, network.phase)
    current = checklist.phase(network.phase)
    in_lancement = network.phase == Phase.LANCEMENT and not network.is_launched
    group = group_roster()
    steps = [_("To do: %(item)s") % {"item": s.item.label} for s in current.missing_required]
    steps += [str(step) for step in PHASE_STEPS[network.phase]]
    return render(
        request,
        "network/phase.html",
        {
            "network": network,
            "phase_label": network.get_phase_display(),
            "phase_text": PHASE_TEXT[network.phase],
            "since": since,
            "current": current,
            "next": checklist.phase(next_phase) if next_phase else None,
            "reasons": reasons,
            "conditions": launch_conditions() if in_lancement else None,
            "group": group,
            "steps": steps,
            "phases": Phase.choices,
        },
    )


def home(request):
    """A network's home: its name, phase, next café; 'bientôt disponible' before launch.
    Open to anyone on the network's host (what it shows is public)."""
    return render(
        request,
        "network/home.html",
        {"phases": Network.Phase, "launched": request.tenant.is_launched, "next_cafe": next_cafe()},
    )
