"""Mises en relation, messages, contact consent, exchanges done and thanks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchange import selectors
from exchange.models import MESSAGE_MAX, Connection, Exchange, Message, Notification, Post
from exchange.services import connections

from .factories import PostFactory


@pytest.fixture
def offer(rose, theme):
    return PostFactory(author=rose, theme=theme, kind=Post.Kind.OFFER, title="Je prête ma perceuse")


@pytest.fixture
def need(rose, theme):
    return PostFactory(author=rose, theme=theme, kind=Post.Kind.NEED, title="Monter une étagère")


def _interest(member, post, message=""):
    return connections.express_interest(actor=member, member=member, post=post, message=message)


def _refused(member, post):
    with pytest.raises(ValidationError):
        _interest(member, post)
    assert not Connection.objects.filter(post=post).exists()


# --- Interest ------------------------------------------------------------------------------


def test_being_interested_connects_with_the_author_once(offer, rose, paul):
    conn = _interest(paul, offer, message="  Bonjour, je peux passer samedi ?  ")

    assert (conn.post, conn.requester) == (offer, paul)
    assert [m.body for m in conn.messages.all()] == ["Bonjour, je peux passer samedi ?"]
    told = Notification.objects.get(member=rose)
    assert (told.kind, told.connection) == (Notification.Kind.CONNECTION, conn)
    assert "Paul D." in told.text and "Je prête ma perceuse" in told.text

    assert _interest(paul, offer) == conn  # clicking twice
    assert Connection.objects.count() == 1
    assert Notification.objects.filter(member=rose).count() == 1


def test_no_interest_in_ones_own_post(offer, rose):
    _refused(rose, offer)


@pytest.mark.parametrize("status", ["draft", "done", "closed"])
def test_no_interest_in_a_post_that_is_not_open(rose, paul, status):
    _refused(paul, PostFactory(author=rose, status=status))


def test_no_interest_in_a_hidden_post(rose, paul):
    _refused(paul, PostFactory(author=rose, is_hidden=True))


def test_an_in_progress_post_still_welcomes_interest(rose, paul):
    assert _interest(paul, PostFactory(author=rose, status="in_progress"))


def test_a_too_long_first_message_is_refused(offer, paul):
    with pytest.raises(ValidationError) as exc:
        _interest(paul, offer, message="x" * (MESSAGE_MAX + 1))
    assert "body" in exc.value.message_dict
    assert not Connection.objects.exists()


# --- Messages ------------------------------------------------------------------------------


def test_messages_go_between_the_two_sides_only(offer, rose, paul, zoe):
    conn = _interest(paul, offer)

    reply = connections.send_message(actor=rose, member=rose, connection=conn, body="Avec plaisir")
    assert (reply.author, reply.acted_by) == (rose, None)
    assert Notification.objects.filter(member=paul, kind="message").count() == 1

    with pytest.raises(PermissionDenied):
        connections.send_message(actor=zoe, member=zoe, connection=conn, body="Et moi ?")
    with pytest.raises(PermissionDenied):  # nor by pretending to be one of them
        connections.send_message(actor=zoe, member=paul, connection=conn, body="C'est Paul")
    assert list(conn.messages.values_list("body", flat=True)) == ["Avec plaisir"]


@pytest.mark.parametrize("body", ["", "   ", "x" * (MESSAGE_MAX + 1)])
def test_an_empty_or_too_long_message_is_refused(offer, paul, body):
    conn = _interest(paul, offer)
    with pytest.raises(ValidationError) as exc:
        connections.send_message(actor=paul, member=paul, connection=conn, body=body)
    assert "body" in exc.value.message_dict
    assert not Message.objects.exists()


# --- Contact details -----------------------------------------------------------------------


def test_contact_details_only_with_the_other_sides_consent(offer, rose, paul, zoe):
    rose.phone = "06 11 22 33 44"
    rose.save()
    conn = _interest(paul, offer)
    assert connections.contact_shared_with(paul, conn) is None
    assert connections.contact_shared_with(rose, conn) is None

    connections.share_contact(actor=rose, member=rose, connection=conn)

    assert connections.contact_shared_with(paul, conn) == {
        "email": rose.user.email,
        "phone": "06 11 22 33 44",
    }
    assert connections.contact_shared_with(rose, conn) is None  # Paul has not consented

    connections.share_contact(actor=paul, member=paul, connection=conn)
    assert connections.contact_shared_with(rose, conn) == {"email": paul.user.email, "phone": ""}
    assert connections.contact_shared_with(zoe, conn) is None  # never to a third member
    with pytest.raises(PermissionDenied):
        connections.share_contact(actor=zoe, member=zoe, connection=conn)


def test_the_profile_consent_applies_to_new_connections(offer, rose, paul):
    rose.share_contact = True  # "share my email and phone with neighbours I am in contact with"
    rose.save()
    conn = _interest(paul, offer)
    assert connections.contact_shared_with(paul, conn) == {"email": rose.user.email, "phone": ""}
    assert connections.contact_shared_with(rose, conn) is None  # Paul did not consent


# --- Exchanges -----------------------------------------------------------------------------


def test_for_an_offer_the_author_gives(offer, rose, paul):
    conn = _interest(paul, offer)
    exchange = connections.mark_exchange_done(actor=paul, member=paul, connection=conn)
    assert (exchange.giver, exchange.receiver, exchange.marked_by) == (rose, paul, paul)
    assert exchange.theme == offer.theme
    assert Notification.objects.filter(member=rose, kind="exchange").count() == 1


def test_for_a_need_the_neighbour_who_answered_gives(need, rose, paul):
    conn = _interest(paul, need)
    exchange = connections.mark_exchange_done(actor=rose, member=rose, connection=conn)
    assert (exchange.giver, exchange.receiver, exchange.marked_by) == (paul, rose, rose)
    assert Notification.objects.filter(member=paul, kind="exchange").count() == 1


def test_an_exchange_is_counted_once_per_connection(offer, rose, paul, zoe):
    conn = _interest(paul, offer)
    first = connections.mark_exchange_done(actor=paul, member=paul, connection=conn)
    again = connections.mark_exchange_done(actor=rose, member=rose, connection=conn)
    assert again == first and again.marked_by == paul
    assert Exchange.objects.count() == 1
    assert Notification.objects.filter(kind="exchange").count() == 1
    with pytest.raises(PermissionDenied):
        connections.mark_exchange_done(actor=zoe, member=zoe, connection=conn)


def test_thanks_come_from_the_side_that_did_not_mark(offer, rose, paul, zoe):
    conn = _interest(paul, offer)
    exchange = connections.mark_exchange_done(actor=paul, member=paul, connection=conn)

    with pytest.raises(ValidationError):
        connections.thank(actor=paul, member=paul, exchange=exchange, message="Merci à moi")
    with pytest.raises(PermissionDenied):
        connections.thank(actor=zoe, member=zoe, exchange=exchange)
    with pytest.raises(ValidationError) as exc:
        connections.thank(actor=rose, member=rose, exchange=exchange, message="x" * 281)
    assert "thanks" in exc.value.message_dict
    exchange.refresh_from_db()
    assert exchange.thanked_at is None

    connections.thank(actor=rose, member=rose, exchange=exchange, message="Merci Paul !")
    exchange.refresh_from_db()
    assert exchange.thanks == "Merci Paul !" and exchange.thanked_at is not None
    told = Notification.objects.get(member=paul, kind="thanks")
    assert "Merci Paul !" in told.text


def test_exchanges_show_on_both_pages(offer, need, rose, paul):
    lent = connections.mark_exchange_done(
        actor=paul, member=paul, connection=_interest(paul, offer)
    )
    helped = connections.mark_exchange_done(
        actor=paul, member=paul, connection=_interest(paul, need)
    )
    assert selectors.exchanges_of(rose) == {"given": [lent], "received": [helped]}
    assert selectors.exchanges_of(paul) == {"given": [helped], "received": [lent]}
    assert list(selectors.exchanges_by_theme()) == [{"theme__name": "Coups de main", "count": 2}]


def test_connections_of_lists_both_sides(offer, rose, paul, zoe):
    conn = _interest(paul, offer)
    assert list(selectors.connections_of(rose)) == [conn]
    assert list(selectors.connections_of(paul)) == [conn]
    assert list(selectors.connections_of(zoe)) == []
