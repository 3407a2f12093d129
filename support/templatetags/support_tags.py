from django import template

from ..forms import SupportRequestForm
from ..selectors import recent_sessions_of
from ..services import session_minutes

register = template.Library()


@register.simple_tag
def recent_support_sessions(network):
    """The network's last support sessions, for the console's network page (one query)."""
    return recent_sessions_of(network)


@register.simple_tag
def support_form():
    return SupportRequestForm()


@register.simple_tag
def support_minutes():
    return session_minutes()
