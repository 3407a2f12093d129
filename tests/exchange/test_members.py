"""A member's own data: preferences, export (RGPD) and leaving the network."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coopere.accounts.backends import EmailOrMemberCodeBackend
from coopere.accounts.models import User
from exchange import selectors
from exchange.models import Connection, Exchange, Member, Notification, Post
from exchange.services import connections, matching, members, registration

from .factories import MemberFactory, PostFactory


def test_preferences(rose, paul):
    members.update_preferences(
        actor=rose, member=rose, notification_mode="immediate", show_in_directory=False
    )
    rose.refresh_from_db()
    assert (rose.notification_mode, rose.show_in_directory) == ("immediate", False)

    with pytest.raises(ValidationError) as exc:
        members.update_preferences(actor=rose, member=rose, notification_mode="hourly")
    assert "notification_mode" in exc.value.message_dict
    with pytest.raises(ValidationError):
        members.update_preferences(actor=rose, member=rose, group_role="pilote")
    with pytest.raises(PermissionDenied):
        members.update_preferences(actor=paul, member=rose, notification_mode="never")
    rose.refresh_from_db()
    assert (rose.notification_mode, rose.group_role) == ("immediate", "")


def test_group_roles_are_given_by_the_pilote(rose, paul, animator):
    pilote = MemberFactory(pilot=True)
    with pytest.raises(PermissionDenied):
        members.set_group_role(actor=paul, member=paul, role="pilote")
    with pytest.raises(PermissionDenied):  # an animateur gives no roles
        members.set_group_role(actor=animator, member=rose, role="animateur")
    with pytest.raises(ValidationError) as exc:
        members.set_group_role(actor=pilote, member=rose, role="chef")
    assert "group_role" in exc.value.message_dict
    members.set_group_role(actor=pilote, member=rose, role="copilote")
    rose.refresh_from_db()
    assert rose.is_animator


def test_the_export_holds_the_members_data_and_no_one_elses(rose, paul, theme):
    registration.save_answer(member=rose, theme=theme, can_offer=True, note="Je bricole")
    PostFactory(author=rose, theme=theme, title="Rose prête sa perceuse")
    registration.save_answer(member=paul, theme=theme, would_need=True, note="Note de Paul")
    PostFactory(author=paul, theme=theme, title="Paul cherche un escabeau")

    data = members.export_member_data(rose)

    assert data["profile"]["email"] == rose.user.email
    assert data["profile"]["display_name"] == "Rose P."
    assert [p["title"] for p in data["posts"]] == ["Rose prête sa perceuse"]
    assert data["questionnaire"] == [
        {
            "theme": "Coups de main",
            "can_offer": True,
            "would_need": False,
            "interested": False,
            "note": "Je bricole",
        }
    ]
    dumped = json.dumps(data)  # the download is JSON
    for other in ("Paul", paul.user.email, "Note de Paul", "escabeau", paul.address):
        assert other not in dumped


@pytest.fixture
def rose_with_history(rose, paul, theme):
    """Rose answered the questionnaire, posted, lent and was helped."""
    registration.save_answer(member=rose, theme=theme, can_offer=True)
    offer = PostFactory(author=rose, theme=theme, description="Au 3e étage", availability="Soir")
    done = PostFactory(author=rose, theme=theme, status="done")
    conn = connections.express_interest(actor=paul, member=paul, post=offer)
    connections.mark_exchange_done(actor=paul, member=paul, connection=conn)
    matching.notify(rose, kind="message", text="Bonjour", dedupe_key="t:1")
    registration.issue_activation_code(member=rose)
    return offer, done


def test_leaving_the_network_anonymises_the_member(rose_with_history, rose, paul):
    offer, done = rose_with_history
    email = rose.user.email
    rose.user.set_password("un-bon-mot-de-passe")
    rose.user.save()

    with translation.override("en"):
        members.delete_account(actor=rose, member=rose)

    rose.refresh_from_db()
    user = User.objects.get(pk=rose.user_id)
    assert user.email is None and user.last_name == ""
    assert (
        rose.display_name == user.first_name == "Ancien membre"
    )  # stored in the network's language
    assert (rose.address, rose.phone) == ("", "")
    assert rose.anonymised_at is not None
    assert not user.is_active and not user.has_usable_password()
    assert (
        EmailOrMemberCodeBackend().authenticate(
            None, username=email, password="un-bon-mot-de-passe"
        )
        is None
    )
    assert rose not in selectors.directory()

    # Posts stay (as a former member's) but close and lose their text.
    offer.refresh_from_db()
    done.refresh_from_db()
    assert (offer.status, offer.description, offer.availability) == ("closed", "", "")
    assert done.status == "done"
    assert not Post.objects.filter(author=rose, status="open").exists()
    # The exchange stays counted for the network's impact.
    assert Exchange.objects.filter(giver=rose, receiver=paul).count() == 1
    assert list(selectors.exchanges_by_theme()) == [{"theme__name": "Coups de main", "count": 1}]
    # Answers, codes and notifications are gone.
    assert not rose.answers.exists()
    assert not rose.activation_codes.exists()
    assert not Notification.objects.filter(member=rose).exists()


def test_a_former_member_is_no_longer_matched_nor_reachable(rose_with_history, rose, paul, theme):
    members.delete_account(actor=rose, member=rose)
    rose.refresh_from_db()
    need = PostFactory(author=paul, theme=theme, kind="need")
    assert matching.notify_matches(need) == 0
    with pytest.raises(ValidationError):
        connections.express_interest(actor=rose, member=rose, post=need)
    conn = Connection.objects.get(requester=paul)
    conn.author_shares_contact = True
    conn.save()
    assert connections.contact_shared_with(paul, conn) is None


def test_the_sponsored_are_released_when_their_sponsor_leaves(rose, paul, pilote):
    members.set_sponsor(actor=pilote, member=rose, sponsor=paul)
    members.delete_account(actor=paul, member=paul)
    rose.refresh_from_db()
    assert rose.sponsor is None


def test_only_the_member_or_their_sponsor_deletes_the_account(rose, paul, animator):
    for actor in (paul, animator):
        with pytest.raises(PermissionDenied):
            members.delete_account(actor=actor, member=rose)
    assert Member.objects.get(pk=rose.pk).anonymised_at is None
