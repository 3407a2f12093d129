"""`{% pilotes_panel network %}`: the console's "first pilotes" section of a network's page,
which fetches its own data (one query in the network's schema)."""

from django import template

from ..models import Amorceur
from ..services import pilots

register = template.Library()


@register.inclusion_tag("console/pilots/_panel.html", takes_context=True)
def pilotes_panel(context, network):
    registered = pilots.pilotes_by_amorceur(network)
    rows = [
        (amorceur, registered.get(amorceur.pk))
        for amorceur in network.amorceurs.all()
        if amorceur.kind == Amorceur.Kind.RESIDENT
    ]
    return {"network": network, "rows": rows, "csrf_token": context.get("csrf_token")}
