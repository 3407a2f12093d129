"""SIRET validation: 14 digits, Luhn checksum, La Poste's exception, typed with spaces."""

import pytest
from django.core.exceptions import ValidationError

from billing.validators import normalize_siret, validate_siret

from .conftest import valid_siret

LA_POSTE_HEAD_OFFICE = "35600000000048"  # follows Luhn
LA_POSTE_BRANCH = "35600000049837"  # fails Luhn, digit sum 50


def test_a_valid_siret_passes():
    validate_siret(valid_siret("2191034000"))


def test_spaces_and_dots_are_allowed_when_typed():
    siret = valid_siret("2191034000")
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    validate_siret(spaced)
    assert normalize_siret(spaced) == siret
    assert normalize_siret(f"{siret[:3]}.{siret[3:6]}.{siret[6:]}") == siret


@pytest.mark.parametrize("value", ["1234567890123", "123456789012345", "2191034000001A", ""])
def test_wrong_length_or_letters_is_refused_in_french(value):
    with pytest.raises(ValidationError) as exc:
        validate_siret(value)
    assert exc.value.messages == ["Un SIRET compte exactement 14 chiffres."]


def test_a_wrong_checksum_is_refused_in_french():
    siret = valid_siret("2191034000")
    wrong = siret[:-1] + str((int(siret[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as exc:
        validate_siret(wrong)
    assert "n'est pas valide" in exc.value.messages[0]


def test_la_poste_uses_its_own_rule():
    # La Poste's establishments fail Luhn but their digit sum is a multiple of 5.
    validate_siret(LA_POSTE_BRANCH)
    validate_siret(LA_POSTE_HEAD_OFFICE)
    with pytest.raises(ValidationError):
        validate_siret("35600000049838")  # neither rule
    with pytest.raises(ValidationError):
        validate_siret("45600000040001")  # the digit-sum rule is La Poste's only
