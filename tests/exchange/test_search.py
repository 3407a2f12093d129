"""Search finds a post whatever wrote it: the vector is PostgreSQL's generated column, kept
current on every write path. French plurals and variants, accents ignored, no price words."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from exchange import selectors
from exchange.models import Post
from exchange.search import query_for
from exchange.services import posts, registration
from tenants.models import Network

from .factories import MemberFactory


def _found(q: str) -> set[int]:
    return {p.pk for p in selectors.browse_posts(q=q)}


def _matches(post: Post, q: str) -> bool:
    """Whether the stored vector answers `q`, drafts included (the listing hides them)."""
    return Post.objects.filter(pk=post.pk, search_vector=query_for(q)).exists()


# --- Every write path keeps the vector current -------------------------------------------


def test_a_post_written_by_the_service_is_found(rose, theme):
    post = posts.create_post(
        actor=rose, author=rose, kind="offer", title="Vélo d'enfant", theme=theme
    )
    assert _found("velo") == {post.pk}


def test_an_edited_post_is_found_by_its_new_words_only(rose, theme):
    post = posts.create_post(actor=rose, author=rose, kind="offer", title="Perceuse", theme=theme)
    posts.update_post(actor=rose, post=post, title="Tondeuse", description="Électrique")
    assert _found("tondeuse electrique") == {post.pk}
    assert _found("perceuse") == set()


def test_a_questionnaire_draft_is_searchable_and_found_once_confirmed(rose, theme):
    registration.save_answer(member=rose, theme=theme, can_offer=True, note="Je répare les vélos")
    (draft,) = registration.finish_questionnaire(member=rose)

    assert draft.status == Post.Status.DRAFT
    assert _matches(draft, "vélo")  # the draft has its vector from the start
    assert _found("vélo") == set()  # but drafts are not listed

    posts.publish_post(actor=rose, post=draft)  # the member confirms the draft
    assert _found("vélo") == {draft.pk}
    assert _found("reparer velos") == {draft.pk}


def test_bulk_create_and_queryset_update_keep_it_current(rose, theme):
    made = Post.objects.bulk_create(
        Post(
            kind="offer",
            title=title,
            theme=theme,
            author=rose,
            status=Post.Status.OPEN,
            published_at=timezone.now(),
        )
        for title in ("Escabeau", "Poussette")
    )
    assert _found("escabeau") == {made[0].pk}

    Post.objects.filter(pk=made[1].pk).update(title="Appareil à raclette")
    assert _found("raclette") == {made[1].pk}
    assert _found("poussette") == set()


def test_raw_sql_keeps_it_current_too(rose, theme):
    post = posts.create_post(actor=rose, author=rose, kind="gift", title="Livres", theme=theme)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE exchange_post SET description = %s WHERE id = %s", ["Bandes dessinées", post.pk]
        )
    assert _found("bande dessinee") == {post.pk}


def test_a_plain_save_recomputes_it(rose, theme):
    post = posts.create_post(actor=rose, author=rose, kind="gift", title="Livres", theme=theme)
    post.title = "Jeux de société"
    post.save()  # a plain save (admin, shell) recomputes it; Django never sends the column
    assert _found("jeu") == {post.pk}


def test_the_column_is_generated_in_every_schema(db):
    """Template, spares and networks (cloned from the template): the same generated column."""
    with schema_context(get_public_schema_name()):
        schemas = list(
            Network.objects.exclude(schema_name=get_public_schema_name()).values_list(
                "schema_name", flat=True
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, is_generated, generation_expression "
            "FROM information_schema.columns "
            "WHERE table_name = 'exchange_post' AND column_name = 'search_vector' "
            "AND table_schema = ANY(%s)",
            [schemas],
        )
        rows = cursor.fetchall()
    assert {schema for schema, *_ in rows} == set(schemas)
    expressions = {expression for _schema, _generated, expression in rows}
    assert {generated for _schema, generated, _expression in rows} == {"ALWAYS"}
    assert len(expressions) == 1  # identical everywhere
    (expression,) = expressions
    for schema in schemas:  # nothing in it points at one schema (the template's, say)
        assert f"{schema}." not in expression


def test_a_network_cannot_find_another_networks_posts(network_a, network_b, in_a, rose, theme):
    posts.create_post(actor=rose, author=rose, kind="offer", title="Trottinette", theme=theme)
    assert len(_found("trottinette")) == 1
    with schema_context(network_b.schema_name):
        assert _found("trottinette") == set()


# --- French: plurals, variants, accents ------------------------------------------------


@pytest.mark.parametrize(
    ("title", "q"),
    [
        ("Vélo", "vélos"),
        ("Vélos à réparer", "vélo"),
        ("Perceuse", "perceuses"),
        ("Deux perceuses", "perceuse"),
        ("Étagère", "etageres"),
        ("Jeux de société", "jeu"),
        ("Un bijou", "bijoux"),
        ("Photos de famille", "photo"),
        ("Un cheval", "chevaux"),
        ("Œufs de Pâques", "oeuf paques"),
        ("L’étagère du salon", "l'etagere"),
        ("Amis du quartier", "ami"),
        ("CAFÉS", "café"),
        ("Naïve", "naive"),
    ],
)
def test_plurals_variants_and_accents_are_found(rose, theme, title, q):
    post = posts.create_post(actor=rose, author=rose, kind="offer", title=title, theme=theme)
    assert _found(q) == {post.pk}


@pytest.mark.parametrize("q", ["tondeuse", "velo -perceuse", "perceuse velo"])
def test_search_still_tells_words_apart(rose, theme, q):
    posts.create_post(actor=rose, author=rose, kind="offer", title="Perceuse", theme=theme)
    other = MemberFactory()
    posts.create_post(actor=other, author=other, kind="offer", title="Vélos", theme=theme)
    expected = {"velo -perceuse": {"Vélos"}}.get(q, set())
    assert {p.title for p in selectors.browse_posts(q=q)} == expected


# --- No price words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Cours de guitare, dix euros",
        "Je le laisse à 5 balles",
        "Contre 10 eur",
        "Vingt balles et c'est à vous",
        "Prix : 5",
        "tarif: 8 la séance",
        "Un euro symbolique",
        "Vingt-cinq euros",
        "Cent cinquante €",
        "10 balles de l'heure",
        "5,50 €",
    ],
)
def test_price_words_are_refused_and_nothing_is_written(rose, theme, text):
    with pytest.raises(ValidationError) as exc:
        posts.create_post(
            actor=rose,
            author=rose,
            kind="offer",
            title="Coup de main",
            theme=theme,
            description=text,
        )
    assert "description" in exc.value.message_dict
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "Euro 2024 football match",
        "5 ballons",
        "Une balle de tennis",
        "Deux balles de tennis",
        "Lot de 3 balles de golf",
        "Trois balles de jonglage",
        "Le prix Goncourt 2024",
        "Je prête dix outils",
        "Soirée Eurovision 2025",
    ],
)
def test_what_is_not_a_price_still_passes(rose, theme, text):
    post = posts.create_post(
        actor=rose, author=rose, kind="offer", title=text, theme=theme, description=text
    )
    assert post.status == Post.Status.OPEN


def test_a_questionnaire_draft_with_price_words_cannot_be_confirmed(rose, theme):
    registration.save_answer(member=rose, theme=theme, can_offer=True, note="Ménage, 10 balles")
    (draft,) = registration.finish_questionnaire(member=rose)
    with pytest.raises(ValidationError) as exc:
        posts.publish_post(actor=rose, post=draft)
    assert "title" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT
