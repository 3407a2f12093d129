"""Micro-territories: nothing written in network A is seen or changed from network B."""

import pytest
from django.core.exceptions import ValidationError

from coopere.accounts.models import User
from exchange import selectors
from exchange.models import ActivationCode, Connection, Member, Notification, Post, Theme
from exchange.services import connections, matching, registration, themes
from tests.conftest import inside

from .factories import MemberFactory, PostFactory


@pytest.fixture
def life_in_a(network_a):
    """Members, themes edits, a post, a connection and notifications, all in network A."""
    with inside(network_a):
        animator = MemberFactory(animator=True)
        rose = registration.register_member(
            actor=animator,
            first_name="Rose",
            address="3 allée des Lilas",
            email="rose@exemple.test",
            consent=True,
        )
        theme = Theme.objects.get(name="Coups de main")
        registration.save_answer(member=rose, theme=theme, can_offer=True)
        themes.rename_theme(actor=animator, theme=theme, name="Bricolage")
        themes.add_theme(actor=animator, name="Jardinage")
        themes.retire_theme(actor=animator, theme=Theme.objects.get(name="Loisirs"))
        need = PostFactory(author=animator, theme=theme, kind="need", title="Étagère à monter")
        matching.notify_matches(need)
        connections.express_interest(actor=rose, member=rose, post=need)
        code = registration.issue_activation_code(member=rose)
        return {"post": need, "rose": rose, "code": code}


def test_network_b_sees_nothing_of_network_a(life_in_a, network_a, network_b):
    with inside(network_a):
        assert Notification.objects.count() == 2  # the match, and the interest
        assert Post.objects.count() == 1

    with inside(network_b):
        assert not Member.objects.exists()
        assert not Post.objects.exists()
        assert not Connection.objects.exists()
        assert not Notification.objects.exists()
        assert not ActivationCode.objects.exists()
        assert not User.objects.filter(email="rose@exemple.test").exists()
        assert list(selectors.browse_posts(q="etagere")) == []
        assert list(selectors.exchanges_by_theme()) == []


def test_themes_curated_in_a_stay_in_a(life_in_a, network_a, network_b):
    with inside(network_a):
        names_a = list(selectors.active_themes().values_list("name", flat=True))
    with inside(network_b):
        names_b = list(selectors.active_themes().values_list("name", flat=True))

    assert "Bricolage" in names_a and "Jardinage" in names_a and "Loisirs" not in names_a
    assert "Coups de main" in names_b and "Loisirs" in names_b
    assert "Bricolage" not in names_b and "Jardinage" not in names_b
    assert len(names_b) == 14


def test_a_post_id_from_a_does_not_resolve_in_b(life_in_a, network_b):
    with inside(network_b):
        assert Post.objects.filter(pk=life_in_a["post"].pk).first() is None
        assert Member.objects.filter(pk=life_in_a["rose"].pk).first() is None


def test_an_activation_code_from_a_does_not_open_an_account_in_b(life_in_a, network_a, network_b):
    with inside(network_b), pytest.raises(ValidationError) as exc:
        registration.activate_member(
            code=life_in_a["code"], password="un-bon-mot-de-passe", client_key="k"
        )
    assert "code" in exc.value.message_dict
    with inside(network_a):
        assert registration.check_activation_code(code=life_in_a["code"], client_key="k")


def test_the_same_email_may_register_in_another_network(life_in_a, network_b):
    with inside(network_b):
        animator = MemberFactory(animator=True)
        twin = registration.register_member(
            actor=animator,
            first_name="Rose",
            address="12 rue du Moulin",
            email="rose@exemple.test",
            consent=True,
        )
        assert twin.user.email == "rose@exemple.test"
        assert Member.objects.count() == 2


def test_the_activation_rate_limit_is_counted_per_network(network_a, network_b, settings):
    settings.COOPERE_ACTIVATION_ATTEMPTS = 1
    for network in (network_a, network_b):
        with inside(network), pytest.raises(ValidationError) as exc:
            registration.check_activation_code(code="AAAAA-AAAAA", client_key="même-adresse")
        assert not isinstance(exc.value, registration.TooManyAttempts)
