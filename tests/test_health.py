"""/sante/ (coopere/health.py): on the base domain only, whatever the network's phase.
With a real worker and Redis it is exercised by tests/test_make_prod.py; here, in process,
the checks that need neither (database, cache, media storage), and where it answers."""

import pytest
from django.test import override_settings

from tests.conftest import host_of


def test_health_on_the_base_domain(db, client_for):
    response = client_for(None).get("/sante/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    checks = response.json()
    assert set(checks.values()) == {"OK"}
    assert {name.split("(")[0] for name in checks} >= {"Database", "Cache", "Storage"}
    assert response["Cache-Control"].startswith("max-age=0")  # never cached by a proxy


@pytest.mark.parametrize("slug", ["reseau-a", "reseau-b"])  # open, and in amorçage
def test_not_on_a_network_host(client_for, slug, network_a, network_b):
    network = network_a if slug == "reseau-a" else network_b
    response = client_for(network).get("/sante/")
    assert response.status_code == 404
    assert host_of(network).startswith(slug)


@override_settings(COOPERE_HEALTH_CELERY=True)
def test_a_missing_worker_is_a_500_that_names_it(db, client_for, monkeypatch):
    """No broker answers on port 9: the ping fails, the page says which check failed.
    A Celery app of its own: the project's app keeps its broker for the other tests
    (its configuration is read once per process)."""
    from celery import Celery

    # No reconnection attempts: kombu's (6 s by default) would only delay the same answer.
    probe = Celery(
        "sonde", broker="redis://127.0.0.1:9/0", broker_transport_options={"max_retries": 0}
    )
    monkeypatch.setattr("coopere.celery.app", probe)
    response = client_for(None).get("/sante/?format=json")
    assert response.status_code == 500
    failed = {name: state for name, state in response.json().items() if state != "OK"}
    assert list(failed) and all(name.startswith("Ping") for name in failed)
