"""Fixtures for service tests inside network A.

`in_a` switches the test's connection to network A's schema for the whole test (the
per-test transaction still rolls everything back). Member fixtures are made there.
"""

from contextlib import contextmanager

import pytest
from django_tenants.utils import tenant_context

from exchange.models import Theme
from tests.fixtures.platform import inside

from .factories import MemberFactory


@pytest.fixture
def in_a(network_a):
    with inside(network_a):
        yield network_a


@pytest.fixture
def as_tenant():
    """Like `inside`, but with the Network itself as `connection.tenant` (as in a request
    or a Celery task): needed by code building absolute links (`tenants.hosts.network_url`
    reads the tenant's slug, which `schema_context` does not provide)."""

    @contextmanager
    def switch(network):
        with tenant_context(network):
            yield

    return switch


@pytest.fixture
def theme(in_a):
    return Theme.objects.get(name="Coups de main")


@pytest.fixture
def other_theme(in_a):
    return Theme.objects.get(name="Prêt de matériel")


@pytest.fixture
def animator(in_a):
    return MemberFactory(animator=True, user__first_name="Anne", display_name="Anne A.")


@pytest.fixture
def pilote(in_a):
    return MemberFactory(pilot=True, user__first_name="Pia", display_name="Pia P.")


@pytest.fixture
def rose(in_a):
    return MemberFactory(user__first_name="Rose", display_name="Rose P.")


@pytest.fixture
def paul(in_a):
    return MemberFactory(user__first_name="Paul", display_name="Paul D.")


@pytest.fixture
def zoe(in_a):
    return MemberFactory(user__first_name="Zoé", display_name="Zoé L.")
