"""Issue 11, finding 4: a pilote registered a neighbour under a coach's support address
(`support-N@support.coopere.invalid`); the coach's next support visit reused that resident
account — renamed after the coach, password kept by the pilote, with a member's rights.
Registration now refuses `.invalid` addresses, and support never takes over an account it
did not make."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from coopere.accounts.models import User
from exchange.models import Member
from exchange.services import registration
from support.models import SupportSession
from support.services import SUPPORT_EMAIL
from tests.conftest import inside

from .conftest import PASSWORD, ask, enter, text


def test_registration_refuses_a_support_address(network_a, pilote_a, coach):
    with inside(network_a), pytest.raises(ValidationError) as refused:
        registration.register_member(
            actor=pilote_a,
            first_name="Faux",
            last_name="Coach",
            address="1 rue du Four",
            email=SUPPORT_EMAIL.format(coach_id=coach.pk).upper(),
            consent=True,
        )
    assert refused.value.message_dict["email"] == [
        "Cette adresse est réservée à l'équipe support de Coop-ère."
    ]
    with inside(network_a):
        assert not User.objects.filter(email__endswith=".invalid").exists()


def test_no_user_but_staff_is_ever_created_under_a_support_address(network_a):
    with inside(network_a), pytest.raises(ValueError):
        User.objects.create_user(email="support-1@support.coopere.invalid", password="x")


def test_support_never_takes_over_a_planted_account(console, client_for, network_a, coach):
    # An account planted before registration refused such addresses (raw insert).
    with inside(network_a):
        planted = User.objects.create(
            email=SUPPORT_EMAIL.format(coach_id=coach.pk),
            first_name="Pirate",
            kind=User.Kind.RESIDENT,
            password=make_password(PASSWORD),
        )
        Member.objects.create(user=planted, display_name="Pirate", address="1 rue du Four")

    client, response = enter(client_for, network_a, ask(console, network_a)["Location"])

    assert response.status_code == 403
    assert "support ne peut pas ouvrir" in text(response)
    with inside(network_a):
        planted.refresh_from_db()
        assert planted.first_name == "Pirate" and planted.check_password(PASSWORD)
        assert not SupportSession.objects.exists()
    assert "Session support —" not in text(client.get("/groupe/parcours/"))
