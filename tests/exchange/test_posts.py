"""Offers, needs, loans and gifts: writing them, who sees and edits them, finding them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchange import selectors
from exchange.models import Post
from exchange.services import posts, themes

from .factories import MemberFactory, PostFactory


def _create(actor, *, theme, author=None, **fields):
    values = {"kind": Post.Kind.OFFER, "title": "Je prête ma perceuse", **fields}
    return posts.create_post(actor=actor, author=author or actor, theme=theme, **values)


# --- Writing -----------------------------------------------------------------------------


def test_a_post_is_published_and_matching_is_queued(
    rose, theme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        post = _create(rose, theme=theme, description="  Avec deux forets  ")

    assert post.status == Post.Status.OPEN
    assert post.published_at is not None
    assert (post.author, post.acted_by) == (rose, None)
    assert post.description == "Avec deux forets"
    assert len(callbacks) == 1  # notify_matches, once committed


def test_a_draft_is_not_announced_until_published(rose, theme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        draft = _create(rose, theme=theme.pk, publish=False)
    assert (draft.status, draft.published_at, callbacks) == (Post.Status.DRAFT, None, [])

    with django_capture_on_commit_callbacks() as callbacks:
        posts.publish_post(actor=rose, post=draft)
    assert draft.status == Post.Status.OPEN and draft.published_at is not None
    assert len(callbacks) == 1

    # Publishing again changes nothing and announces nothing.
    with django_capture_on_commit_callbacks() as callbacks:
        posts.publish_post(actor=rose, post=draft)
    assert callbacks == []


def test_updating_a_post(rose, theme, other_theme):
    post = _create(rose, theme=theme)
    posts.update_post(actor=rose, post=post, title="Perceuse à percussion", theme=other_theme.pk)
    post.refresh_from_db()
    assert (post.title, post.theme, post.kind) == ("Perceuse à percussion", other_theme, "offer")
    assert list(selectors.browse_posts(q="percussion")) == [post]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"description": "x" * 4001}, "description"),
        ({"availability": "x" * 201}, "availability"),
        ({"theme": 999_999}, "theme"),
        ({"theme": "abc"}, "theme"),
        ({"theme": None}, "theme"),
        ({"kind": "sale"}, "kind"),
        ({"title": "Vélo enfant 10 €"}, "title"),
        ({"description": "Cours de guitare, 5 euros la séance"}, "description"),
        ({"description": "Participation €3"}, "description"),
        ({"availability": "Le soir, 10 € de l'heure"}, "availability"),
    ],
)
def test_bad_input_gives_a_field_error_and_writes_nothing(rose, theme, fields, field):
    with pytest.raises(ValidationError) as exc:
        _create(rose, **{"theme": theme, **fields})
    assert field in exc.value.message_dict
    assert not Post.objects.exists()


def test_a_title_of_exactly_120_characters_is_fine(rose, theme):
    assert len(_create(rose, theme=theme, title="x" * 120).title) == 120


def test_a_retired_theme_is_refused(rose, animator, theme):
    themes.retire_theme(actor=animator, theme=theme)
    for value in (theme, theme.pk):
        with pytest.raises(ValidationError) as exc:
            _create(rose, theme=value)
        assert "theme" in exc.value.message_dict
    assert not Post.objects.exists()


def test_bad_changes_leave_the_post_as_it_was(rose, theme):
    post = _create(rose, theme=theme)
    with pytest.raises(ValidationError) as exc:
        posts.update_post(actor=rose, post=post, title="", description="Contre 20 euros")
    assert set(exc.value.message_dict) == {"title", "description"}
    post.refresh_from_db()
    assert (post.title, post.description) == ("Je prête ma perceuse", "")


def test_a_member_who_left_cannot_post(rose, theme):
    rose.anonymised_at = rose.registered_at
    with pytest.raises(ValidationError):
        _create(rose, theme=theme)
    assert not Post.objects.exists()


# --- Who sees, who edits -----------------------------------------------------------------


def test_a_draft_is_seen_only_by_its_author_and_their_sponsor(rose, paul, animator):
    rose.sponsor = paul
    rose.save()
    draft = PostFactory(author=rose, status=Post.Status.DRAFT)
    posts.check_visible(draft, rose)
    posts.check_visible(draft, paul)
    for other in (animator, MemberFactory()):
        with pytest.raises(PermissionDenied):
            posts.check_visible(draft, other)


def test_a_hidden_post_is_seen_by_its_author_and_animators_only(rose, paul, animator):
    hidden = PostFactory(author=rose, is_hidden=True)
    posts.check_visible(hidden, rose)
    posts.check_visible(hidden, animator)
    with pytest.raises(PermissionDenied):
        posts.check_visible(hidden, paul)
    posts.check_visible(PostFactory(author=rose), paul)  # an open post: everyone


def test_only_the_author_their_sponsor_or_an_animator_may_edit(rose, paul, zoe, animator):
    rose.sponsor = zoe
    rose.save()
    post = PostFactory(author=rose, title="Avant")

    with pytest.raises(PermissionDenied):
        posts.update_post(actor=paul, post=post, title="Pirate")
    with pytest.raises(PermissionDenied):
        posts.set_post_status(actor=paul, post=post, status="closed")
    draft = PostFactory(author=rose, status=Post.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        posts.publish_post(actor=paul, post=draft)
    assert Post.objects.get(pk=draft.pk).status == Post.Status.DRAFT
    post.refresh_from_db()
    assert (post.title, post.status) == ("Avant", Post.Status.OPEN)

    for editor, title in ((rose, "Par Rose"), (zoe, "Par sa marraine"), (animator, "Corrigé")):
        posts.update_post(actor=editor, post=post, title=title)
        post.refresh_from_db()
        assert post.title == title


# --- Status ------------------------------------------------------------------------------


def test_the_life_of_a_post(rose):
    post = PostFactory(author=rose)
    for status in ("in_progress", "open", "done", "closed", "open", "closed"):
        posts.set_post_status(actor=rose, post=post, status=status)
        post.refresh_from_db()
        assert post.status == status


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "done"),
        ("draft", "in_progress"),
        ("closed", "done"),
        ("closed", "in_progress"),
        ("done", "in_progress"),
        ("open", "draft"),
        ("open", "open"),
        ("open", "archived"),
    ],
)
def test_impossible_changes_of_status_are_refused(rose, start, target):
    post = PostFactory(author=rose, status=start)
    with pytest.raises(ValidationError) as exc:
        posts.set_post_status(actor=rose, post=post, status=target)
    assert "status" in exc.value.message_dict
    post.refresh_from_db()
    assert post.status == start


def test_a_draft_breaking_the_rules_cannot_be_published(rose, animator, theme, other_theme):
    # Drafts made from questionnaire answers were never checked.
    priced = PostFactory(author=rose, theme=theme, status="draft", title="Cours de maths 15 €")
    retired = PostFactory(author=rose, theme=other_theme, status="draft")
    themes.retire_theme(actor=animator, theme=other_theme)

    for draft, field in ((priced, "title"), (retired, "theme")):
        with pytest.raises(ValidationError) as exc:
            posts.publish_post(actor=rose, post=draft)
        assert field in exc.value.message_dict
        draft.refresh_from_db()
        assert (draft.status, draft.published_at) == (Post.Status.DRAFT, None)


def test_opening_a_draft_publishes_it(rose, django_capture_on_commit_callbacks):
    draft = PostFactory(author=rose, status=Post.Status.DRAFT)
    with django_capture_on_commit_callbacks() as callbacks:
        posts.set_post_status(actor=rose, post=draft, status="open")
    draft.refresh_from_db()
    assert draft.status == Post.Status.OPEN and draft.published_at is not None
    assert len(callbacks) == 1


# --- Finding -----------------------------------------------------------------------------


@pytest.fixture
def shelf_and_drill(rose, theme, other_theme):
    shelf = _create(rose, theme=theme, kind="need", title="Étagère à monter")
    drill = _create(rose, theme=other_theme, title="Je prête ma perceuse", description="Bosch")
    return shelf, drill


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("etagere", ["shelf"]),
        ("ÉTAGÈRE", ["shelf"]),
        ("étagères", ["shelf"]),
        ("perceuses", ["drill"]),
        ("bosch", ["drill"]),  # the description is searched too
        ("monter perceuse", []),  # every word must be found
        ("monter OR perceuse", ["shelf", "drill"]),
        ("tondeuse", []),
    ],
)
def test_search_ignores_accents_and_understands_french(shelf_and_drill, q, found):
    named = dict(zip(["shelf", "drill"], shelf_and_drill, strict=True))
    assert {p.pk for p in selectors.browse_posts(q=q)} == {named[n].pk for n in found}


def test_browse_filters_by_theme_kind_and_status(rose, theme, other_theme):
    offer = PostFactory(author=rose, theme=theme, kind="offer")
    need = PostFactory(author=rose, theme=theme, kind="need")
    lent = PostFactory(author=rose, theme=other_theme, kind="loan", status="in_progress")
    closed = PostFactory(author=rose, theme=theme, status="closed")
    done = PostFactory(author=rose, theme=theme, status="done")
    PostFactory(author=rose, theme=theme, status="draft")
    PostFactory(author=rose, theme=theme, is_hidden=True)

    def ids(**filters):
        return {p.pk for p in selectors.browse_posts(**filters)}

    assert ids() == {offer.pk, need.pk, lent.pk}  # open or in progress, visible
    assert ids(theme=theme.pk) == {offer.pk, need.pk}
    assert ids(kind="need") == {need.pk}
    assert ids(theme=other_theme.pk, kind="loan") == {lent.pk}
    assert ids(status="closed") == {closed.pk}
    assert ids(status="done") == {done.pk}
    assert ids(status="draft") == set()


def test_hidden_posts_are_not_found(shelf_and_drill):
    shelf, _drill = shelf_and_drill
    Post.objects.filter(pk=shelf.pk).update(is_hidden=True)
    assert list(selectors.browse_posts(q="etagere")) == []
