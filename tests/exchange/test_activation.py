"""One-time activation codes: printed on the welcome card or emailed as a link."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from exchange.models import ActivationCode
from exchange.services import registration
from exchange.services.registration import TooManyAttempts

PASSWORD = "un-bon-mot-de-passe"


def _activate(code, password=PASSWORD, client_key="cafe-du-mardi"):
    return registration.activate_member(code=code, password=password, client_key=client_key)


def _refused(code, **kwargs):
    """The activation is refused on the code field (and not for too many attempts)."""
    with pytest.raises(ValidationError) as exc:
        _activate(code, **kwargs)
    assert not isinstance(exc.value, TooManyAttempts)
    assert "code" in exc.value.message_dict
    return exc.value


def test_a_card_code_activates_the_account_once(rose):
    code = registration.issue_activation_code(member=rose)
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)

    user = _activate(code)

    rose.refresh_from_db()
    assert user == rose.user
    assert user.check_password(PASSWORD)
    assert rose.activated_at is not None
    _refused(code)  # the same code a second time


def test_the_code_is_forgiving_about_case_and_separators(rose):
    code = registration.issue_activation_code(member=rose)
    assert _activate(" " + code.lower().replace("-", " ") + " ") == rose.user


def test_an_expired_code_is_refused(rose):
    code = registration.issue_activation_code(member=rose)
    ActivationCode.objects.filter(member=rose).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    _refused(code)
    rose.user.refresh_from_db()
    assert not rose.user.has_usable_password()


@pytest.mark.parametrize("wrong", ["", "AAAAA-AAAAA", "not a code"])
def test_a_wrong_code_is_refused(rose, wrong):
    registration.issue_activation_code(member=rose)
    _refused(wrong)


def test_a_reprinted_card_voids_the_lost_card_but_not_the_email(rose):
    lost_card = registration.issue_activation_code(member=rose)
    emailed = registration.issue_activation_code(member=rose, channel=ActivationCode.Channel.EMAIL)
    new_card = registration.issue_activation_code(member=rose)

    _refused(lost_card)
    # Checking does not use a code up.
    assert registration.check_activation_code(code=new_card, client_key="k").member == rose
    assert registration.check_activation_code(code=emailed, client_key="k").member == rose
    assert _activate(emailed) == rose.user


def test_activating_voids_every_other_code_of_the_member(rose):
    card = registration.issue_activation_code(member=rose)
    emailed = registration.issue_activation_code(member=rose, channel=ActivationCode.Channel.EMAIL)
    _activate(card)
    _refused(emailed)


def test_too_many_attempts_from_one_client(rose, settings):
    settings.COOPERE_ACTIVATION_ATTEMPTS = 3
    code = registration.issue_activation_code(member=rose)
    for wrong in ("AAAAA-AAAAA", "BBBBB-BBBBB", "CCCCC-CCCCC"):
        _refused(wrong, client_key="borne-mairie")

    # The fourth try is refused even with the right code...
    with pytest.raises(TooManyAttempts) as exc:
        _activate(code, client_key="borne-mairie")
    assert "code" in exc.value.message_dict
    rose.user.refresh_from_db()
    assert not rose.user.has_usable_password()
    # ... which stays good, from another client.
    assert _activate(code, client_key="tablette-cafe") == rose.user


def test_a_weak_password_is_refused_and_the_code_stays_usable(rose):
    code = registration.issue_activation_code(member=rose)
    with pytest.raises(ValidationError) as exc:
        _activate(code, password="1234")
    assert "password" in exc.value.message_dict
    rose.refresh_from_db()
    assert rose.activated_at is None
    assert not rose.user.has_usable_password()

    assert _activate(code).check_password(PASSWORD)
