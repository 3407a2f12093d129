"""The Groupe d'Animation's ranked roles and sponsor pairings: who may give what, the last
pilote, and the audit row each change leaves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchange.models import Member, MemberRoleChange
from exchange.services import members, registration

from .factories import MemberFactory


@pytest.fixture
def copilote(in_a):
    return MemberFactory(group_role="copilote", display_name="Colette C.")


def _role(member):
    member.refresh_from_db()
    return member.group_role


def test_a_pilote_names_every_role_and_each_change_is_audited(pilote, rose, paul, zoe):
    members.set_group_role(actor=pilote, member=rose, role="pilote")
    members.set_group_role(actor=pilote, member=paul, role="copilote")
    members.set_group_role(actor=pilote, member=zoe, role="animateur")
    assert (_role(rose), _role(paul), _role(zoe)) == ("pilote", "copilote", "animateur")

    changes = MemberRoleChange.objects.order_by("pk")
    assert [(c.member, c.old_role, c.new_role, c.by) for c in changes] == [
        (rose, "", "pilote", pilote),
        (paul, "", "copilote", pilote),
        (zoe, "", "animateur", pilote),
    ]
    assert all(c.kind == "role" and c.at for c in changes)


def test_a_copilote_names_and_removes_animateurs_only(copilote, pilote, rose, paul):
    members.set_group_role(actor=copilote, member=rose, role="animateur")
    members.set_group_role(actor=copilote, member=rose, role="")
    assert _role(rose) == ""
    for member, role in ((paul, "copilote"), (paul, "pilote"), (pilote, "animateur")):
        with pytest.raises(PermissionDenied):
            members.set_group_role(actor=copilote, member=member, role=role)
    other = MemberFactory(group_role="copilote")
    with pytest.raises(PermissionDenied):  # nor removes another copilote
        members.set_group_role(actor=copilote, member=other, role="")
    assert (_role(paul), _role(pilote), _role(other)) == ("", "pilote", "copilote")
    assert MemberRoleChange.objects.count() == 2


def test_an_animateur_or_a_resident_gives_no_role(animator, rose, paul):
    for actor in (animator, paul):
        with pytest.raises(PermissionDenied):
            members.set_group_role(actor=actor, member=rose, role="animateur")
    assert _role(rose) == "" and not MemberRoleChange.objects.exists()


def test_the_last_pilote_cannot_step_down_before_naming_another(pilote, rose):
    with pytest.raises(ValidationError) as exc:
        members.set_group_role(actor=pilote, member=pilote, role="copilote")
    assert "Pia P." in exc.value.message_dict["group_role"][0]
    assert _role(pilote) == "pilote" and not MemberRoleChange.objects.exists()

    members.set_group_role(actor=pilote, member=rose, role="pilote")
    members.set_group_role(actor=pilote, member=pilote, role="copilote")
    assert (_role(rose), _role(pilote)) == ("pilote", "copilote")
    # Rose, now the only pilote, cannot be removed either.
    with pytest.raises(ValidationError):
        members.set_group_role(actor=rose, member=rose, role="")


def test_the_last_pilote_message_is_in_french(pilote, settings):
    from django.utils import translation

    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        members.set_group_role(actor=pilote, member=pilote, role="")
    assert "dernier·e pilote" in exc.value.message_dict["group_role"][0]


def test_unknown_or_unchanged_roles_are_refused(pilote, rose):
    for role in ("chef", ""):
        with pytest.raises(ValidationError) as exc:
            members.set_group_role(actor=pilote, member=rose, role=role)
        assert "group_role" in exc.value.message_dict
    assert not MemberRoleChange.objects.exists()


def test_a_copilote_pairs_a_sponsor_and_the_pairing_is_audited(copilote, rose, paul):
    members.set_sponsor(actor=copilote, member=rose, sponsor=paul)
    members.set_sponsor(actor=copilote, member=rose, sponsor=None)
    rose.refresh_from_db()
    assert rose.sponsor is None
    rows = list(MemberRoleChange.objects.order_by("pk"))
    assert [(r.kind, r.old_sponsor, r.new_sponsor, r.by) for r in rows] == [
        ("sponsor", None, paul, copilote),
        ("sponsor", paul, None, copilote),
    ]


def test_the_coach_bootstrap_names_a_pilote_once(in_a):
    first, created = registration.register_first_pilote(
        staff_name="Claire Coach",
        amorceur_ref=4242,
        first_name="Sophie",
        last_name="Martin",
        address="2 rue des Lilas",
        consent=True,
    )
    again, created_again = registration.register_first_pilote(
        staff_name="Claire Coach",
        amorceur_ref=4242,
        first_name="Sophie",
        last_name="Martin",
        address="2 rue des Lilas",
        consent=True,
    )
    assert created and not created_again and again.pk == first.pk
    assert Member.objects.filter(amorceur_ref=4242).count() == 1
    assert first.group_role == "pilote" and first.registered_by is None
    change = MemberRoleChange.objects.get(member=first)
    assert (change.by, change.by_staff, change.new_role) == (None, "Claire Coach", "pilote")
    assert change.by_name == "Claire Coach"


def test_the_bootstrap_validates_before_writing(in_a):
    with pytest.raises(ValidationError) as exc:
        registration.register_first_pilote(
            staff_name="Coach", amorceur_ref=7, first_name="", address="", consent=False
        )
    assert {"first_name", "address", "consent"} <= set(exc.value.message_dict)
    assert not Member.objects.filter(amorceur_ref=7).exists()
    assert not MemberRoleChange.objects.exists()
