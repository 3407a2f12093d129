"""Fixtures for the newsletter, inside network A (the per-test transaction rolls all back).
Other tests may have committed members in A (browser journeys): assertions about "every
member" are made against the service's own selector, or on the members made here."""

import pytest
from django.utils import translation

from community.newsletter import services
from community.newsletter.models import NewsletterOptOut
from tests.exchange.factories import MemberFactory
from tests.fixtures.platform import inside


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.fixture
def in_a(network_a):
    with inside(network_a):
        yield network_a


@pytest.fixture
def pilote(in_a):
    return MemberFactory(pilot=True, user__email="pilote-lettre@a.test", display_name="Pauline L.")


@pytest.fixture
def neighbours(in_a, pilote):
    """Three with email, one who opted out, one who left; two without email accompanied
    by the pilote, one without email nor sponsor."""
    people = {
        name: MemberFactory(user__email=f"{name}-lettre@a.test", display_name=name.title())
        for name in ("rose", "paul", "zoe", "optout", "parti")
    }
    NewsletterOptOut.objects.create(member=people["optout"])
    people["parti"].anonymised_at = people["parti"].registered_at
    people["parti"].save()
    people["odette"] = MemberFactory(without_email=True, sponsor=pilote, display_name="Odette")
    people["marcel"] = MemberFactory(without_email=True, sponsor=pilote, display_name="Marcel")
    people["lucien"] = MemberFactory(without_email=True, display_name="Lucien")
    return people


@pytest.fixture
def draft(pilote):
    return services.compose_newsletter(
        actor=pilote,
        subject="Des nouvelles du réseau",
        body_html="Le café de juin a réuni 30 voisins.\n\nProchain café : samedi.",
    )


def error_of(exc, field=None) -> str:
    if field is None:
        return exc.value.messages[0]
    return exc.value.message_dict[field][0]
