import datetime

import pytest
from django.utils import timezone

from coopere.accounts.services import create_operator
from onboarding.models import ChecklistItem, ChecklistVersion
from tenants.models import NetworkSnapshot


@pytest.fixture
def operator(db):
    return create_operator(
        email="coach@coopere.test", password="mot-de-passe-de-test", first_name="Nadia"
    )


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
        today = timezone.localdate().replace(day=1)
        year, month = today.year, today.month - months_ago
        while month <= 0:
            year, month = year - 1, month + 12
        return NetworkSnapshot.objects.create(
            network=network,
            month=datetime.date(year, month, 1),
            computed_at=timezone.now(),
            **figures,
        )

    return make
