"""Issue 13's journey, in Chromium: an operator adds the municipality's accounting office
as a billing contact, records a subscription paid by invoice, issues the invoice and sends
it; the accounting office receives it by email with its Factur-X PDF; it is deposited on
Chorus Pro (a local fake of the API) and its status refreshed; the partner's portal
lists it; after the due date (time-machine) the console lists it overdue, and the daily
reminders' beat, run twice, sends the first reminder once (a real Celery worker), with
the ECB rate the operator records when the console asks for it. Then the
operator cancels it with a credit note, emails the credit note (the accounting office
receives it with its own Factur-X PDF) and deposits it on Chorus Pro."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation
from django_tenants.utils import get_public_schema_name, schema_context
from facturx import get_facturx_xml_from_pdf
from playwright.sync_api import expect

from billing import tasks
from billing.late_payment import half_year_start
from billing.models import (
    ChorusDeposit,
    CreditNote,
    CreditNoteSequence,
    EcbRate,
    Invoice,
    InvoiceMessage,
    InvoiceSequence,
    Partner,
    PartnerContact,
    PartnerInvitation,
    PartnerMembership,
    Plan,
    Subscription,
)
from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from frontend.dates import long_date
from tests.billing.chorus_support import FakeChorus
from tests.billing.conftest import valid_siret
from tests.conftest import PASSWORD, wait_for

from .conftest import log_in

pytestmark = pytest.mark.browser

OPERATOR = "coach-factures@coopere.test"
PORTAL_USER = "maire-adjointe@ville-lisses.fr"
ACCOUNTING = "comptabilite@ville-lisses.fr"
SIRET = valid_siret("2191034999")


@pytest.fixture
def stage(site):
    """Committed: an operator (made by `create_operator`, as the first one is). The
    municipality and its portal user are made through the pages by the journey; all are
    removed afterwards, the year's invoice counter put back."""
    with schema_context(get_public_schema_name()):
        create_operator(email=OPERATOR, password=PASSWORD, first_name="Yasmine")
        year = timezone.localdate().year
        sequence = InvoiceSequence.objects.filter(year=year).first()
        last_number = sequence.last_number if sequence else 0
        notes = CreditNoteSequence.objects.filter(year=year).first()
        last_note = notes.last_number if notes else 0
    yield {"year": year, "last_number": last_number}
    with schema_context(get_public_schema_name()):
        found = Partner.objects.filter(siret=SIRET)
        InvoiceMessage.objects.filter(invoice__partner__in=found).delete()
        ChorusDeposit.objects.filter(invoice__partner__in=found).delete()
        CreditNote.objects.filter(partner__in=found).delete()
        Invoice.objects.filter(partner__in=found).delete()
        Subscription.objects.filter(partner__in=found).delete()
        PartnerContact.objects.filter(partner__in=found).delete()
        PartnerInvitation.objects.filter(partner__in=found).delete()
        PartnerMembership.objects.filter(partner__in=found).delete()
        found.delete()
        if sequence is None:
            InvoiceSequence.objects.filter(year=year).delete()
        else:
            InvoiceSequence.objects.filter(year=year).update(last_number=last_number)
        if notes is None:
            CreditNoteSequence.objects.filter(year=year).delete()
        else:
            CreditNoteSequence.objects.filter(year=year).update(last_number=last_note)
        EcbRate.objects.filter(recorded_by__email=OPERATOR).delete()
        # A plain DELETE: the ORM's cascade would look for residents' tables in public.
        users = User.objects.filter(email__in=[OPERATOR, PORTAL_USER])
        users._raw_delete(users.db)


def _emails_to(address: str, subject_part: str) -> list:
    return [m for m in mail.outbox if address in m.to and subject_part in m.subject]


def test_an_invoice_is_issued_sent_shown_and_reminded_once(new_page, site, stage, celery_worker):
    mail.outbox = []
    coach = new_page()
    log_in(coach, site.url(path="/connexion/"), OPERATOR)
    # The operator creates the municipality, with its Chorus Pro service code, and invites
    # its deputy mayor to the portal; she accepts from the email.
    coach.goto(site.url(path="/console/partenaires/nouveau/"))
    coach.get_by_label("Type d'organisme").select_option("commune")
    coach.get_by_label("Raison sociale").fill("Ville de Lisses")
    coach.get_by_label("SIRET").fill(SIRET)
    coach.get_by_label("Adresse de facturation").fill("Hôtel de ville\n91090 Lisses")
    coach.get_by_label("Code service (Chorus Pro)").fill("FIN-91")
    coach.get_by_role("button", name="Enregistrer").click()
    expect(coach.get_by_role("heading", level=1)).to_have_text("Ville de Lisses")
    coach.get_by_label("Adresse e-mail de la personne à inviter").fill(PORTAL_USER)
    coach.get_by_label("Prénom").first.fill("Claire")
    coach.get_by_role("button", name="Envoyer l'invitation").click()
    expect(coach.get_by_text(f"L'invitation est envoyée à {PORTAL_USER}.")).to_be_visible()
    link = re.search(r"https?://\S+(/partenaires/invitation/[^/\s]+/)", mail.outbox[-1].body)
    elected = new_page()
    elected.goto(site.url(path=link.group(1)))
    elected.get_by_label("Prénom").fill("Claire")
    elected.get_by_label("Nom", exact=True).fill("Adjointe")
    elected.get_by_label("Choisissez un mot de passe").fill(PASSWORD)
    elected.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    elected.get_by_role("button", name="Créer mon accès").click()
    expect(elected).to_have_url(site.url(path="/partenaires/"))
    with schema_context(get_public_schema_name()):
        partner = Partner.objects.get(siret=SIRET)
    partner_page = site.url(path=f"/console/partenaires/{partner.pk}/")

    # The accounting office becomes a billing contact, from the partner's page.
    coach.goto(partner_page)
    coach.locator("#id_contact-name").fill("Service comptabilité")
    coach.locator("#id_contact-email").fill(ACCOUNTING)
    coach.get_by_label("Reçoit les factures et les relances par e-mail").check()
    coach.get_by_role("button", name="Ajouter le contact").click()
    expect(coach.get_by_text("reçoit les factures", exact=True)).to_be_visible()

    # A subscription paid by invoice, with the engagement juridique; then the invoice.
    coach.get_by_role("link", name="Nouvel abonnement payé sur facture").click()
    with schema_context(get_public_schema_name()):
        plan = Plan.objects.get(code="suivi-annuel")
    coach.get_by_label("Formule").select_option(str(plan.pk))
    # The network is found by the picker's search (there may be thousands), then ticked.
    coach.get_by_label("Trouver un réseau (nom ou adresse)").fill("Réseau A")
    coach.get_by_role("button", name="Rechercher").click()
    coach.get_by_label("Réseau A").check()
    year = stage["year"]
    coach.get_by_label("Début de la période").fill(f"{year}-01-01")
    coach.get_by_label("Fin de la période").fill(f"{year}-12-31")
    coach.get_by_label("Référence du bon de commande").fill("EJ-2026-000777")
    coach.get_by_role("button", name="Enregistrer l'abonnement").click()
    if coach.get_by_role("button", name="Enregistrer quand même").count():
        coach.get_by_role("button", name="Enregistrer quand même").click()
    coach.get_by_role("button", name="Émettre la facture").click()
    number = f"FA-{year}-{stage['last_number'] + 1:04d}"
    expect(coach.get_by_role("heading", level=1)).to_have_text(f"Facture {number}")

    # Sent from its page: the worker emails it, Factur-X PDF attached.
    coach.get_by_role("button", name="Envoyer la facture par e-mail").click()
    expect(coach.get_by_text(f"La facture {number} est en cours d’envoi")).to_be_visible()
    assert wait_for(lambda: _emails_to(ACCOUNTING, number))
    (email,) = _emails_to(ACCOUNTING, number)
    ((filename, pdf, kind),) = email.attachments
    assert (filename, kind) == (f"{number}.pdf", "application/pdf")
    _name, xml = get_facturx_xml_from_pdf(pdf, check_xsd=True)
    assert b"FIN-91" in xml and b"EJ-2026-000777" in xml
    coach.reload()
    expect(coach.get_by_role("table", name="E-mails au sujet de cette facture")).to_contain_text(
        ACCOUNTING
    )

    # A public buyer: deposited on Chorus Pro (a local fake of its API), then its status.
    with FakeChorus() as chorus, override_settings(**chorus.settings()):
        coach.get_by_role("button", name="Déposer sur Chorus Pro").click()
        expect(
            coach.get_by_text("est déposée sur Chorus Pro (dépôt CPP-FAKE-0001)")
        ).to_be_visible()
        (deposit,) = chorus.deposits.values()
        assert deposit["name"] == f"FIN-91_{number}.pdf"
        assert b"FIN-91" in get_facturx_xml_from_pdf(deposit["pdf"], check_xsd=True)[1]
        coach.get_by_role("button", name="Actualiser le statut").click()
        expect(coach.get_by_text("Statut Chorus Pro : IN_INTEGRE.")).to_be_visible()
        expect(coach.get_by_text("intégrée", exact=True)).to_be_visible()

    # The portal lists it for the municipality.
    elected = new_page()
    log_in(elected, site.url(path="/connexion/"), PORTAL_USER)
    elected.goto(site.url(path="/partenaires/factures/"))
    expect(elected.get_by_role("main")).to_contain_text(number)
    expect(elected.get_by_role("main")).to_contain_text("Contacter Coop-ère")

    # Sixteen days after the due date: overdue in the console, and the first reminder.
    with schema_context(get_public_schema_name()):
        due_on = Invoice.objects.get(number=number).due_on
    later = timezone.make_aware(
        datetime.datetime.combine(due_on + datetime.timedelta(days=16), datetime.time(9, 15))
    )
    with time_machine.travel(later, tick=True):
        coach = new_page()  # the earlier session has expired by then
        log_in(coach, site.url(path="/connexion/"), OPERATOR)
        coach.goto(site.url(path="/console/partenaires/factures/"))
        coach.get_by_label("Afficher").select_option("overdue")
        coach.get_by_role("button", name="Filtrer").click()
        row = coach.get_by_role("row").filter(has_text=number)
        expect(row).to_contain_text("En retard de 16 jours")
        # Before anyone is reminded, the console asks for this half-year's ECB rate.
        half_year = half_year_start(timezone.localdate())
        coach.get_by_role("link", name="Saisir le taux BCE").click()
        expect(coach.get_by_role("heading", level=1)).to_have_text(
            "Taux BCE des intérêts de retard"
        )
        coach.get_by_label("En vigueur au").fill(half_year.isoformat())
        coach.get_by_label("Taux des opérations principales de refinancement").fill("2,40")
        coach.get_by_role("button", name="Enregistrer le taux").click()
        with translation.override("fr"):
            recorded = f"Le taux BCE en vigueur au {long_date(half_year)} est enregistré."
        expect(coach.get_by_text(recorded)).to_be_visible()
        expect(coach.get_by_role("table", name="Taux enregistrés")).to_contain_text("2,4")
        coach.get_by_role("link", name="Factures", exact=True).first.click()
        expect(coach.get_by_text("n’est pas saisi")).to_have_count(0)

        tasks.dispatch_invoice_reminders()
        tasks.dispatch_invoice_reminders()  # the beat twice (a redelivery)
        assert wait_for(lambda: _emails_to(ACCOUNTING, "Relance"))
        with schema_context(get_public_schema_name()):
            assert wait_for(
                lambda: InvoiceMessage.objects.filter(
                    invoice__number=number, kind="reminder_1"
                ).exists()
            )
        (reminder,) = _emails_to(ACCOUNTING, "Relance")
        # A public buyer: the rate of the half-year the interest began in, + 8 points.
        began_in = half_year_start(due_on + datetime.timedelta(days=1))
        ecb = 240 if began_in >= half_year else settings.COOPERE_ECB_RATE_BP
        with schema_context(get_public_schema_name()):
            sent = InvoiceMessage.objects.get(invoice__number=number, kind="reminder_1")
        assert sent.interest_rate_bp == ecb + 800
        assert "Indemnité forfaitaire pour frais de recouvrement : 40,00" in reminder.body
        assert reminder.attachments[0][0] == f"{number}.pdf"
        coach.get_by_role("link", name=number).click()
        expect(
            coach.get_by_role("table", name="E-mails au sujet de cette facture")
        ).to_contain_text("Première relance")
    assert len(_emails_to(ACCOUNTING, "Relance")) == 1

    # The municipality disputes it: the operator cancels it with a credit note, then emails
    # the credit note to the accounting office.
    coach = new_page()
    log_in(coach, site.url(path="/connexion/"), OPERATOR)
    coach.goto(site.url(path="/console/partenaires/factures/"))
    coach.get_by_role("link", name=number).first.click()
    coach.get_by_label("Motif de l'avoir").fill("Abonnement souscrit en double")
    coach.get_by_role("button", name="Annuler cette facture par un avoir").click()
    heading = coach.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Avoir AV-\d{4}-\d{4}$"))
    note = heading.inner_text().removeprefix("Avoir ")
    expect(coach.get_by_text(f"À : Service comptabilité <{ACCOUNTING}>")).to_be_visible()
    coach.get_by_role("button", name="Envoyer l'avoir par e-mail").click()
    expect(
        coach.get_by_text(f"L'avoir {note} est en cours d’envoi à {ACCOUNTING}.")
    ).to_be_visible()
    assert wait_for(lambda: _emails_to(ACCOUNTING, f"Avoir {note}"))
    (sent,) = _emails_to(ACCOUNTING, f"Avoir {note}")
    assert number in sent.subject and "Abonnement souscrit en double" in sent.body
    ((filename, pdf, _kind),) = sent.attachments
    assert filename == f"{note}.pdf"
    assert b"<ram:TypeCode>381</ram:TypeCode>" in get_facturx_xml_from_pdf(pdf)[1]
    coach.reload()
    expect(coach.get_by_role("table", name="Envois de cet avoir par e-mail")).to_contain_text(
        ACCOUNTING
    )
    expect(coach.get_by_role("button", name="Renvoyer l'avoir par e-mail")).to_be_visible()

    # A public buyer: the credit note goes to Chorus Pro too, as the invoice did.
    with FakeChorus(first_number=2) as chorus, override_settings(**chorus.settings()):
        coach.get_by_role("button", name="Déposer l'avoir sur Chorus Pro").click()
        expect(coach.get_by_text(f"L’avoir {note} est déposé sur Chorus Pro")).to_be_visible()
        (deposit,) = chorus.deposits.values()
        assert deposit["name"] == f"FIN-91_{note}.pdf"
        _name, xml = get_facturx_xml_from_pdf(deposit["pdf"], check_xsd=True)
        assert b"<ram:TypeCode>381</ram:TypeCode>" in xml
        coach.get_by_role("button", name="Actualiser le statut").click()
        expect(coach.get_by_text("intégrée", exact=True)).to_be_visible()
