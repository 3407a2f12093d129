"""SIRET numbers, checked by python-stdnum (length, Luhn checksum, and La Poste's
establishments, whose digits add up to a multiple of 5 instead)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siret as stdnum_siret


def normalize_siret(value: str) -> str:
    """Spaces and dots are how people copy a SIRET from a letterhead: drop them."""
    return "".join(ch for ch in str(value) if ch not in " .\u00a0")


def validate_siret(value: str) -> None:
    try:
        stdnum_siret.validate(normalize_siret(value))
    except (InvalidFormat, InvalidLength):
        raise ValidationError(_("A SIRET has exactly 14 digits."), code="siret_length") from None
    except InvalidChecksum:
        raise ValidationError(
            _("This SIRET is not valid: check its digits (the last one is a checksum)."),
            code="siret_checksum",
        ) from None
