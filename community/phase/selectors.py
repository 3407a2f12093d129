"""Reads for the Groupe d'Animation's view of its phase: the method's words, the launch
conditions on the network's live data, and the group's roster."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.cafes.models import Cafe
from exchange.models import Member
from onboarding.selectors import min_group_size
from tenants.models import Network

Phase = Network.Phase

# The method's words for each phase (the seed's own text, shortened).
PHASE_TEXT = {
    Phase.AMORCAGE: gettext_lazy(
        "A few amorceurs meet in a small group (3 to 5 people) to understand the scheme, "
        "define a perimeter of real proximity, find a place where neighbours can meet, and "
        "prepare a letter inviting every household to an apéro-info."
    ),
    Phase.LANCEMENT: gettext_lazy(
        "The apéro-info presents the potential of sharing, why cooperate and the four "
        "principles: gratuité, réciprocité, neutralité, tranquillité. Neighbours are invited "
        "to form the Groupe d'Animation. A network launches when the group exists (at least "
        "6 is the target) and commits to organising the cafés-rencontres."
    ),
    Phase.STRUCTURATION: gettext_lazy(
        "For one to two years, Coop-ère helps the Groupe d'Animation become autonomous: see "
        "the actions to do, share them out so each stays light, communicate regularly, hold "
        "monthly cafés-rencontres and a yearly Fête de la Coopération, and use the impact tool."
    ),
    Phase.AUTONOMIE: gettext_lazy(
        "The Groupe d'Animation runs the network on its own. Coop-ère stays at hand and the "
        "pilots keep meeting the other networks' pilots for shared training."
    ),
}

# Plain next steps, by phase, after what the checklist says is missing.
PHASE_STEPS = {
    Phase.AMORCAGE: [
        gettext_lazy("Agree on the streets or buildings of the perimeter with your coach."),
        gettext_lazy("Find a welcoming place for the cafés-rencontres."),
        gettext_lazy("Prepare the invitation letter and choose the date of the apéro-info."),
    ],
    Phase.LANCEMENT: [
        gettext_lazy("Invite the neighbours met at the apéro-info to join the group."),
        gettext_lazy("Schedule the first café-rencontre, then one each month."),
        gettext_lazy("Register neighbours in person, at the café or at their door."),
    ],
    Phase.STRUCTURATION: [
        gettext_lazy("Share the tasks on the task board so each one stays light."),
        gettext_lazy("Send a newsletter and put up posters before each café."),
        gettext_lazy("Prepare the Fête de la Coopération and look at the impact page together."),
    ],
    Phase.AUTONOMIE: [
        gettext_lazy("Welcome new members into the group so it stays light for everyone."),
        gettext_lazy("Keep the monthly cafés and the yearly Fête de la Coopération going."),
    ],
}


@dataclass(frozen=True)
class Condition:
    label: str
    figure: int
    needed: int

    @property
    def met(self) -> bool:
        return self.figure >= self.needed


def launch_conditions() -> list[Condition]:
    """The seed's two launch conditions, on the network's live data (two queries)."""
    group = Member.objects.filter(anonymised_at__isnull=True).exclude(group_role="").count()
    cafes = Cafe.objects.filter(status=Cafe.Status.SCHEDULED, starts_at__gte=timezone.now()).count()
    return [
        Condition(_("Members of the Groupe d'Animation"), group, min_group_size()),
        Condition(_("Cafés-rencontres scheduled"), cafes, 1),
    ]


def group_roster() -> list[Member]:
    """The Groupe d'Animation, by role then name."""
    return list(
        Member.objects.filter(anonymised_at__isnull=True)
        .exclude(group_role="")
        .order_by("group_role", "display_name")
        .only("display_name", "group_role")
    )
