"""Sending: one Delivery per member to email, batches queued after commit, each email sent
once even when a batch runs twice; opt-outs, members without email or who left are not
emailed; every email carries its personal unsubscribe link."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from community.newsletter import selectors, services, tasks, tokens
from community.newsletter.models import Delivery, Newsletter, NewsletterOptOut
from exchange.models import Member

from .conftest import error_of


@pytest.fixture
def queued(monkeypatch):
    """The batch tasks queued (after commit), instead of sending them to the broker."""
    calls = []
    monkeypatch.setattr(tasks.send_newsletter_batch, "delay", lambda *args: calls.append(args))
    return calls


def _send(pilote, newsletter, capture):
    with capture(execute=True):
        return services.send_newsletter(actor=pilote, newsletter=newsletter)


def _run(batches):
    return sum(tasks.send_newsletter_batch(*args) for args in batches)


def test_sending_creates_one_delivery_per_member_with_email_and_queues_batches(
    pilote, neighbours, draft, queued, settings, django_capture_on_commit_callbacks
):
    settings.COOPERE_NEWSLETTER_BATCH = 2
    expected = set(selectors.email_recipients().values_list("pk", flat=True))
    n = _send(pilote, draft, django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    assert n == len(expected) and draft.status == Newsletter.Status.SENDING
    assert draft.sent_by == pilote and draft.sent_at is None
    delivered_to = set(draft.deliveries.values_list("member_id", flat=True))
    assert delivered_to == expected
    for name in ("rose", "paul", "zoe"):
        assert neighbours[name].pk in delivered_to
    for name in ("optout", "parti", "odette", "marcel", "lucien"):
        assert neighbours[name].pk not in delivered_to
    assert all(len(ids) <= 2 for _, ids in queued)
    assert sorted(pk for _, ids in queued for pk in ids) == sorted(expected)
    assert {nid for nid, _ in queued} == {draft.pk}


def test_each_member_gets_exactly_one_email_when_batches_run_twice(
    pilote, neighbours, draft, queued, django_capture_on_commit_callbacks
):
    _send(pilote, draft, django_capture_on_commit_callbacks)
    recipients = list(Delivery.objects.filter(newsletter=draft).select_related("member__user"))
    assert _run(queued) == len(recipients)
    assert _run(queued) == 0  # a retried or duplicated task sends nothing
    assert _run(queued) == 0
    addresses = sorted(to for m in mail.outbox for to in m.to)
    assert addresses == sorted(d.member.user.email for d in recipients)
    draft.refresh_from_db()
    assert draft.status == Newsletter.Status.SENT and draft.sent_at is not None
    assert not draft.deliveries.filter(sent_at__isnull=True).exists()


def test_the_email_has_its_personal_unsubscribe_link_and_header(
    pilote, neighbours, draft, queued, django_capture_on_commit_callbacks
):
    _send(pilote, draft, django_capture_on_commit_callbacks)
    _run(queued)
    rose = neighbours["rose"]
    (email,) = [m for m in mail.outbox if m.to == [rose.user.email]]
    # The token carries a timestamp: read the link from the email, then check it is Rose's.
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http://reseau-a.coopere.localhost/lettre/desabonnement/")
    assert tokens.member_for_token(url.rstrip("/").rsplit("/", 1)[1]) == rose
    assert email.subject == "Des nouvelles du réseau"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in email.body and "Le café de juin a réuni 30 voisins." in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and url in html and "<p>Prochain café : samedi.</p>" in html
    other = next(m for m in mail.outbox if m.to == [neighbours["paul"].user.email])
    assert url not in other.body  # each link is personal


def test_a_member_who_opts_out_meanwhile_is_not_emailed(
    pilote, neighbours, draft, queued, django_capture_on_commit_callbacks
):
    _send(pilote, draft, django_capture_on_commit_callbacks)
    NewsletterOptOut.objects.create(member=neighbours["rose"])
    _run(queued)
    assert neighbours["rose"].user.email not in [to for m in mail.outbox for to in m.to]
    draft.refresh_from_db()
    assert draft.status == Newsletter.Status.SENT  # nothing left pending


def test_a_newsletter_is_sent_only_once(
    pilote, neighbours, draft, queued, django_capture_on_commit_callbacks
):
    _send(pilote, draft, django_capture_on_commit_callbacks)
    count = Delivery.objects.count()
    with pytest.raises(ValidationError) as exc:
        _send(pilote, draft, django_capture_on_commit_callbacks)
    assert "déjà été envoyée" in error_of(exc)
    assert Delivery.objects.count() == count


def test_resume_queues_only_what_is_still_pending(
    pilote, neighbours, draft, queued, django_capture_on_commit_callbacks
):
    _send(pilote, draft, django_capture_on_commit_callbacks)
    first = queued[0]
    tasks.send_newsletter_batch(draft.pk, first[1][:1])  # one email went out, then a crash
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pending = services.resume_sending(actor=pilote, newsletter=draft)
    assert pending == Delivery.objects.filter(sent_at__isnull=True).count()
    _run(queued)
    assert len(mail.outbox) == Delivery.objects.count()  # still one each
    draft.refresh_from_db()
    assert draft.status == Newsletter.Status.SENT
    with pytest.raises(ValidationError):
        services.resume_sending(actor=pilote, newsletter=draft)


def test_a_batch_of_a_draft_or_an_unknown_newsletter_sends_nothing(draft, neighbours):
    assert tasks.send_newsletter_batch(draft.pk, [neighbours["rose"].pk]) == 0
    assert tasks.send_newsletter_batch(987654, [neighbours["rose"].pk]) == 0
    assert mail.outbox == []


def test_with_nobody_to_email_the_issue_is_sent_at_once(
    pilote, draft, queued, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(selectors, "email_recipients", lambda: Member.objects.none())
    assert _send(pilote, draft, django_capture_on_commit_callbacks) == 0
    draft.refresh_from_db()
    assert draft.status == Newsletter.Status.SENT and queued == []


def test_impact_counts_sent_issues_in_the_period(
    pilote, neighbours, draft, queued, django_capture_on_commit_callbacks
):
    now = timezone.now()
    window = (now - timedelta(hours=1), now + timedelta(hours=1))
    assert selectors.impact_counts(*window) == {"newsletters_sent": 0}
    _send(pilote, draft, django_capture_on_commit_callbacks)
    assert selectors.impact_counts(*window) == {"newsletters_sent": 0}  # still sending
    _run(queued)
    assert selectors.impact_counts(*window) == {"newsletters_sent": 1}
    assert selectors.impact_counts(now - timedelta(days=60), now - timedelta(days=30)) == {
        "newsletters_sent": 0
    }
