"""Two invoices issued at the same moment on two real database connections get
consecutive numbers, with no gap and no duplicate."""

import datetime
import threading

from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from billing.models import (
    Invoice,
    InvoiceSequence,
    Partner,
    Plan,
    Subscription,
)
from billing.services import invoices, partners, subscriptions
from tenants.models import Network

from .conftest import valid_siret

YEAR = 2031  # a year no other test issues in


def _partner(prefix):
    with schema_context(get_public_schema_name()):
        return partners.create_partner(
            kind="commune",
            legal_name="Commune concurrente",
            siret=valid_siret(prefix),
            billing_address="Mairie",
        )


def _run_together(subs):
    """Issue one invoice per subscription, each in its own thread and connection, all
    released at once by a barrier. Returns (numbers, errors)."""
    barrier = threading.Barrier(len(subs))
    numbers, errors = [], []

    def worker(subscription):
        try:
            connection.set_schema_to_public()
            barrier.wait(timeout=10)
            invoice = invoices.issue_invoice(
                subscription=subscription, issued_on=datetime.date(YEAR, 6, 1)
            )
            numbers.append(invoice.number)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(s,)) for s in subs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return numbers, errors


def _clean_up(partner):
    with schema_context(get_public_schema_name()):
        Invoice.objects.filter(partner=partner).delete()
        InvoiceSequence.objects.filter(year=YEAR).delete()
        Subscription.objects.filter(partner=partner).delete()
        Partner.objects.filter(pk=partner.pk).delete()


def test_concurrent_issuing_gives_consecutive_numbers(committed_db):
    partner = _partner("2199999000")
    with schema_context(get_public_schema_name()):
        plan = Plan.objects.get(code="suivi-annuel")
        network = Network.objects.get(slug="reseau-a")
        subs = [
            subscriptions.create_manual_subscription(
                partner=partner,
                plan=plan,
                networks=[network],
                period_start=datetime.date(YEAR, 1, 1),
                period_end=datetime.date(YEAR, 12, 31),
            )
            for _ in range(2)
        ]
    try:
        numbers, errors = _run_together(subs)
        assert not errors, errors
        assert sorted(numbers) == [f"FA-{YEAR}-0001", f"FA-{YEAR}-0002"]
        assert InvoiceSequence.objects.get(year=YEAR).last_number == 2
    finally:
        _clean_up(partner)


def test_a_double_click_on_issue_makes_one_invoice(committed_db):
    partner = _partner("2199998000")
    with schema_context(get_public_schema_name()):
        subscription = subscriptions.create_manual_subscription(
            partner=partner,
            plan=Plan.objects.get(code="suivi-annuel"),
            networks=[Network.objects.get(slug="reseau-a")],
            period_start=datetime.date(YEAR, 1, 1),
            period_end=datetime.date(YEAR, 12, 31),
        )
    try:
        numbers, errors = _run_together([subscription, subscription])
        assert numbers == [f"FA-{YEAR}-0001"]
        assert [e.messages for e in errors] == [["Cet abonnement a déjà une facture."]]
        assert InvoiceSequence.objects.get(year=YEAR).last_number == 1
    finally:
        _clean_up(partner)


def test_concurrent_credit_notes_get_consecutive_numbers(committed_db):
    from billing.models import CreditNote, CreditNoteSequence
    from billing.services import credit_notes

    partner = _partner("2199997000")
    with schema_context(get_public_schema_name()):
        plan = Plan.objects.get(code="suivi-annuel")
        network = Network.objects.get(slug="reseau-a")
        issued = []
        for _ in range(3):
            sub = subscriptions.create_manual_subscription(
                partner=partner,
                plan=plan,
                networks=[network],
                period_start=datetime.date(YEAR, 1, 1),
                period_end=datetime.date(YEAR, 12, 31),
            )
            issued.append(
                invoices.issue_invoice(subscription=sub, issued_on=datetime.date(YEAR, 6, 1))
            )
    barrier = threading.Barrier(len(issued))
    numbers, errors = [], []

    def worker(invoice):
        try:
            connection.set_schema_to_public()
            barrier.wait(timeout=10)
            note = credit_notes.issue_credit_note(
                invoice=invoice, reason="Erreur", issued_on=datetime.date(YEAR, 6, 2)
            )
            numbers.append(note.number)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    # Two of the threads cancel the same invoice: one of them must be refused.
    threads = [threading.Thread(target=worker, args=(i,)) for i in [*issued, issued[0]]]
    barrier = threading.Barrier(len(threads))
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(numbers) == [f"AV-{YEAR}-0001", f"AV-{YEAR}-0002", f"AV-{YEAR}-0003"]
        assert [e.messages for e in errors] == [["Cette facture est déjà annulée par un avoir."]]
        with schema_context(get_public_schema_name()):
            assert CreditNoteSequence.objects.get(year=YEAR).last_number == 3
    finally:
        with schema_context(get_public_schema_name()):
            CreditNote.objects.filter(partner=partner).delete()
            CreditNoteSequence.objects.filter(year=YEAR).delete()
        _clean_up(partner)
