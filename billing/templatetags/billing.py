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


@register.filter
def days_until(start, end) -> int:
    """Whole days from `start` to `end` (dates): how late an invoice is."""
    if not start or not end:
        return 0
    return (end - start).days


@register.inclusion_tag("portal/_contact.html")
def portal_contact() -> dict:
    """Coop-ère's contact details, at the foot of every portal page."""
    from django.conf import settings

    return {
        "legal_name": settings.COOPERE_LEGAL_NAME,
        "address": settings.COOPERE_ADDRESS.replace("\\n", "\n"),
        "email": settings.COOPERE_CONTACT_EMAIL,
        "phone": settings.COOPERE_CONTACT_PHONE,
    }


@register.filter
def with_vat(cents, rate_bp) -> int:
    """An amount excl. VAT in cents, with its VAT (rounded half up, as on invoices)."""
    from billing.models import vat_of

    return int(cents) + vat_of(int(cents), int(rate_bp))


@register.filter
def times(cents, count) -> int:
    return int(cents) * int(count)
