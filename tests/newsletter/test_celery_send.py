"""The newsletter sent by a real Celery worker on the real Redis: each member receives
exactly one email, even when the same batch tasks are queued again (a retry, a duplicate
delivery by the broker)."""

import pytest
from django.core import mail
from django_tenants.utils import get_public_schema_name, schema_context

from community.newsletter import selectors, services, tasks
from community.newsletter.models import Delivery, Newsletter, NewsletterOptOut
from coopere.accounts.models import User
from exchange.models import Member
from tenants.models import Network
from tests.conftest import wait_for
from tests.fixtures.celery import tasks_done

pytestmark = pytest.mark.redis

BATCH = 2


def _person(name, *, email=True, role=""):
    user = User.objects.create_user(
        email=f"{name}-celery@reseau-a.test" if email else None, first_name=name.title()
    )
    return Member.objects.create(
        user=user, display_name=name.title(), address="3 rue des Lilas", group_role=role
    )


@pytest.fixture
def people(committed_db):
    """Committed in network A (the worker only sees committed data); removed afterwards."""
    with schema_context(get_public_schema_name()):
        network = Network.objects.get(slug="reseau-a")
    with schema_context(network.schema_name):
        made = [_person("pilotine", role=Member.GroupRole.PILOTE)]
        made += [_person(name) for name in ("agathe", "bastien", "celine", "dario")]
        made += [_person("eliane", email=False), _person("fabrice")]
        NewsletterOptOut.objects.create(member=made[-1])
    yield {"network": network, "members": made}
    with schema_context(network.schema_name):
        Newsletter.objects.filter(created_by__in=made).delete()  # and their deliveries
        NewsletterOptOut.objects.filter(member__in=made).delete()
        Member.objects.filter(pk__in=[m.pk for m in made]).delete()
        User.objects.filter(pk__in=[m.user_id for m in made]).delete()


def test_each_member_receives_exactly_one_email_even_when_the_task_runs_twice(
    people, celery_worker, settings
):
    settings.COOPERE_NEWSLETTER_BATCH = BATCH
    network, made = people["network"], people["members"]
    with schema_context(network.schema_name):
        pilote = made[0]
        newsletter = services.compose_newsletter(
            actor=pilote, subject="La lettre de l'été", body_html="Fête le 21 juin !"
        )
        recipients = list(selectors.email_recipients().values_list("pk", flat=True))
        emails = dict(selectors.email_recipients().values_list("pk", "user__email"))
        batches = [recipients[i : i + BATCH] for i in range(0, len(recipients), BATCH)]
        # The send service queues its batches; the same batches are queued again at once,
        # as a broker redelivering them would (they race the originals in the worker).
        services.send_newsletter(actor=pilote, newsletter=newsletter)
        for batch in batches:
            tasks.send_newsletter_batch.delay(newsletter.pk, batch)

    def all_sent():
        with schema_context(network.schema_name):
            pending = Delivery.objects.filter(newsletter=newsletter, sent_at__isnull=True)
            status = Newsletter.objects.get(pk=newsletter.pk).status
            return not pending.exists() and status == Newsletter.Status.SENT

    assert wait_for(all_sent, timeout=30), "the worker did not send every email"

    # Once everything is sent, the same batch tasks are queued once more. The worker runs
    # tasks one at a time, in order: when the probe queued last is done, so are they.
    with schema_context(network.schema_name):
        for batch in batches:
            tasks.send_newsletter_batch.delay(newsletter.pk, batch)
        probe = _person("gaspard")
        made.append(probe)
        Delivery.objects.create(newsletter=newsletter, member=probe)
        with tasks_done() as done:
            last = tasks.send_newsletter_batch.delay(newsletter.pk, [probe.pk])
            assert wait_for(lambda: last.id in done, timeout=30), "the probe was not run"
    assert any(m.to == [probe.user.email] for m in mail.outbox)

    received = sorted(
        to for m in mail.outbox for to in m.to if to.endswith("-celery@reseau-a.test")
    )
    expected = sorted(
        [*(e for e in emails.values() if e.endswith("-celery@reseau-a.test")), probe.user.email]
    )
    assert received == expected  # exactly one each: nobody twice, nobody forgotten
    everyone = sorted(to for m in mail.outbox for to in m.to)
    assert everyone == sorted([*emails.values(), probe.user.email])
    assert "fabrice-celery@reseau-a.test" not in received  # opted out
    with schema_context(network.schema_name):
        assert Delivery.objects.filter(newsletter=newsletter).count() == len(recipients) + 1
        assert all(m.extra_headers["List-Unsubscribe"] for m in mail.outbox)
