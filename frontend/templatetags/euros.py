"""`{% load euros %}{{ cents|euros }}` -> "12,50 €" (French style, non-breaking spaces)."""

from django import template

from coopere.money import format_money

register = template.Library()


@register.filter
def euros(cents, currency="EUR"):
    if cents in (None, ""):
        return ""
    return format_money(int(cents), currency)
