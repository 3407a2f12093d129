"""Fixtures shared by the community sub-apps' tests (cafés, projects, purchases, team):
people in network A, French messages, and the browser fixtures for their journeys. Each
sub-app's conftest imports the ones it uses."""

import pytest
from django.utils import translation

from exchange.models import Member
from tests.browser.conftest import (  # noqa: F401 (re-exported for the apps' browser tests)
    browser,
    chromium,
    live_server_port,
    new_page,
    site,
)
from tests.conftest import inside
from tests.exchange.factories import MemberFactory
from tests.exchange.test_pages import _member


@pytest.fixture(autouse=True)
def _french():
    # Error messages are checked in French, the network's language.
    with translation.override("fr"):
        yield


@pytest.fixture
def in_a(network_a):
    """Network A's schema for the whole test (the per-test transaction rolls it back)."""
    with inside(network_a):
        yield network_a


@pytest.fixture
def animator(in_a):
    return MemberFactory(animator=True, user__first_name="Anne", display_name="Anne A.")


@pytest.fixture
def rose(in_a):
    return MemberFactory(user__first_name="Rose", display_name="Rose P.")


@pytest.fixture
def paul(in_a):
    return MemberFactory(user__first_name="Paul", display_name="Paul D.")


@pytest.fixture
def odette(in_a, rose):
    """An accompanied neighbour (no internet): Rose is her sponsor."""
    return MemberFactory(user__first_name="Odette", display_name="Odette M.", sponsor=rose)


@pytest.fixture
def pilote(db, network_a):
    """For the HTTP page tests: the pilote of A, who logs in with a password (`_logged`)."""
    return _member(network_a, "pilote@a.test", role=Member.GroupRole.PILOTE)


@pytest.fixture
def voisin(db, network_a):
    """For the HTTP page tests: a plain resident of A."""
    return _member(network_a, "voisin@a.test")


def error_of(exc, field=None) -> str:
    """The (first) message of a service's ValidationError, for a field or overall."""
    if field is None:
        return exc.value.messages[0]
    return exc.value.message_dict[field][0]
