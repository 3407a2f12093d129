"""`{% coaching_panel network %}`: the coaching section of the network detail page, which
fetches its own data (three queries) so the page only passes the network."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("console/coaching/_panel_body.html")
def coaching_panel(network):
    return {"panel": selectors.panel_for(network)}


@register.inclusion_tag("console/coaching/_bar.html")
def minutes_bar(week):
    """A week's minutes against the target, as a bar with its figure in words."""
    return {"week": week}


@register.filter
def duration(minutes) -> str:
    """Minutes as « 1 h 30 », « 2 h » or « 45 min »."""
    minutes = int(minutes or 0)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"
