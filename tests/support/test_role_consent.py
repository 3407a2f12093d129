"""Support with a pilote's consent: a coach in a support visit may change roles in the
Groupe d'Animation once a pilote of the network agreed, with the pilote's rank, under both
names; never before, never after, never in another network, never anything else."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from exchange.models import Member, MemberRoleChange, Post
from support import services
from support.models import SupportSession
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member

from .conftest import ask, enter, text


@pytest.fixture
def animateur_a(network_a):
    return _member(network_a, "animateur-support@a.test", role=Member.GroupRole.ANIMATEUR)


def _support(console, client_for, network):
    client, response = enter(client_for, network, ask(console, network)["Location"])
    assert response.status_code == 302
    with inside(network):
        visit = SupportSession.objects.latest("pk")
    return client, visit


def _change_role(client, member, role):
    return client.post(
        f"/animation/membres/{member.pk}/role/", {"group_role": role, "confirm": "oui"}
    )


def test_without_consent_the_coach_changes_no_role(
    console, client_for, network_a, pilote_a, voisine_a
):
    coach, _visit = _support(console, client_for, network_a)
    assert coach.get("/animation/membres/").status_code == 403
    assert coach.get(f"/animation/membres/{voisine_a.pk}/").status_code == 403
    response = _change_role(coach, voisine_a, Member.GroupRole.ANIMATEUR)
    assert response.status_code == 403
    assert "journal" in text(response)  # told how to get a pilote's agreement
    with inside(network_a):
        assert Member.objects.get(pk=voisine_a.pk).group_role == ""


def test_pilote_agrees_from_the_journal_then_the_coach_names_an_animateur(
    console, client_for, network_a, pilote_a, voisine_a
):
    coach, visit = _support(console, client_for, network_a)
    pilote = _logged(client_for, network_a, "pilote-support@a.test")
    journal = text(pilote.get("/support/journal/"))
    assert "Laisser cette visite changer les rôles" in journal
    response = pilote.post(f"/support/journal/{visit.pk}/accord/", follow=True)
    assert "peut maintenant changer les rôles" in text(response)
    # The coach now finds the members and changes a role, with a confirmation page.
    assert "Membres et leurs rôles" in text(coach.get("/support/journal/"))
    assert coach.get("/animation/membres/").status_code == 200
    page = text(coach.get(f"/animation/membres/{voisine_a.pk}/"))
    assert "Animateur" in page
    confirm = coach.post(
        f"/animation/membres/{voisine_a.pk}/role/", {"group_role": Member.GroupRole.ANIMATEUR}
    )
    assert confirm.status_code == 200 and "Confirmer" in text(confirm)
    assert _change_role(coach, voisine_a, Member.GroupRole.ANIMATEUR).status_code == 302
    with inside(network_a):
        assert Member.objects.get(pk=voisine_a.pk).group_role == Member.GroupRole.ANIMATEUR
        change = MemberRoleChange.objects.filter(member=voisine_a).latest("pk")
        assert change.by_id == pilote_a.pk and change.by_staff == "Nadia Coach"
    history = text(pilote.get(f"/animation/membres/{voisine_a.pk}/"))
    assert "par Nadia Coach (soutien Coop-ère), avec l'accord de Pilote-Support" in history
    # Both logs say who agreed.
    with schema_context(get_public_schema_name()):
        grant = SupportSession.objects.get(pk=visit.public_id)
        assert grant.roles_consent_by == "Pilote-Support" and grant.roles_consent_at
    # Still nothing else: a post, a registration.
    assert coach.post("/annonces/nouvelle/", {"kind": "offer", "title": "X"}).status_code == 403
    assert coach.post(f"/animation/membres/{voisine_a.pk}/parrainage/", {}).status_code == 403
    with inside(network_a):
        assert not Post.objects.exists()


def test_the_coach_acts_with_the_pilote_rank_and_the_last_pilote_stays(
    console, client_for, network_a, pilote_a, voisine_a
):
    coach, visit = _support(console, client_for, network_a)
    with inside(network_a):
        services.consent_to_role_changes(visit_id=visit.pk, pilote=pilote_a)
    # The last pilote cannot be stepped down, not even by support.
    _change_role(coach, pilote_a, Member.GroupRole.ANIMATEUR)
    with inside(network_a):
        assert Member.objects.get(pk=pilote_a.pk).group_role == Member.GroupRole.PILOTE


def test_only_a_pilote_agrees(console, client_for, network_a, pilote_a, animateur_a):
    _coach, visit = _support(console, client_for, network_a)
    animateur = _logged(client_for, network_a, "animateur-support@a.test")
    assert "Laisser cette visite" not in text(animateur.get("/support/journal/"))
    response = animateur.post(f"/support/journal/{visit.pk}/accord/", follow=True)
    assert "Seul·e un·e pilote" in text(response) or "Seul un pilote" in text(response)
    with inside(network_a):
        assert SupportSession.objects.get(pk=visit.pk).roles_consent_member_id is None
        with pytest.raises(ValidationError):
            services.consent_to_role_changes(visit_id=visit.pk, pilote=animateur_a)


def test_the_coach_cannot_agree_for_himself(console, client_for, network_a, pilote_a):
    coach, visit = _support(console, client_for, network_a)
    assert coach.post(f"/support/journal/{visit.pk}/accord/").status_code == 403
    with inside(network_a):
        assert SupportSession.objects.get(pk=visit.pk).roles_consent_member_id is None


def test_withdrawn_or_ended_consent_stops_the_changes(
    console, client_for, network_a, pilote_a, voisine_a, animateur_a
):
    coach, visit = _support(console, client_for, network_a)
    with inside(network_a):
        services.consent_to_role_changes(visit_id=visit.pk, pilote=pilote_a)
    animateur = _logged(client_for, network_a, "animateur-support@a.test")
    animateur.post(f"/support/journal/{visit.pk}/reprendre/")
    assert _change_role(coach, voisine_a, Member.GroupRole.ANIMATEUR).status_code == 403
    # Agreed again, then the pilote is no longer pilote: the agreement falls with the rank.
    with inside(network_a):
        services.consent_to_role_changes(visit_id=visit.pk, pilote=pilote_a)
        Member.objects.filter(pk=pilote_a.pk).update(group_role=Member.GroupRole.ANIMATEUR)
    assert _change_role(coach, voisine_a, Member.GroupRole.ANIMATEUR).status_code == 403
    with inside(network_a):
        assert Member.objects.get(pk=voisine_a.pk).group_role == ""


def test_consent_ends_with_the_visit(console, client_for, network_a, pilote_a, voisine_a):
    coach, visit = _support(console, client_for, network_a)
    with inside(network_a):
        services.consent_to_role_changes(visit_id=visit.pk, pilote=pilote_a)
    with time_machine.travel(visit.ends_at + timezone.timedelta(minutes=1), tick=False):
        _change_role(coach, voisine_a, Member.GroupRole.ANIMATEUR)
        with inside(network_a), pytest.raises(ValidationError):
            services.consent_to_role_changes(visit_id=visit.pk, pilote=pilote_a)
    with inside(network_a):
        assert Member.objects.get(pk=voisine_a.pk).group_role == ""


def test_consent_in_a_does_not_open_b(
    console, client_for, network_a, network_b, pilote_a, pilote_b
):
    _coach_a, visit_a = _support(console, client_for, network_a)
    with inside(network_a):
        services.consent_to_role_changes(visit_id=visit_a.pk, pilote=pilote_a)
    coach_b, visit_b = _support(console, client_for, network_b)
    voisin_b = _member(network_b, "voisin-support@b.test")
    assert _change_role(coach_b, voisin_b, Member.GroupRole.ANIMATEUR).status_code == 403
    # B's pilote cannot agree to A's visit (its id means nothing in B).
    pilote = _logged(client_for, network_b, "pilote-support@b.test")
    pilote.post(f"/support/journal/{visit_a.pk}/accord/")
    with inside(network_a):
        assert SupportSession.objects.get(pk=visit_a.pk).roles_consent_member_id == pilote_a.pk
    with inside(network_b):
        assert not SupportSession.objects.filter(roles_consent_member_id__isnull=False).exists()
        assert Member.objects.get(pk=voisin_b.pk).group_role == ""
    assert visit_b.pk
