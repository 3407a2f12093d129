"""Parrainage: a sponsor acts for a neighbour without internet, and prints what concerns them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchange import selectors
from exchange.models import Connection, Post
from exchange.services import connections, members, posts, registration

from .factories import MemberFactory, PostFactory


@pytest.fixture
def jeanne(paul, pilote):
    """An elderly neighbour without email, accompanied by Paul."""
    jeanne = MemberFactory(without_email=True, user__first_name="Jeanne", display_name="Jeanne R.")
    return members.set_sponsor(actor=pilote, member=jeanne, sponsor=paul)


def test_a_pilote_pairs_a_neighbour_with_a_sponsor(jeanne, paul, pilote):
    jeanne.refresh_from_db()
    assert jeanne.sponsor == paul and jeanne.is_accompanied
    assert list(paul.sponsored.all()) == [jeanne]

    members.set_sponsor(actor=pilote, member=jeanne, sponsor=None)
    jeanne.refresh_from_db()
    assert not jeanne.is_accompanied


def test_only_pilotes_and_copilotes_pair_sponsors(rose, paul, animator):
    for actor in (paul, animator):
        with pytest.raises(PermissionDenied):
            members.set_sponsor(actor=actor, member=rose, sponsor=paul)
    rose.refresh_from_db()
    assert rose.sponsor is None


def test_who_cannot_be_a_sponsor(jeanne, rose, pilote):
    gone = MemberFactory(anonymised_at=timezone.now())
    for sponsor in (rose, jeanne, gone):  # herself, an accompanied member, a former member
        with pytest.raises(ValidationError) as exc:
            members.set_sponsor(actor=pilote, member=rose, sponsor=sponsor)
        assert "sponsor" in exc.value.message_dict
    rose.refresh_from_db()
    assert rose.sponsor is None


def test_a_sponsor_posts_for_their_neighbour(jeanne, paul, theme):
    post = posts.create_post(
        actor=paul, author=jeanne, kind="need", title="Courses le jeudi", theme=theme
    )
    assert (post.author, post.acted_by) == (jeanne, paul)
    # Paul may then manage it for her.
    posts.set_post_status(actor=paul, post=post, status="closed")
    assert post.status == Post.Status.CLOSED


def test_nobody_else_acts_for_an_accompanied_neighbour(jeanne, rose, animator, theme):
    for actor in (rose, animator):
        with pytest.raises(PermissionDenied):
            posts.create_post(actor=actor, author=jeanne, kind="need", title="Courses", theme=theme)
    assert not Post.objects.exists()
    with pytest.raises(PermissionDenied):
        connections.express_interest(actor=rose, member=jeanne, post=PostFactory())
    assert not Connection.objects.exists()
    # And the neighbour cannot act for their sponsor.
    with pytest.raises(PermissionDenied):
        posts.create_post(actor=jeanne, author=rose, kind="need", title="Courses", theme=theme)


def test_a_sponsor_answers_and_writes_for_their_neighbour(jeanne, paul, rose):
    offer = PostFactory(author=rose, title="Je fais les courses le jeudi")
    conn = connections.express_interest(
        actor=paul, member=jeanne, post=offer, message="Pour Jeanne, au 3e"
    )
    assert conn.requester == jeanne
    first = conn.messages.get()
    assert (first.author, first.acted_by) == (jeanne, paul)

    exchange = connections.mark_exchange_done(actor=paul, member=jeanne, connection=conn)
    assert (exchange.receiver, exchange.marked_by, exchange.acted_by) == (jeanne, jeanne, paul)


def test_the_printed_sheet_lists_what_concerns_the_neighbour(jeanne, rose, zoe, theme, other_theme):
    conseils = registration.questionnaire_themes()[0]
    registration.save_answer(member=jeanne, theme=theme, would_need=True)
    registration.save_answer(member=jeanne, theme=conseils, interested=True)
    PostFactory(author=jeanne, theme=other_theme, kind="offer")  # she lends her sewing machine

    help_offered = PostFactory(author=rose, theme=theme, kind="offer")
    advice_given = PostFactory(author=zoe, theme=conseils, kind="gift")
    advice_wanted = PostFactory(author=zoe, theme=conseils, kind="need")
    tool_wanted = PostFactory(author=rose, theme=other_theme, kind="need")
    # Not on the sheet: a need where she only needs, posts that are closed, hidden, drafts,
    # an offer in a theme of no interest to her, her own posts.
    PostFactory(author=rose, theme=theme, kind="need")
    PostFactory(author=rose, theme=theme, kind="offer", status="closed")
    PostFactory(author=rose, theme=theme, kind="offer", is_hidden=True)
    PostFactory(author=rose, theme=theme, kind="offer", status="draft")
    PostFactory(author=rose, theme=other_theme, kind="offer")
    PostFactory(author=jeanne, theme=theme, kind="need")

    sheet = selectors.sheet_for(jeanne)

    assert {p.pk for p in sheet["offers"]} == {help_offered.pk, advice_given.pk}
    assert {p.pk for p in sheet["needs"]} == {advice_wanted.pk, tool_wanted.pk}
