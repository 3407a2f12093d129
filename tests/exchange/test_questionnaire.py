"""The themes questionnaire: every theme, resumable, turning answers into drafts."""

import pytest
from django.core.exceptions import ValidationError

from exchange.models import Post, QuestionnaireAnswer
from exchange.services import posts, registration, themes


@pytest.fixture
def catalogue(in_a):
    return registration.questionnaire_themes()


def test_the_questionnaire_walks_every_theme_of_the_method(catalogue):
    names = [t.name for t in catalogue]
    assert len(names) == 14
    assert names[:2] == ["Conseils", "Coups de main"]
    assert "Parrainage de personnes âgées" in names


def test_answering_moves_the_member_forward_and_never_back(rose, catalogue):
    registration.save_answer(member=rose, theme=catalogue[2], interested=True)
    assert rose.questionnaire_step == 3

    # Going back to change an earlier answer keeps the place reached.
    registration.save_answer(member=rose, theme=catalogue[0], can_offer=True)
    rose.refresh_from_db()
    assert rose.questionnaire_step == 3


def test_the_questionnaire_can_be_resumed(rose, catalogue):
    registration.save_answer(member=rose, theme=catalogue[0], can_offer=True, note="Je bricole")
    registration.save_answer(member=rose, theme=catalogue[1], would_need=True)

    rose.refresh_from_db()  # another day, another device
    assert rose.questionnaire_step == 2
    assert rose.questionnaire_done_at is None
    kept = {a.theme_id: a for a in rose.answers.all()}
    assert kept[catalogue[0].pk].can_offer and kept[catalogue[0].pk].note == "Je bricole"
    assert kept[catalogue[1].pk].would_need

    # Answering a theme again changes the answer, it does not add one.
    registration.save_answer(member=rose, theme=catalogue[0], interested=True)
    answer = rose.answers.get(theme=catalogue[0])
    assert (answer.can_offer, answer.interested, answer.note) == (False, True, "")
    assert rose.answers.count() == 2


def test_a_too_long_note_is_refused(rose, catalogue):
    with pytest.raises(ValidationError) as exc:
        registration.save_answer(member=rose, theme=catalogue[0], note="x" * 241)
    assert "note" in exc.value.message_dict
    assert not rose.answers.exists()
    assert rose.questionnaire_step == 0


def test_a_retired_theme_is_not_offered_and_refused(rose, animator, catalogue):
    retired = themes.retire_theme(actor=animator, theme=catalogue[0])
    assert retired not in registration.questionnaire_themes()
    with pytest.raises(ValidationError) as exc:
        registration.save_answer(member=rose, theme=retired, can_offer=True)
    assert "theme" in exc.value.message_dict
    assert not rose.answers.exists()


def test_finishing_makes_one_draft_per_offer_or_need(rose, catalogue):
    conseils, coups_de_main, loisirs = catalogue[:3]
    registration.save_answer(member=rose, theme=conseils, can_offer=True, would_need=True)
    registration.save_answer(member=rose, theme=coups_de_main, interested=True)
    registration.save_answer(
        member=rose, theme=loisirs, would_need=True, note="Partenaire de tennis"
    )

    drafts = registration.finish_questionnaire(member=rose)

    assert sorted((d.theme.name, d.kind, d.title) for d in drafts) == [
        ("Conseils", Post.Kind.NEED, "Conseils"),
        ("Conseils", Post.Kind.OFFER, "Conseils"),
        ("Loisirs", Post.Kind.NEED, "Partenaire de tennis"),
    ]
    assert {d.status for d in drafts} == {Post.Status.DRAFT}
    assert {d.author for d in drafts} == {rose}
    rose.refresh_from_db()
    assert rose.questionnaire_done_at is not None
    assert rose.questionnaire_step == len(catalogue)


def test_finishing_twice_makes_no_duplicate(rose, catalogue):
    registration.save_answer(member=rose, theme=catalogue[0], can_offer=True)
    registration.finish_questionnaire(member=rose)
    rose.refresh_from_db()
    done_at = rose.questionnaire_done_at

    assert registration.finish_questionnaire(member=rose) == []
    assert Post.objects.filter(author=rose).count() == 1
    rose.refresh_from_db()
    assert rose.questionnaire_done_at == done_at


def test_finishing_again_after_publishing_makes_no_duplicate(rose, catalogue):
    # The "questionnaire done" page may be reloaded after the drafts were published.
    registration.save_answer(member=rose, theme=catalogue[0], can_offer=True)
    registration.save_answer(member=rose, theme=catalogue[1], would_need=True)
    drafts = {d.kind: d for d in registration.finish_questionnaire(member=rose)}
    offer, need = drafts[Post.Kind.OFFER], drafts[Post.Kind.NEED]
    posts.publish_post(actor=rose, post=offer)
    posts.set_post_status(actor=rose, post=need, status="closed")

    again = registration.finish_questionnaire(member=rose)

    # The published offer is not drafted again; the abandoned need is.
    assert [(p.theme, p.kind) for p in again] == [(catalogue[1], Post.Kind.NEED)]


def test_finishing_skips_themes_retired_meanwhile(rose, animator, catalogue):
    registration.save_answer(member=rose, theme=catalogue[0], can_offer=True)
    registration.save_answer(member=rose, theme=catalogue[1], can_offer=True)
    themes.retire_theme(actor=animator, theme=catalogue[0])

    drafts = registration.finish_questionnaire(member=rose)

    assert [d.theme for d in drafts] == [catalogue[1]]
    # The answer itself is history: kept.
    assert QuestionnaireAnswer.objects.filter(member=rose, theme=catalogue[0]).exists()
