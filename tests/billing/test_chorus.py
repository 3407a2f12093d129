"""Chorus Pro, faked at the HTTP layer with `responses`: the deposit file named with the
service code, the API client's calls (OAuth token, technical account header, base64
Factur-X body), the recorded deposit and its status refresh, errors in French with
nothing written, and real calls only when enabled."""

import base64
import datetime
import json
from urllib.parse import parse_qs

import pytest
import responses
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from facturx import get_facturx_xml_from_pdf

from billing import chorus_gateway, tasks
from billing.models import ChorusDeposit
from billing.services import credit_notes, invoices
from tests.inline_tasks import run_inline

ISSUED = datetime.date(2026, 3, 10)
API = settings.CHORUS_PRO_API_BASE
TOKEN_URL = settings.CHORUS_PRO_OAUTH_URL
DEPOSIT_URL = f"{API}/cpro/factures/v1/deposer/flux"
STATUS_URL = f"{API}/cpro/transverses/v1/consulterCRDetaille"


@pytest.fixture
def invoice(partner_a, network_a, make_subscription):
    sub = make_subscription(partner_a, [network_a], purchase_order_ref="EJ-2026-42")
    return invoices.issue_invoice(subscription=sub, issued_on=ISSUED)


def _deposit_page(client, invoice):
    return client.post(f"/console/partenaires/factures/{invoice.pk}/chorus/deposer/", follow=True)


def _fake_token():
    responses.post(TOKEN_URL, json={"access_token": "piste-token", "token_type": "Bearer"})


def test_the_deposit_file_is_the_facturx_pdf_named_with_the_service_code(operator_client, invoice):
    response = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/chorus.pdf")
    assert response.status_code == 200
    assert f'filename="SERV-FIN_{invoice.number}.pdf"' in response["Content-Disposition"]
    _name, xml = get_facturx_xml_from_pdf(response.content, check_xsd=True)
    assert b"<ram:BuyerReference>SERV-FIN</ram:BuyerReference>" in xml


@responses.activate
def test_an_operator_deposits_on_chorus_and_refreshes_its_status(
    operator_client, operator, invoice
):
    _fake_token()
    responses.post(
        DEPOSIT_URL,
        json={
            "codeRetour": 0,
            "libelle": "GCU_MSG_01_000",
            "numeroFluxDepot": "CPP0021100000000000000042",
            "dateDepot": "2026-03-11",
            "syntaxeFlux": "IN_DP_E2_CII_FACTURX",
        },
    )
    page = _deposit_page(operator_client, invoice).content.decode()
    assert "déposée sur Chorus Pro (dépôt CPP0021100000000000000042)" in page
    token_call, deposit_call = responses.calls
    assert parse_qs(token_call.request.body) == {
        "grant_type": ["client_credentials"],
        "client_id": ["piste-test-client"],
        "client_secret": ["piste-test-secret"],
        "scope": ["openid"],
    }
    headers = deposit_call.request.headers
    assert headers["Authorization"] == "Bearer piste-token"
    assert base64.b64decode(headers["cpro-account"]) == b"TECH_test@cpro.fr:test-password"
    body = json.loads(deposit_call.request.body)
    assert body["nomFichier"] == f"SERV-FIN_{invoice.number}.pdf"
    assert (body["syntaxeFlux"], body["avecSignature"]) == ("IN_DP_E2_CII_FACTURX", False)
    _name, xml = get_facturx_xml_from_pdf(base64.b64decode(body["fichierFlux"]), check_xsd=True)
    assert b"EJ-2026-42" in xml
    deposit = ChorusDeposit.objects.get()
    assert (deposit.invoice_id, deposit.deposited_by) == (invoice.pk, operator)

    # A second deposit of the same invoice is refused while the first one stands.
    page = _deposit_page(operator_client, invoice).content.decode()
    assert "déjà déposée sur Chorus Pro" in page
    assert ChorusDeposit.objects.count() == 1

    responses.post(
        STATUS_URL,
        json={
            "codeRetour": 0,
            "etatCourantDepotFlux": "IN_REJETE",
            "listeErreurTechnique": [{"libelleErreur": "Code service inconnu"}],
        },
    )
    page = operator_client.post(
        f"/console/partenaires/chorus/{deposit.pk}/actualiser/", follow=True
    ).content.decode()
    assert "rejetée" in page and "Code service inconnu" in page
    assert json.loads(responses.calls[-1].request.body)["numeroFluxDepot"] == (
        "CPP0021100000000000000042"
    )
    deposit.refresh_from_db()
    assert deposit.is_rejected and deposit.status_checked_at is not None
    # Rejected: it may be deposited again.
    chorus_gateway_calls = len(responses.calls)
    responses.post(
        DEPOSIT_URL, json={"codeRetour": 0, "numeroFluxDepot": "CPP0021100000000000000043"}
    )
    _deposit_page(operator_client, invoice)
    assert ChorusDeposit.objects.count() == 2 and len(responses.calls) > chorus_gateway_calls


@responses.activate
def test_chorus_refusing_writes_nothing_and_says_why_in_french(operator_client, invoice):
    _fake_token()
    responses.post(DEPOSIT_URL, json={"codeRetour": 1, "libelle": "Fichier illisible"})
    page = _deposit_page(operator_client, invoice).content.decode()
    assert "Chorus Pro a refusé la demande : Fichier illisible" in page
    assert not ChorusDeposit.objects.exists()


@responses.activate
def test_bad_credentials_are_named_as_such(operator_client, invoice):
    responses.post(TOKEN_URL, status=401, json={"error": "invalid_client"})
    page = _deposit_page(operator_client, invoice).content.decode()
    assert "identifiants" in page
    assert not ChorusDeposit.objects.exists()


def test_unreachable_chorus_is_told_in_french(operator_client, invoice):
    # The test settings point at a closed port: a forgotten fake fails at once.
    page = _deposit_page(operator_client, invoice).content.decode()
    assert "Chorus Pro ne peut pas être joint" in page
    assert not ChorusDeposit.objects.exists()


def test_without_the_setting_no_call_is_made_and_the_file_is_offered(operator_client, invoice):
    with override_settings(CHORUS_PRO_ENABLED=False):
        assert not chorus_gateway.is_enabled()
        page = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/").content
        page = page.decode()
        assert "Déposer sur Chorus Pro" not in page
        assert "Télécharger le fichier à déposer sur Chorus Pro" in page
        response = _deposit_page(operator_client, invoice)
        assert "ne sont pas configurés" in response.content.decode()
    assert not ChorusDeposit.objects.exists()


def test_partner_users_cannot_reach_chorus_pages(logged_in, make_partner_user, partner_a, invoice):
    client = logged_in(make_partner_user(partner_a, "compta@lisses.fr"))
    assert client.get(f"/console/partenaires/factures/{invoice.pk}/chorus.pdf").status_code == 403
    assert _deposit_page(client, invoice).status_code == 403
    assert not ChorusDeposit.objects.exists()


@pytest.fixture
def credit_note(invoice):
    return credit_notes.issue_credit_note(
        invoice=invoice, reason="Abonnement souscrit en double", issued_on=ISSUED
    )


def _deposit_note_page(client, note):
    return client.post(f"/console/partenaires/avoirs/{note.pk}/chorus/deposer/", follow=True)


def test_the_credit_notes_deposit_file_is_its_own_facturx_pdf(operator_client, credit_note):
    page = operator_client.get(f"/console/partenaires/avoirs/{credit_note.pk}/").content.decode()
    assert "Télécharger le fichier à déposer sur Chorus Pro" in page
    response = operator_client.get(f"/console/partenaires/avoirs/{credit_note.pk}/chorus.pdf")
    assert response.status_code == 200
    assert f'filename="SERV-FIN_{credit_note.number}.pdf"' in response["Content-Disposition"]
    _name, xml = get_facturx_xml_from_pdf(response.content, check_xsd=True)
    assert b"<ram:TypeCode>381</ram:TypeCode>" in xml
    assert b"<ram:BuyerReference>SERV-FIN</ram:BuyerReference>" in xml


@responses.activate
def test_an_operator_deposits_the_credit_note_on_chorus(
    operator_client, operator, invoice, credit_note
):
    _fake_token()
    responses.post(
        DEPOSIT_URL, json={"codeRetour": 0, "numeroFluxDepot": "CPP0021100000000000000077"}
    )
    page = _deposit_note_page(operator_client, credit_note).content.decode()
    assert f"{credit_note.number} est déposé sur Chorus Pro" in page
    assert "CPP0021100000000000000077" in page
    body = json.loads(responses.calls[-1].request.body)
    assert body["nomFichier"] == f"SERV-FIN_{credit_note.number}.pdf"
    _name, xml = get_facturx_xml_from_pdf(base64.b64decode(body["fichierFlux"]), check_xsd=True)
    assert b"<ram:TypeCode>381</ram:TypeCode>" in xml and invoice.number.encode() in xml
    deposit = ChorusDeposit.objects.get()
    assert (deposit.invoice_id, deposit.credit_note_id, deposit.deposited_by) == (
        invoice.pk,
        credit_note.pk,
        operator,
    )
    # The invoice's own page does not count it as the invoice's deposit.
    invoice_page = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/")
    assert "CPP0021100000000000000077" not in invoice_page.content.decode()

    # Twice: refused while the first deposit stands.
    page = _deposit_note_page(operator_client, credit_note).content.decode()
    assert "déjà déposé sur Chorus Pro" in page
    assert ChorusDeposit.objects.count() == 1

    # Its status is refreshed from the credit note's page, and the answer shown there.
    responses.post(STATUS_URL, json={"codeRetour": 0, "etatCourantDepotFlux": "IN_INTEGRE"})
    response = operator_client.post(f"/console/partenaires/chorus/{deposit.pk}/actualiser/")
    assert response["Location"] == f"/console/partenaires/avoirs/{credit_note.pk}/"
    page = operator_client.get(response["Location"]).content.decode()
    assert "intégrée" in page


@responses.activate
def test_a_refused_credit_note_deposit_writes_nothing(operator_client, credit_note):
    _fake_token()
    responses.post(DEPOSIT_URL, status=400, json={"codeRetour": 1, "libelle": "Fichier refusé"})
    page = _deposit_note_page(operator_client, credit_note).content.decode()
    assert "Chorus Pro a refusé la demande" in page
    assert not ChorusDeposit.objects.exists()


@responses.activate
def test_partner_users_cannot_deposit_credit_notes(
    logged_in, make_partner_user, partner_a, credit_note
):
    client = logged_in(make_partner_user(partner_a, "compta@lisses.fr"))
    url = f"/console/partenaires/avoirs/{credit_note.pk}/chorus.pdf"
    assert client.get(url).status_code == 403
    assert _deposit_note_page(client, credit_note).status_code == 403
    assert not ChorusDeposit.objects.exists() and not responses.calls


def _deposit_row(invoice, operator, number, status=""):
    """A deposit as an earlier click left it (the deposit itself is tested above)."""
    return ChorusDeposit.objects.create(
        invoice=invoice,
        flow_number=number,
        file_name=f"SERV-FIN_{invoice.number}.pdf",
        deposited_at=timezone.now(),
        deposited_by=operator,
        status=status,
    )


@responses.activate
def test_the_daily_refresh_asks_only_about_deposits_in_progress(
    monkeypatch, operator, invoice, credit_note
):
    mail.outbox = []
    pending = _deposit_row(invoice, operator, "CPP-1")
    _deposit_row(invoice, operator, "CPP-2", status=ChorusDeposit.INTEGRATED)
    _deposit_row(invoice, operator, "CPP-3", status=ChorusDeposit.REJECTED)
    note_pending = _deposit_row(invoice, operator, "CPP-4", status="IN_RECU")
    note_pending.credit_note = credit_note
    note_pending.save(update_fields=["credit_note"])
    run_inline(monkeypatch, tasks.refresh_chorus_deposit)
    _fake_token()
    answers = {
        "CPP-1": {"codeRetour": 0, "etatCourantDepotFlux": "IN_INTEGRE"},
        "CPP-4": {
            "codeRetour": 0,
            "etatCourantDepotFlux": "IN_REJETE",
            "listeErreurDP": [{"libelleErreurDP": "Avoir sans facture d'origine"}],
        },
    }
    responses.add_callback(
        responses.POST,
        STATUS_URL,
        callback=lambda request: (
            200,
            {},
            json.dumps(answers[json.loads(request.body)["numeroFluxDepot"]]),
        ),
    )

    assert tasks.dispatch_chorus_refreshes() == 2
    asked = [
        json.loads(call.request.body)["numeroFluxDepot"]
        for call in responses.calls
        if call.request.url == STATUS_URL
    ]
    assert asked == ["CPP-1", "CPP-4"]  # never the integrated or rejected ones
    pending.refresh_from_db()
    note_pending.refresh_from_db()
    assert pending.is_integrated and pending.status_checked_at is not None
    assert note_pending.is_rejected and "Avoir sans facture" in note_pending.errors
    # The operator who deposited it is told, once, with a link to the credit note's page.
    (email,) = mail.outbox
    assert email.to == [operator.email]
    assert email.subject == f"Chorus Pro a rejeté l’avoir {credit_note.number}"
    assert "Avoir sans facture d'origine" in email.body
    assert f"/console/partenaires/avoirs/{credit_note.pk}/" in email.body
    # Run again (the beat twice, or the next day): nothing is left in progress.
    calls = len(responses.calls)
    assert tasks.dispatch_chorus_refreshes() == 0
    assert tasks.refresh_chorus_deposit(pending.pk) == ""  # a late duplicate does nothing
    assert tasks.refresh_chorus_deposit(note_pending.pk) == ""
    assert len(responses.calls) == calls and len(mail.outbox) == 1


@responses.activate
def test_without_the_api_the_daily_refresh_calls_nobody(operator, invoice):
    _deposit_row(invoice, operator, "CPP-1")
    with override_settings(CHORUS_PRO_ENABLED=False):
        assert tasks.dispatch_chorus_refreshes() == 0
    assert not responses.calls


def test_the_refresh_runs_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["dispatch-chorus-refreshes"]
    assert entry["task"] == "billing.dispatch_chorus_refreshes"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {45})


def test_the_invoice_list_shows_rejections_until_deposited_again(
    operator_client, operator, invoice, credit_note
):
    _deposit_row(invoice, operator, "CPP-1", status=ChorusDeposit.REJECTED)
    note_deposit = _deposit_row(invoice, operator, "CPP-2", status=ChorusDeposit.REJECTED)
    note_deposit.credit_note, note_deposit.errors = credit_note, "Code service inconnu"
    note_deposit.save(update_fields=["credit_note", "errors"])
    page = operator_client.get("/console/partenaires/factures/").content.decode()
    assert "Rejetés par Chorus Pro" in page
    assert f"Facture {invoice.number}" in page and f"Avoir {credit_note.number}" in page
    assert "Code service inconnu" in page
    # The credit note deposited again: only the invoice's rejection is left.
    later = _deposit_row(invoice, operator, "CPP-3")
    later.credit_note = credit_note
    later.deposited_at = note_deposit.deposited_at + datetime.timedelta(minutes=5)
    later.save(update_fields=["credit_note", "deposited_at"])
    page = operator_client.get("/console/partenaires/factures/").content.decode()
    assert f"Facture {invoice.number}" in page and "Code service inconnu" not in page
