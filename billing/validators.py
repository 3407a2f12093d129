from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share one SIREN and break the Luhn rule: their digit sum is a
# multiple of 5 instead. Its head office (35600000000048) follows Luhn like everyone.
LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_siret(value: str) -> str:
    """Spaces and dots are how people copy a SIRET from a letterhead: drop them."""
    return "".join(ch for ch in str(value) if ch not in " .\u00a0")


def validate_siret(value: str) -> None:
    siret = normalize_siret(value)
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError(_("A SIRET has exactly 14 digits."), code="siret_length")
    if siret.startswith(LA_POSTE_SIREN):
        valid = luhn_ok(siret) or sum(int(ch) for ch in siret) % 5 == 0
    else:
        valid = luhn_ok(siret)
    if not valid:
        raise ValidationError(
            _("This SIRET is not valid: check its digits (the last one is a checksum)."),
            code="siret_checksum",
        )
