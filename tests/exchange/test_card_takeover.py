"""Issue 11, finding 1: any animator could print a welcome card for a neighbour already using
their account; the card's code set a new password and logged the animator in as them, and
the member was not told. A card for an active account now needs a pilote who confirms, and
the member is told in the site and by email; using such a card tells them too."""

import html

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from exchange.models import ActivationCode, Member, Notification
from exchange.services import registration
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member


@pytest.fixture
def active(db, network_a):
    member = _member(network_a, "yvette@a.test")
    with inside(network_a):
        Member.objects.filter(pk=member.pk).update(activated_at=timezone.now())
        member.refresh_from_db()
    return member


@pytest.fixture
def pilote(db, network_a):
    return _member(network_a, "pilote-carte@a.test", role=Member.GroupRole.PILOTE)


@pytest.fixture
def animateur(db, network_a):
    return _member(network_a, "animateur-carte@a.test", role=Member.GroupRole.ANIMATEUR)


def _codes(network, member):
    with inside(network):
        return ActivationCode.objects.filter(member=member).count()


def test_an_animateur_cannot_print_a_card_for_an_active_account(
    client_for, network_a, active, animateur
):
    client = _logged(client_for, network_a, "animateur-carte@a.test")
    response = client.post(f"/animation/membres/{active.pk}/carte/", follow=True)
    page = html.unescape(response.content.decode())
    assert "a new card would replace" not in page  # the French message, not the English
    assert "Seul·e un·e pilote peut en imprimer une, après confirmation." in page
    assert "welcome-card" not in page
    assert _codes(network_a, active) == 0


def test_a_pilote_confirms_first_then_the_member_is_told(client_for, network_a, active, pilote):
    client = _logged(client_for, network_a, "pilote-carte@a.test")
    first = html.unescape(client.post(f"/animation/membres/{active.pk}/carte/").content.decode())
    assert "Une nouvelle carte pour un compte actif" in first
    assert _codes(network_a, active) == 0  # nothing printed before the confirmation
    card = client.post(f"/animation/membres/{active.pk}/carte/", {"confirm": "oui"})
    assert "welcome-card" in card.content.decode()
    with inside(network_a):
        assert ActivationCode.objects.filter(member=active, used_at=None).count() == 1
        notice = Notification.objects.get(member=active)
    assert "a imprimé une nouvelle carte de bienvenue" in notice.text


def test_the_notice_is_emailed_once(network_a, active, pilote):
    with inside(network_a):
        registration.issue_activation_code(member=active, actor=pilote, confirmed=True)
        notice = Notification.objects.get(member=active)
        assert registration.email_account_notice(notification_id=notice.pk) is True
        assert registration.email_account_notice(notification_id=notice.pk) is False
    assert [m.to for m in mail.outbox] == [["yvette@a.test"]]


def test_the_service_refuses_without_a_confirming_pilote(network_a, active, pilote, animateur):
    with inside(network_a):
        for actor, confirmed in ((None, True), (animateur, True), (pilote, False)):
            with pytest.raises(ValidationError) as refused:
                registration.issue_activation_code(member=active, actor=actor, confirmed=confirmed)
            assert "card" in refused.value.message_dict
        assert not ActivationCode.objects.filter(member=active).exists()


def test_using_a_card_on_an_active_account_tells_its_owner(network_a, active, pilote):
    with inside(network_a):
        code = registration.issue_activation_code(member=active, actor=pilote, confirmed=True)
        registration.activate_member(code=code, password="un-nouveau-mot-2027", client_key="t")
        texts = list(Notification.objects.filter(member=active).values_list("text", flat=True))
    assert any("Votre mot de passe a été changé avec une carte de bienvenue" in t for t in texts)


def test_a_neighbour_not_yet_active_gets_a_card_from_any_animator(client_for, network_a, animateur):
    newcomer = _member(network_a, "nouveau@a.test")
    client = _logged(client_for, network_a, "animateur-carte@a.test")
    card = client.post(f"/animation/membres/{newcomer.pk}/carte/")
    assert "welcome-card" in card.content.decode()
    with inside(network_a):
        assert not Notification.objects.filter(member=newcomer).exists()
