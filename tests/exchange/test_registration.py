"""In-person registration by an animator: who may register, what is refused, what is sent."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coopere.accounts.models import User
from exchange import tasks
from exchange.models import Member
from exchange.services import registration

from .factories import MemberFactory

VALID = {
    "first_name": "Rose",
    "last_name": "Petit",
    "address": "3 allée des Lilas",
    "consent": True,
}


def _rows():
    return User.objects.count(), Member.objects.count()


def test_an_animator_registers_a_neighbour_without_email(animator):
    member = registration.register_member(actor=animator, **VALID, household_size="3")

    assert member.display_name == "Rose P."
    assert member.household_size == 3
    assert member.registered_by == animator
    assert member.activated_at is None
    # No email: the printed member code is how they will log in.
    assert member.user.email is None
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", member.user.member_code)
    assert not member.user.has_usable_password()


def test_only_the_groupe_d_animation_registers(rose):
    before = _rows()
    with pytest.raises(PermissionDenied):
        registration.register_member(actor=rose, **VALID)
    assert _rows() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"first_name": "   "}, "first_name"),
        ({"first_name": "R" * 81}, "first_name"),
        ({"address": ""}, "address"),
        ({"address": "x" * 161}, "address"),
        ({"household_size": 0}, "household_size"),
        ({"household_size": 25}, "household_size"),
        ({"household_size": "abc"}, "household_size"),
        ({"household_size": None}, "household_size"),
        ({"email": "rose@"}, "email"),
        ({"email": "rose petit@exemple.test"}, "email"),
        ({"phone": "appelez-moi"}, "phone"),
        ({"consent": False}, "consent"),
    ],
)
def test_bad_input_gives_a_field_error_and_writes_nothing(animator, changes, field):
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        registration.register_member(actor=animator, **{**VALID, **changes})
    assert field in exc.value.message_dict
    assert _rows() == before


def test_all_errors_are_given_at_once(animator):
    with pytest.raises(ValidationError) as exc:
        registration.register_member(
            actor=animator, first_name="", address="", household_size=0, consent=False
        )
    assert set(exc.value.message_dict) == {"first_name", "address", "household_size", "consent"}


def test_an_email_already_used_in_this_network_is_refused(animator):
    # alice@reseau-a.test is network A's resident from the session setup.
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        registration.register_member(actor=animator, **VALID, email="  Alice@Reseau-A.TEST ")
    assert "email" in exc.value.message_dict
    assert _rows() == before


def test_an_accompanied_member_cannot_be_a_sponsor(animator, paul):
    accompanied = MemberFactory(sponsor=paul)
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        registration.register_member(actor=animator, **VALID, sponsor=accompanied)
    assert "sponsor" in exc.value.message_dict
    assert _rows() == before


def test_registering_with_a_sponsor(animator, paul):
    member = registration.register_member(actor=animator, **VALID, sponsor=paul)
    assert member.sponsor == paul
    assert member.is_accompanied


def test_a_good_phone_and_email_are_kept_normalised(animator):
    member = registration.register_member(
        actor=animator, **VALID, email=" Rose.Petit@Exemple.TEST ", phone="06 12 34 56 78"
    )
    assert member.user.email == "rose.petit@exemple.test"
    assert member.phone == "06 12 34 56 78"


def test_no_email_queues_nothing(animator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        registration.register_member(actor=animator, **VALID)
    assert callbacks == []


def test_an_email_sends_the_activation_link_once_committed(
    animator, network_a, as_tenant, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    # Run the task in-process instead of through the broker.
    monkeypatch.setattr(tasks.send_activation_email, "delay", tasks.send_activation_email)
    with as_tenant(network_a), django_capture_on_commit_callbacks(execute=True):
        member = registration.register_member(actor=animator, **VALID, email="rose@exemple.test")
        assert mailoutbox == []  # nothing leaves before the registration is committed

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["rose@exemple.test"]
    link = re.search(
        r"http://reseau-a\.[^/\s]+/activer/\?code=([A-Z2-9]{5}-[A-Z2-9]{5})", email.body
    )
    assert link, email.body

    # The emailed code opens the account.
    user = registration.activate_member(
        code=link.group(1), password="un-bon-mot-de-passe", client_key="test"
    )
    assert user == member.user
    assert user.check_password("un-bon-mot-de-passe")


def test_the_activation_task_does_nothing_for_an_active_member(rose, mailoutbox):
    rose.activated_at = rose.registered_at
    rose.save()
    assert tasks.send_activation_email(rose.pk) is False
    assert tasks.send_activation_email(0) is False
    assert mailoutbox == []
