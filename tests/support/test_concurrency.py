"""One link, two tabs at the same moment, two real database connections: one gets in."""

import threading
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from support import services
from support.models import SupportSession
from tenants.models import Network
from tests.conftest import inside


def test_a_link_opened_twice_at_once_lets_one_in(committed_db):
    network = Network.objects.get(slug="reseau-a")
    coach = create_operator(email="coach-concurrent@coopere.test", password="x", first_name="Zoé")
    try:
        grant = services.grant_support_access(network=network, actor=coach, reason="Double clic")
        token = unquote(grant.url.split("jeton=")[1])
        barrier = threading.Barrier(2)
        results = []

        def open_link():
            try:
                with schema_context(network.schema_name):
                    barrier.wait(timeout=10)
                    services.enter_support_session(token=token)
                results.append("in")
            except ValidationError as exc:
                results.append(" ".join(exc.messages))
            finally:
                connection.close()

        threads = [threading.Thread(target=open_link) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(results) == sorted(["in", str(services._used())]), results
        with inside(network):
            assert SupportSession.objects.filter(coach_id=coach.pk).count() == 1
    finally:
        with inside(network):
            SupportSession.objects.filter(coach_id=coach.pk).delete()
            User.objects.filter(email=services.SUPPORT_EMAIL.format(coach_id=coach.pk)).delete()
        with schema_context(get_public_schema_name()):
            SupportSession.objects.filter(coach_id=coach.pk).delete()
            User.objects.filter(pk=coach.pk)._raw_delete(using="default")
