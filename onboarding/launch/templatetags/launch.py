"""`{% launch_panel network %}`: the launch section of the network detail page, which
fetches its own data (two queries) so the page only passes the network."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("console/launch/_panel_body.html", takes_context=True)
def launch_panel(context, network):
    return {"panel": selectors.panel_for(network), "request": context.get("request")}
