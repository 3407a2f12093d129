"""The themes catalogue, curated by the Groupe d'Animation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchange import selectors
from exchange.models import Post, Theme
from exchange.services import themes

from .factories import PostFactory


def _names():
    return list(Theme.objects.values_list("name", flat=True))


def test_only_animators_curate_the_themes(rose, theme):
    before = list(Theme.objects.values_list("pk", "name", "position", "retired_at"))
    all_ids = list(Theme.objects.values_list("pk", flat=True))
    attempts = [
        lambda: themes.add_theme(actor=rose, name="Jardinage"),
        lambda: themes.rename_theme(actor=rose, theme=theme, name="Bricolage"),
        lambda: themes.reorder_themes(actor=rose, theme_ids=all_ids[::-1]),
        lambda: themes.retire_theme(actor=rose, theme=theme),
        lambda: themes.restore_theme(actor=rose, theme=theme),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert list(Theme.objects.values_list("pk", "name", "position", "retired_at")) == before


def test_an_animator_adds_a_theme_at_the_end(animator):
    added = themes.add_theme(actor=animator, name="  Jardinage  ", description=" Potager ")
    assert (added.name, added.description) == ("Jardinage", "Potager")
    assert _names()[-1] == "Jardinage"


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "Loisirs", "coups DE main"])
def test_a_missing_too_long_or_duplicate_name_is_refused(animator, name):
    before = Theme.objects.count()
    with pytest.raises(ValidationError) as exc:
        themes.add_theme(actor=animator, name=name)
    assert "name" in exc.value.message_dict
    assert Theme.objects.count() == before


def test_a_too_long_description_is_refused(animator, theme):
    before = Theme.objects.count()
    with pytest.raises(ValidationError) as exc:
        themes.add_theme(actor=animator, name="Jardinage", description="x" * 241)
    assert "description" in exc.value.message_dict
    assert Theme.objects.count() == before
    with pytest.raises(ValidationError) as exc:
        themes.rename_theme(actor=animator, theme=theme, name="Bricolage", description="x" * 241)
    assert "description" in exc.value.message_dict
    assert Theme.objects.get(pk=theme.pk).name == "Coups de main"


def test_renaming_a_theme(animator, theme):
    themes.rename_theme(actor=animator, theme=theme, name="Coups de main")  # itself: fine
    themes.rename_theme(actor=animator, theme=theme, name="Bricolage", description="Outils")
    theme.refresh_from_db()
    assert (theme.name, theme.description) == ("Bricolage", "Outils")

    with pytest.raises(ValidationError) as exc:
        themes.rename_theme(actor=animator, theme=theme, name="loisirs")
    assert "name" in exc.value.message_dict
    assert Theme.objects.get(pk=theme.pk).name == "Bricolage"


def test_reordering_the_themes(animator):
    ids = list(Theme.objects.values_list("pk", flat=True))
    themes.reorder_themes(actor=animator, theme_ids=ids[::-1])
    assert list(Theme.objects.values_list("pk", flat=True)) == ids[::-1]


@pytest.mark.parametrize(
    "change",
    [
        lambda ids: ids[:-1],  # one missing
        lambda ids: [*ids, 999_999],  # one unknown
        lambda ids: [*ids, ids[0]],  # one twice
        lambda ids: [ids[1], *ids[1:]],  # one twice, another missing
        lambda ids: [],
    ],
)
def test_reordering_needs_every_theme_exactly_once(animator, change):
    before = list(Theme.objects.values_list("pk", "position"))
    with pytest.raises(ValidationError) as exc:
        themes.reorder_themes(actor=animator, theme_ids=change([pk for pk, _ in before]))
    assert "theme_ids" in exc.value.message_dict
    assert list(Theme.objects.values_list("pk", "position")) == before


def test_a_retired_theme_keeps_its_posts(animator, rose, theme):
    post = PostFactory(author=rose, theme=theme)
    themes.retire_theme(actor=animator, theme=theme)

    assert theme not in selectors.active_themes()
    assert Post.objects.get(pk=post.pk).theme == theme
    assert list(selectors.browse_posts(theme=theme.pk)) == [post]

    themes.restore_theme(actor=animator, theme=theme)
    assert theme in selectors.active_themes()
