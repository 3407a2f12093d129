"""Money as French readers write it: integer cents in, "12,50 €" out. Done by hand rather
than through the locale machinery, so a page, a CSV and a printed order all agree."""

import re
from decimal import Decimal, InvalidOperation

NBSP = "\u00a0"  # between the amount and the sign: they never wrap apart
NNBSP = "\u202f"  # thousands separator, as French typography has it

SYMBOLS = {"EUR": "€"}


def format_amount(cents: int, *, grouping: bool = True) -> str:
    """1234567 -> "12 345,67" (no currency sign)."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(int(cents)), 100)
    digits = f"{units:,}".replace(",", NNBSP if grouping else "")
    return f"{sign}{digits},{rest:02d}"


def format_money(cents: int, currency: str = "EUR") -> str:
    """1250 -> "12,50 €"."""
    return f"{format_amount(cents)}{NBSP}{SYMBOLS.get(currency, currency)}"


_AMOUNT_RE = re.compile(r"^-?\d+([.,]\d{1,2})?$")


def parse_euros(text: str | None) -> int | None:
    """What a person types ("4,50", "4.5", "4 €", "1 200,00") -> cents; None if it is not
    an amount of euros with at most two decimals. A negative amount parses (to negative
    cents): whether it is allowed is the service's rule, and its message says why not."""
    cleaned = (text or "").strip().replace("€", "").replace("EUR", "")
    for space in (" ", NBSP, NNBSP):
        cleaned = cleaned.replace(space, "")
    if not _AMOUNT_RE.match(cleaned):
        return None
    try:
        return int(Decimal(cleaned.replace(",", ".")) * 100)
    except InvalidOperation:
        return None
