"""Issue 6's journey, in Chromium: an operator creates a partner and invites its staff
member; she subscribes for three networks through Checkout (a local fake of Stripe), the
signed webhook activates the subscription, the portal shows the three networks' figures and
exports the report (CSV and PDF); a replayed webhook changes nothing and a badly signed one
gets 400; then a manual invoice for the same partner gets the year's next number and a PDF.
"""

import csv
import datetime
import io
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from billing.models import (
    Invoice,
    InvoiceSequence,
    Partner,
    PartnerInvitation,
    PartnerMembership,
    Plan,
    StripeEvent,
    Subscription,
)
from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from tenants.models import Network, NetworkSnapshot, Region
from tests.billing.conftest import valid_siret
from tests.billing.portal_support import PRICE_ID, FakeStripe
from tests.conftest import PASSWORD

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

SIRET = valid_siret("2191062000")
OPERATOR = "coach-partenaires@coopere.test"
PARTNER_EMAIL = "ines@ville-courcouronnes.fr"
NEW_PASSWORD = "Courcouronnes-2026-cooperation"
# Residents reached per network, as the portal should show them.
REACHED = {"reseau-a": 41, "reseau-b": 17, "reseau-c": 63}


def _months_ago(months: int) -> datetime.date:
    return timezone.localdate().replace(day=1) - relativedelta(months=months)


@pytest.fixture
def stage(site):
    """Committed: an operator, a third network (a registry row only: the portal reads the
    public snapshots, never a network's schema), three months of snapshots for the three
    networks, and a Stripe price on the yearly plan. All removed afterwards.

    None of it is a step a person takes in this journey: snapshots are written by the
    monthly task, the registry-only network stands for one whose schema lives elsewhere,
    and the Stripe price comes from the (faked) Stripe set-up. Opening a network and
    creating a region through the console are walked by test_onboarding_journey.py and
    tests/onboarding/test_console_browser.py; the third network sits in a region of the
    built platform."""
    with schema_context(get_public_schema_name()):
        operator = create_operator(email=OPERATOR, password=PASSWORD, first_name="Yasmine")
        region = Region.objects.get(code="val-de-marne")  # a region of the built platform
        third = Network.objects.create(
            schema_name="n_reseau_c_parcours",
            name="Réseau C",
            slug="reseau-c",
            region=region,
            estimated_households=240,
            state=Network.State.LIVE,
            phase=Network.Phase.LANCEMENT,
        )
        networks = {n.slug: n for n in Network.objects.filter(slug__in=REACHED)}
        made = []
        for slug, reached in REACHED.items():
            for months in (2, 1, 0):
                snapshot, created = NetworkSnapshot.objects.update_or_create(
                    network=networks[slug],
                    month=_months_ago(months),
                    defaults={
                        "computed_at": timezone.now(),
                        "households_in_perimeter": 240,
                        "households_reached": reached - months,
                        "residents": reached + 5,
                        "exchanges_done": 10 + months,
                        "cafes_held": 1,
                        "group_size": 6,
                    },
                )
                if created:
                    made.append(snapshot.pk)
        plan = Plan.objects.get(code="suivi-annuel")
        old_price_id = plan.stripe_price_id
        plan.stripe_price_id = PRICE_ID
        plan.save(update_fields=["stripe_price_id"])
        year = timezone.localdate().year
        sequence = InvoiceSequence.objects.filter(year=year).first()
        last_number = sequence.last_number if sequence else 0
    yield {"plan": plan, "networks": networks, "year": year, "last_number": last_number}
    with schema_context(get_public_schema_name()):
        partners = Partner.objects.filter(siret=SIRET)
        Invoice.objects.filter(partner__in=partners).delete()
        Subscription.objects.filter(partner__in=partners).delete()
        PartnerInvitation.objects.filter(partner__in=partners).delete()
        user_ids = [
            operator.pk,
            *PartnerMembership.objects.filter(partner__in=partners).values_list("user", flat=True),
        ]
        PartnerMembership.objects.filter(partner__in=partners).delete()
        partners.delete()
        StripeEvent.objects.filter(type__startswith="checkout.").delete()
        if sequence is None:
            InvoiceSequence.objects.filter(year=year).delete()
        else:
            InvoiceSequence.objects.filter(year=year).update(last_number=last_number)
        NetworkSnapshot.objects.filter(pk__in=made).delete()
        NetworkSnapshot.objects.filter(network=third).delete()
        third.delete()
        plan.stripe_price_id = old_price_id
        plan.save(update_fields=["stripe_price_id"])
        # A plain DELETE: the ORM's cascade would look for residents' tables in public.
        users = User.objects.filter(pk__in=user_ids)
        users._raw_delete(users.db)


def test_partner_subscribes_through_checkout_and_reads_its_networks_impact(new_page, site, stage):
    mail.outbox = []
    ARTIFACTS.mkdir(exist_ok=True)

    # The operator creates the partner and invites its staff member.
    coach = new_page()
    log_in(coach, site.url(path="/connexion/"), OPERATOR, PASSWORD)
    coach.goto(site.url(path="/console/partenaires/nouveau/"))
    coach.get_by_label("Type d'organisme").select_option("commune")
    coach.get_by_label("Raison sociale").fill("Commune de Courcouronnes")
    coach.get_by_label("SIRET").fill(SIRET)
    coach.get_by_label("Adresse de facturation").fill("Place de l'Hôtel de ville\n91080 Évry")
    coach.get_by_role("button", name="Enregistrer").click()
    expect(coach.get_by_role("heading", level=1)).to_have_text("Commune de Courcouronnes")
    partner_page = coach.url
    coach.get_by_label("Adresse e-mail de la personne à inviter").fill(PARTNER_EMAIL)
    coach.get_by_label("Prénom").first.fill("Inès")
    coach.get_by_role("button", name="Envoyer l'invitation").click()
    expect(coach.get_by_text(f"L'invitation est envoyée à {PARTNER_EMAIL}.")).to_be_visible()

    # She accepts the invitation and lands on the portal.
    link = re.search(r"https?://\S+(/partenaires/invitation/[^/\s]+/)", mail.outbox[-1].body)
    partner = new_page()
    partner.goto(site.url(path=link.group(1)))
    partner.get_by_label("Prénom").fill("Inès")
    partner.get_by_label("Nom", exact=True).fill("Moreau")
    partner.get_by_label("Choisissez un mot de passe").fill(NEW_PASSWORD)
    partner.get_by_label("Mot de passe (confirmation)").fill(NEW_PASSWORD)
    partner.get_by_role("button", name="Créer mon accès").click()
    expect(partner).to_have_url(site.url(path="/partenaires/"))

    webhook = f"http://127.0.0.1:{site.port}/stripe/webhook/"
    with (
        FakeStripe(webhook_url=webhook, webhook_host=settings.COOPERE_BASE_DOMAIN) as fake,
        override_settings(STRIPE_API_BASE=fake.url),
    ):
        # Subscribe for three networks; pay on (fake) Stripe Checkout.
        partner.get_by_role("link", name="Abonner des réseaux").first.click()
        partner.locator(f"#plan-{stage['plan'].code}").check()
        for slug in REACHED:
            partner.locator(f"#network-{stage['networks'][slug].pk}").check()
        partner.get_by_role("button", name="Continuer vers le paiement").click()
        expect(partner.get_by_role("heading", level=1)).to_have_text("Paiement (simulation)")
        checkout = next(form for method, path, form in fake.calls if path.endswith("/sessions"))
        assert checkout["line_items[0][quantity]"] == "3"
        assert checkout["line_items[0][price]"] == PRICE_ID
        partner.get_by_role("link", name="Payer (simulation)").click()

        # The signed webhook reached us and activated the subscription.
        assert [status for _event, status in fake.sent] == [200]
        with schema_context(get_public_schema_name()):
            subscription = Subscription.objects.get(partner__siret=SIRET)
            assert subscription.status == Subscription.Status.ACTIVE
            assert subscription.source == Subscription.Source.STRIPE
            assert {n.slug for n in subscription.networks.all()} == set(REACHED)
            before = (subscription.status, subscription.updated_at)
            events = StripeEvent.objects.count()

        # Stripe delivers the same event again: 200, nothing changes. A forged one: 400.
        assert fake.replay_last() == 200
        assert fake.send(fake.sent[-1][0], secret="whsec_not_ours") == 400
        with schema_context(get_public_schema_name()):
            subscription.refresh_from_db()
            assert (subscription.status, subscription.updated_at) == before
            assert StripeEvent.objects.count() == events

    # The portal shows the three networks and their figures.
    partner.goto(site.url(path="/partenaires/impact/"))
    expect(partner.get_by_role("heading", level=1)).to_have_text("L'impact de vos réseaux")
    networks_table = partner.get_by_role("table").first
    for name in ("Réseau A", "Réseau B", "Réseau C"):
        expect(networks_table).to_contain_text(name)
    partner.screenshot(path=ARTIFACTS / "partner-impact.png", full_page=True)

    with partner.expect_download() as csv_download:
        partner.get_by_role("link", name="Télécharger (CSV)").click()
    with open(csv_download.value.path(), encoding="utf-8-sig") as handle:
        text = handle.read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text[:200] else ","))
    names = {cell for row in rows for cell in row}
    assert {"Réseau A", "Réseau B", "Réseau C"} <= names
    with partner.expect_download() as pdf_download:
        partner.get_by_role("link", name=re.compile("conseil municipal|PDF")).click()
    with open(pdf_download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # The operator also bills this partner by invoice (a public body's usual way).
    coach.goto(partner_page)
    coach.get_by_role("link", name="Nouvel abonnement payé sur facture").click()
    with schema_context(get_public_schema_name()):
        launch_plan = Plan.objects.get(code="lancement")
    coach.get_by_label("Formule").select_option(str(launch_plan.pk))
    coach.get_by_label("Trouver un réseau (nom ou adresse)").fill("Réseau C")
    coach.get_by_role("button", name="Rechercher").click()
    coach.get_by_label("Réseau C").check()
    year = stage["year"]
    coach.get_by_label("Début de la période").fill(f"{year}-01-01")
    coach.get_by_label("Fin de la période").fill(f"{year}-12-31")
    coach.get_by_role("button", name="Enregistrer l'abonnement").click()
    # Réseau C is already covered by the card subscription: a warning, not a refusal.
    expect(coach.get_by_text("Déjà couvert sur cette période")).to_be_visible()
    coach.get_by_role("button", name="Enregistrer quand même").click()
    coach.get_by_role("button", name="Émettre la facture").click()
    expected = f"FA-{year}-{stage['last_number'] + 1:04d}"
    expect(coach.get_by_role("heading", level=1)).to_have_text(f"Facture {expected}")
    with coach.expect_download() as invoice_download:
        coach.get_by_role("link", name="Télécharger le PDF").click()
    assert invoice_download.value.suggested_filename == f"{expected}.pdf"
    with open(invoice_download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # Her invoices page lists it; her subscription changed nothing for residents.
    partner.goto(site.url(path="/partenaires/factures/"))
    expect(partner.get_by_role("main")).to_contain_text(expected)
    resident = new_page()
    log_in(resident, site.url("reseau-a", "/connexion/"), "alice@reseau-a.test")
    expect(resident.get_by_text("Bienvenue, Alice !")).to_be_visible()
