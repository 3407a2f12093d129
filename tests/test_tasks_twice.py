"""The registry's tasks run twice (retry, redelivery): the same counts, the same pool."""

from django.conf import settings
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from tenants import tasks
from tenants.models import Network
from tests.conftest import inside
from tests.inline_tasks import run_inline


def _count(network) -> int:
    with schema_context(get_public_schema_name()):
        return Network.objects.get(pk=network.pk).member_count


def test_recounting_twice_gives_the_same_count(network_a):
    with inside(network_a):
        User.objects.create_user(email="voisin@reseau-a.test", first_name="Vic")
        expected = User.objects.filter(kind=User.Kind.RESIDENT, is_active=True).count()
        assert tasks.recount_members() == expected
        assert tasks.recount_members() == expected
    assert _count(network_a) == expected


def test_the_recount_beat_twice_gives_the_same_counts(network_a, network_b, monkeypatch):
    ran = run_inline(monkeypatch, tasks.recount_members)
    tasks.dispatch_member_recounts()
    counts = (_count(network_a), _count(network_b))
    tasks.dispatch_member_recounts()
    assert len(ran) == 4
    assert (_count(network_a), _count(network_b)) == counts


def test_refilling_the_pool_twice_keeps_its_size(db):
    tasks.refill_network_pool()
    spares = set(Network.objects.filter(state=Network.State.SPARE).values_list("pk", flat=True))
    tasks.refill_network_pool()
    again = set(Network.objects.filter(state=Network.State.SPARE).values_list("pk", flat=True))
    assert again == spares and len(spares) == settings.COOPERE_NETWORK_POOL_SIZE
