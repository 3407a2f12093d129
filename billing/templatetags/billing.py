from django import template

register = template.Library()


@register.filter
def percent_bp(rate_bp) -> str:
    """A rate in basis points, French style: 2000 -> "20 %", 550 -> "5,5 %"."""
    if rate_bp in (None, ""):
        return ""
    units, rest = divmod(int(rate_bp), 100)
    decimals = f",{rest:02d}".rstrip("0") if rest else ""
    return f"{units}{decimals}\u00a0%"
