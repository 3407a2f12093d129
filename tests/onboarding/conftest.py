import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from onboarding.models import ChecklistItem, ChecklistVersion
from tenants.models import NetworkSnapshot
from tests.accounts.factories import OperatorFactory, PartnerUserFactory


@pytest.fixture
def operator(db):
    return OperatorFactory(email="coach@coopere.test", first_name="Nadia")


@pytest.fixture
def version1(db):
    return ChecklistVersion.objects.get(number=1)


@pytest.fixture
def item(version1):
    def get(key) -> ChecklistItem:
        return version1.items.get(key=key)

    return get


@pytest.fixture
def snapshot(db):
    """snapshot(network, months_ago, **figures): one monthly NetworkSnapshot row."""

    def make(network, months_ago=0, **figures):
        # months_ago < 0 is a future month: real date arithmetic, December + 1 is January.
        month = timezone.localdate().replace(day=1) - relativedelta(months=months_ago)
        return NetworkSnapshot.objects.create(
            network=network,
            month=month,
            computed_at=timezone.now(),
            **figures,
        )

    return make


# --- The console's pages ---------------------------------------------------------------


@pytest.fixture
def console(operator, client_for):
    """A client on the base domain, logged in as an operator."""
    client = client_for(None)
    client.force_login(operator)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def partner(db):
    return PartnerUserFactory(email="partenaire@bailleur.test", first_name="Paul")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
