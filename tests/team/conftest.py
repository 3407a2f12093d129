"""Fixtures for the Groupe d'Animation's task board, inside network A (the per-test
transaction rolls everything back). Other tests may have committed group members in A
(browser journeys): assertions about the whole group account for them."""

import pytest

from community.team.models import TaskFamily
from tests.exchange.factories import MemberFactory
from tests.fixtures.community import error_of  # noqa: F401 (imported from here by tests)


@pytest.fixture(autouse=True)
def _french(french):
    """Messages are checked in French, the networks' language."""


@pytest.fixture
def pilote(in_a):
    return MemberFactory(pilot=True, user__first_name="Pauline", display_name="Pauline T.")


@pytest.fixture
def anne(in_a):
    return MemberFactory(animator=True, user__first_name="Annick", display_name="Annick T.")


@pytest.fixture
def rose(in_a):
    """A member outside the group."""
    return MemberFactory(user__first_name="Rosine", display_name="Rosine T.")


@pytest.fixture
def family(in_a):
    return TaskFamily.objects.get(name="Communication")
