"""`{% load dates %}`: French hours and time ranges in templates (see frontend/dates.py).

{{ cafe.starts_at|hour }}                      « 10 h 30 »
{{ message.created_at|date_hour:"j N" }}       « 4 déc. à 10 h 30 »
{% time_range cafe.starts_at cafe.ends_at %}   « de 10 h à 12 h »
{{ rate.valid_from|long_date }}                « 1er juillet 2026 »
"""

from django import template

from .. import dates

register = template.Library()


@register.filter(expects_localtime=True)
def hour(value):
    return dates.hour(value)


@register.filter(expects_localtime=True)
def date_hour(value, date_format="j F Y"):
    return dates.date_hour(value, date_format)


@register.simple_tag
def time_range(start, end):
    return dates.time_range(start, end)


@register.filter
def long_date(value):
    return dates.long_date(value)
