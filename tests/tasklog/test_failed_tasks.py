"""Tasks that fail for good are recorded in public (task_failure signal) and listed for
the operators at /console/taches/, who mark them handled."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.celery import RETRY_POLICY, app
from exchange import tasks as exchange_tasks
from tasklog import services
from tasklog.models import FailedTask
from tests.conftest import PASSWORD


def _boom(*args, **kwargs):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_task_that_keeps_failing_is_retried_then_recorded_once(
    network_a, monkeypatch, mailoutbox
):
    """The mail server is down: the task is tried 1 + max_retries times (eagerly here,
    the worker waits with backoff), then fails for good and one row records it."""
    calls = []

    def failing_send(*args, **kwargs):
        calls.append(1)
        _boom()

    monkeypatch.setattr("exchange.services.registration.send_mail", failing_send)
    with schema_context(network_a.schema_name):
        from exchange.models import Member
        from tests.exchange.factories import MemberFactory

        member = MemberFactory(user__email="rose@exemple.test")
        assert Member.objects.filter(pk=member.pk).exists()
        result = exchange_tasks.send_activation_email.apply(args=(member.pk,))
        # Nothing half-done is left: the code of a failed send was rolled back.
        assert not member.activation_codes.exists()

    assert result.failed()
    assert len(calls) == 1 + RETRY_POLICY["max_retries"]
    assert mailoutbox == []
    failure = FailedTask.objects.get()
    assert failure.task_name == "exchange.send_activation_email"
    assert failure.schema_name == network_a.schema_name
    assert failure.args == [member.pk]
    assert "SMTPServerDisconnected" in failure.exception
    assert failure.count == 1 and failure.handled_at is None

    # The same call failing again counts on the same open row.
    with schema_context(network_a.schema_name):
        exchange_tasks.send_activation_email.apply(args=(member.pk,))
    failure.refresh_from_db()
    assert failure.count == 2 and FailedTask.objects.count() == 1
    assert failure.last_failed_at >= failure.first_failed_at


def test_a_programming_error_is_not_retried_but_recorded(network_a, monkeypatch):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise KeyError("oops")

    monkeypatch.setattr("exchange.services.registration.email_account_notice", broken)
    with schema_context(network_a.schema_name):
        result = exchange_tasks.send_account_notice.apply(args=(42,))
    assert result.failed() and len(calls) == 1
    failure = FailedTask.objects.get()
    assert failure.task_name == "exchange.send_account_notice"
    assert failure.args == [42] and "KeyError" in failure.exception


def _our_tasks() -> dict:
    app.autodiscover_tasks(force=True)  # every app's tasks module, not only those imported
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_task_of_ours_retries_transient_errors_with_backoff():
    ours = _our_tasks()
    assert len(ours) >= 20, sorted(ours)
    for name, task in ours.items():
        assert smtplib.SMTPException in task.autoretry_for, name
        assert task.retry_backoff and task.retry_jitter, name
        assert task.retry_backoff_max == RETRY_POLICY["retry_backoff_max"], name
        assert task.max_retries == RETRY_POLICY["max_retries"], name
        # Transient database and Redis errors are retried too.
        from django.db import OperationalError
        from redis.exceptions import ConnectionError as RedisConnectionError

        assert issubclass(OperationalError, task.autoretry_for), name
        assert issubclass(RedisConnectionError, task.autoretry_for), name


# --- The console page ----------------------------------------------------------------


def _failure(**overrides):
    values = {
        "task_name": "cafes.send_cafe_reminders",
        "schema_name": "n_reseau_a",
        "args": [],
        "exception": "SMTPServerDisconnected: Connection unexpectedly closed",
    }
    values.update(overrides)
    return services.record_failure(**values)


def test_operators_see_failed_tasks_newest_first_and_mark_one_handled(console, coach):
    old = _failure(task_name="impact.write_snapshot", args=["2026-11-01"])
    new = _failure(task_name="exchange.send_activation_email", args=[7])
    FailedTask.objects.filter(pk=old.pk).update(
        last_failed_at=new.last_failed_at - timedelta(days=365)  # (29 Feb has no 2025 twin)
    )

    home = console.get("/console/").content.decode()
    assert "2 tâches en échec à traiter" in home
    assert 'href="/console/taches/"' in home

    body = console.get("/console/taches/").content.decode()
    assert "Tâches en échec" in body
    assert body.index("exchange.send_activation_email") < body.index("impact.write_snapshot")
    assert "n_reseau_a" in body and "SMTPServerDisconnected" in body
    assert "Marquer comme traitée" in body

    response = console.post(f"/console/taches/{new.pk}/traitee/", follow=True)
    body = response.content.decode()
    assert "est marquée comme traitée" in body
    new.refresh_from_db()
    assert new.handled_at is not None and new.handled_by == coach
    assert "Traitées récemment" in body
    assert "1 tâche en échec à traiter" in console.get("/console/").content.decode()

    # Twice: a French message, nothing changes.
    handled_at = new.handled_at
    body = console.post(f"/console/taches/{new.pk}/traitee/", follow=True).content.decode()
    assert "Cette tâche en échec était déjà marquée comme traitée." in body
    new.refresh_from_db()
    assert new.handled_at == handled_at

    # A new failure of the same call after it was handled opens a new row.
    again = _failure(task_name="exchange.send_activation_email", args=[7])
    assert again.pk != new.pk and again.count == 1


def test_no_failure_says_so(console):
    assert "0 tâche en échec à traiter" in console.get("/console/").content.decode()
    assert "Aucune tâche en échec à traiter." in console.get("/console/taches/").content.decode()


def test_bad_ids_answer_404(console):
    failure = _failure()
    assert console.post("/console/taches/999999/traitee/").status_code == 404
    assert console.post("/console/taches/abc/traitee/").status_code == 404
    assert console.get(f"/console/taches/{failure.pk}/traitee/").status_code == 405
    failure.refresh_from_db()
    assert failure.handled_at is None


def test_the_page_is_for_operators_only(db, client_for, login, partner_user, network_a):
    failure = _failure()
    anonymous = client_for(None)
    for response in (
        anonymous.get("/console/taches/"),
        anonymous.post(f"/console/taches/{failure.pk}/traitee/"),
    ):
        assert response.status_code == 302 and "/connexion/" in response["Location"]

    partner = login(partner_user.email)
    assert partner.get("/console/taches/").status_code == 403
    assert partner.post(f"/console/taches/{failure.pk}/traitee/").status_code == 403

    # A resident-kind account of the public schema: 403.
    resident = User.objects.create_user(
        email="voisine@exemple.test", password=PASSWORD, first_name="Lou"
    )
    client = client_for(None)
    client.force_login(resident)
    assert client.get("/console/taches/").status_code == 403
    assert client.post(f"/console/taches/{failure.pk}/traitee/").status_code == 403

    # A resident of network A, logged in on A's host: their session is worthless on the
    # base domain, and A's host has no console.
    on_a = client_for(network_a)
    on_a.post("/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD})
    assert on_a.cookies.get("sessionid")
    assert on_a.get("/console/taches/").status_code == 404
    on_base = client_for(None)
    on_base.cookies = on_a.cookies
    assert on_base.post(f"/console/taches/{failure.pk}/traitee/").status_code == 302

    failure.refresh_from_db()
    assert failure.handled_at is None
    with schema_context(get_public_schema_name()):
        assert FailedTask.objects.filter(handled_at__isnull=False).count() == 0
    assert mail.outbox == []


@pytest.mark.redis
def test_the_real_worker_records_a_failure_with_the_network_it_ran_for(
    committed_db, celery_worker, monkeypatch
):
    """Through Redis and a worker: the row names the schema that queued the task."""
    from tenants.models import Network
    from tests.conftest import wait_for

    def broken(*args, **kwargs):
        raise ValueError("données incohérentes")

    monkeypatch.setattr("exchange.services.registration.email_account_notice", broken)
    with schema_context(get_public_schema_name()):
        network_b = Network.objects.get(slug="reseau-b")
    try:
        with schema_context(network_b.schema_name):
            exchange_tasks.send_account_notice.delay(31337)

        def recorded():
            with schema_context(get_public_schema_name()):
                return FailedTask.objects.filter(args=[31337]).first()

        assert wait_for(recorded)
        failure = recorded()
        assert failure.schema_name == "n_reseau_b"
        assert failure.task_name == "exchange.send_account_notice"
        assert "ValueError: données incohérentes" in failure.exception
        assert failure.task_id
    finally:
        with schema_context(get_public_schema_name()):
            FailedTask.objects.filter(args=[31337]).delete()
