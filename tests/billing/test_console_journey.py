"""In a real browser: an operator creates a partner (SIRET typed with spaces), invites its
staff member, records a subscription paid by invoice, issues the invoice, downloads its PDF
and marks it paid; the invited person sets a password and lands on the partner portal.
Then the operator cancels the invoice with a credit note (the partner finds it), cancels
the subscription, and revokes the person's access (their open page stops working)."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from billing.models import (
    CreditNote,
    CreditNoteSequence,
    Invoice,
    InvoiceSequence,
    Partner,
    PartnerInvitation,
    PartnerMembership,
    Plan,
    Subscription,
)
from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from tests.browser.conftest import ARTIFACTS

from .conftest import PASSWORD, valid_siret

pytestmark = pytest.mark.browser

SIRET = valid_siret("2191034999")
NEW_PASSWORD = "Cooperation-Lisses-2026"


@pytest.fixture
def committed_operator(site):
    with schema_context(get_public_schema_name()):
        operator = create_operator(
            email="coach-navigateur@coopere.test", password=PASSWORD, first_name="Nadia"
        )
        year = timezone.localdate().year
        had_sequence = InvoiceSequence.objects.filter(year=year).exists()
        had_note_sequence = CreditNoteSequence.objects.filter(year=year).exists()
    yield operator
    with schema_context(get_public_schema_name()):
        partners = Partner.objects.filter(siret=SIRET)
        CreditNote.objects.filter(partner__in=partners).delete()
        if not had_note_sequence:
            CreditNoteSequence.objects.filter(year=year).delete()
        Invoice.objects.filter(partner__in=partners).delete()
        Subscription.objects.filter(partner__in=partners).delete()
        PartnerInvitation.objects.filter(partner__in=partners).delete()
        members = PartnerMembership.objects.filter(partner__in=partners)
        user_ids = [operator.pk, *members.values_list("user", flat=True)]
        PartnerMembership.objects.filter(partner__in=partners).delete()
        partners.delete()
        if not had_sequence:
            InvoiceSequence.objects.filter(year=year).delete()
        # A plain DELETE: the ORM's cascade would look for residents' tables in public.
        users = User.objects.filter(pk__in=user_ids)
        users._raw_delete(users.db)


def test_operator_bills_a_partner_by_invoice(new_page, site, committed_operator):
    mail.outbox = []
    page = new_page()
    page.goto(site.url(path="/connexion/"))
    page.get_by_label("Adresse e-mail ou code membre", exact=True).fill(
        "coach-navigateur@coopere.test"
    )
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()

    page.goto(site.url(path="/console/"))
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Partenaires").click()
    page.get_by_role("link", name="Ajouter un partenaire").click()
    page.get_by_label("Type d'organisme").select_option("commune")
    page.get_by_label("Raison sociale").fill("Commune de Lisses")
    page.get_by_label("SIRET").fill(f"{SIRET[:3]} {SIRET[3:6]} {SIRET[6:9]} {SIRET[9:]}")
    page.get_by_label("Adresse de facturation").fill("Hôtel de ville\n91090 Lisses")
    page.get_by_label("Code service (Chorus Pro)").fill("SERV-FIN")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commune de Lisses")
    expect(page.get_by_text(SIRET)).to_be_visible()

    # Invite the partner's staff member.
    page.get_by_label("Adresse e-mail de la personne à inviter").fill("claire@lisses.fr")
    page.get_by_label("Prénom").first.fill("Claire")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text("L'invitation est envoyée à claire@lisses.fr.")).to_be_visible()

    # A subscription for two networks, paid by invoice.
    page.get_by_role("link", name="Nouvel abonnement payé sur facture").click()
    with schema_context(get_public_schema_name()):
        plan = Plan.objects.get(code="suivi-annuel")
    page.get_by_label("Formule").select_option(str(plan.pk))
    # The networks are found by a search (there may be thousands), then ticked.
    page.get_by_label("Trouver un réseau (nom ou adresse)").fill("réseau")
    page.get_by_label("Trouver un réseau (nom ou adresse)").press("Enter")
    expect(page.get_by_text("2 réseaux trouvés pour « réseau »")).to_be_visible()
    page.get_by_label("Réseau A").check()
    page.get_by_label("Réseau B").check()
    year = timezone.localdate().year
    page.get_by_label("Début de la période").fill(f"{year}-01-01")
    page.get_by_label("Fin de la période").fill(f"{year}-12-31")
    page.get_by_label("Référence du bon de commande").fill("BC-14")
    page.get_by_role("button", name="Enregistrer l'abonnement").click()
    expect(page.get_by_text("En attente de paiement")).to_be_visible()

    page.get_by_role("button", name="Émettre la facture").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(rf"^Facture FA-{year}-\d{{4}}$"))
    number = heading.inner_text().removeprefix("Facture ")
    expect(page.get_by_text("Bon de commande n° : BC-14")).to_be_visible()
    expect(page.get_by_text("Total TTC")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "billing-invoice.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{number}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.get_by_label("Paiement reçu le").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Marquer comme payée").click()
    expect(page.get_by_text("Le paiement est enregistré.")).to_be_visible()
    with schema_context(get_public_schema_name()):
        subscription = Subscription.objects.get(partner__siret=SIRET)
        assert subscription.status == Subscription.Status.ACTIVE

    # The invited person opens the emailed link in their own browser.
    link = re.search(r"https?://\S+(/partenaires/invitation/[^/\s]+/)", mail.outbox[-1].body)
    guest = new_page()
    guest.goto(site.url(path=link.group(1)))
    expect(guest.get_by_role("heading", level=1)).to_have_text("Votre accès à l'espace partenaires")
    guest.get_by_label("Prénom").fill("Claire")
    guest.get_by_label("Nom", exact=True).fill("Dupont")
    guest.get_by_label("Choisissez un mot de passe").fill(NEW_PASSWORD)
    guest.get_by_label("Mot de passe (confirmation)").fill(NEW_PASSWORD)
    guest.get_by_role("button", name="Créer mon accès").click()
    expect(guest).to_have_url(site.url(path="/partenaires/"))
    with schema_context(get_public_schema_name()):
        user = User.objects.get(email="claire@lisses.fr")
        assert user.partner_membership.partner.siret == SIRET
    # Used once: the same link now says so.
    other = new_page()
    other.goto(site.url(path=link.group(1)))
    expect(other.get_by_role("alert")).to_contain_text("déjà été utilisée")

    # The operator cancels the invoice with a credit note.
    page.goto(site.url(path="/console/partenaires/factures/"))
    page.get_by_role("link", name=number).first.click()
    page.get_by_label("Motif de l'avoir").fill("Réseau B compté par erreur")
    page.get_by_role("button", name="Annuler cette facture par un avoir").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(rf"^Avoir AV-{year}-\d{{4}}$"))
    note = heading.inner_text().removeprefix("Avoir ")
    expect(page.get_by_text(f"Annule intégralement la facture {number}")).to_be_visible()
    page.get_by_role("link", name=f"Facture {number}").click()
    expect(page.get_by_text(f"Annulée par avoir {note}")).to_be_visible()

    # The partner finds the credit note beside the invoice.
    guest.goto(site.url(path="/partenaires/factures/"))
    expect(guest.get_by_role("link", name=f"Avoir {note} (PDF)")).to_be_visible()

    # The subscription is cancelled, with its last day and a reason kept in its history.
    page.goto(site.url(path="/console/partenaires/"))
    page.get_by_role("link", name="Commune de Lisses").click()
    page.get_by_role("link", name="Modifier ou résilier").click()
    page.get_by_label("Dernier jour couvert").fill(timezone.localdate().isoformat())
    page.get_by_label("Raison").fill("Fin du contrat de ville")
    page.get_by_role("button", name="Résilier l'abonnement").click()
    expect(page.get_by_text("L'abonnement est résilié.")).to_be_visible()

    # Claire's access is revoked: her open page stops working at once.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Révoquer l'accès de claire@lisses.fr").click()
    expect(page.get_by_text("claire@lisses.fr n'a plus accès au portail.")).to_be_visible()
    expect(page.get_by_text(re.compile("Accès révoqué le .* par Nadia"))).to_be_visible()
    guest.goto(site.url(path="/partenaires/"))
    expect(guest).to_have_url(re.compile("/connexion/"))
