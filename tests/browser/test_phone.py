"""On a phone (390 × 844), in Chromium: a pilote of network A, an operator on the console
and a partner on the portal each walk every page reachable by links from the menus and the
page's main content. No page scrolls sideways, and on network pages the header (account
links, the network's menu and the Groupe d'Animation's row, folded into one menu) stays at
most 120 px tall. The list of pages checked is printed; screenshots go to
tests/browser/artifacts/ (phone-*.png; every page's with COOPERE_PHONE_SCREENSHOTS=1)."""

import os
import re
from collections import deque
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from billing.models import (
    Invoice,
    InvoiceSequence,
    Partner,
    PartnerMembership,
    Plan,
    Subscription,
)
from billing.services.invoices import issue_invoice
from community.cafes import services as cafes
from community.cafes.models import Cafe
from community.newsletter.models import Newsletter
from community.newsletter.services import compose_newsletter
from community.projects.models import Project, Sheet
from community.projects.services import start_project
from community.purchases import services as purchases
from community.purchases.models import GroupPurchase
from community.team import services as team
from community.team.models import Task, TaskFamily
from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from exchange.models import Connection, Post, Report, Theme
from exchange.services import moderation
from exchange.services.bootstrap import create_founding_member
from exchange.services.connections import express_interest
from exchange.services.posts import create_post
from onboarding.coaching.models import CoachingSession, Topic, Training
from onboarding.coaching.services import create_training, log_coaching_session
from tenants.models import Network, NetworkSnapshot
from tests.billing.portal_support import make_partner, make_partner_user, make_subscription
from tests.conftest import PASSWORD

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser
# CSS pixels decide the layout; one device pixel per CSS pixel renders a quarter of the
# pixels a 2× screen would (smaller screenshots, the same layout).
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True}
HEADER_MAX_PX = 120
MAX_PAGES = 120  # a safety net: the walk is bounded by one visit per kind of page anyway
PILOTE = "pilote-telephone@reseau-a.test"
NEIGHBOURS = ["nina-telephone@reseau-a.test", "oscar-telephone@reseau-a.test"]
OPERATOR = "coach-telephone@coopere.test"
PARTNER_USER = "paula-telephone@ville.test"

# Not pages: downloads, actions behind a form (a link never points there, but be safe),
# leaving, and what starts or ends something (support sessions, Stripe's portal).
SKIP = re.compile(
    r"deconnexion|supprimer|quitter|annuler|/admin/|/api/|/media/|/i18n/|\.(pdf|csv|ics)$|/pdf/$"
    r"|/donnees\.|/support/entrer/|/support/terminer/|/ouvrir/|gestion-du-paiement"
    r"|/actualiser/|/envoyer/|/relancer/|/stripe/"
)


def _kind(url: str) -> str:
    """One visit per kind of page (/annonces/12/ and /annonces/13/ are one): its URL name."""
    parts = urlsplit(url)
    on_network = parts.hostname != settings.COOPERE_BASE_DOMAIN
    urlconf = "coopere.urls_tenant" if on_network else "coopere.urls_public"
    try:
        return resolve(parts.path, urlconf=urlconf).view_name
    except Resolver404:
        return parts.path


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Committed, so the pages have rows and details to link to: in network A a pilote and
    two neighbours, a post (reported, for moderation) and a connection on it, a café, a
    project, a newsletter draft, a group purchase with orders and a group task; an operator
    with a coaching session and a training; a partner's staff member subscribed (by invoice)
    for network A, with an invoice and two months of figures. All removed afterwards (the
    invoice counter put back)."""
    with django_db_blocker.unblock():
        with schema_context(get_public_schema_name()):
            network = Network.objects.get(slug="reseau-a")
        with schema_context(network.schema_name):
            pilote = create_founding_member(
                first_name="Pia", last_name="Téléphone", email=PILOTE, password=PASSWORD
            )
            neighbours = []
            for email in NEIGHBOURS:
                member = create_founding_member(
                    first_name=email.split("-")[0].title(),
                    last_name="Téléphone",
                    email=email,
                    password=PASSWORD,
                )
                member.group_role = ""  # founding members join the group: these are neighbours
                member.save(update_fields=["group_role"])
                neighbours.append(member)
            post = create_post(
                actor=neighbours[0],
                author=neighbours[0],
                kind=Post.Kind.OFFER,
                title="Je prête une perceuse-visseuse avec ses forets",
                theme=Theme.objects.filter(retired_at__isnull=True).first(),
                description="Pour vos étagères : passez la prendre le soir.",
            )
            moderation.report_content(actor=neighbours[1], reason="Test d'affichage", post=post)
            cafes.schedule_cafe(
                actor=pilote,
                starts_at=timezone.now() + timedelta(days=10),
                place_name="Salle polyvalente des Tilleuls",
                place_address="12 avenue de la République",
            )
            purchase = purchases.open_purchase(
                actor=pilote,
                item="Sacs de terreau universel (40 litres)",
                supplier="Jardinerie du Val",
                unit_cost_cents=790,
                minimum_quantity=4,
                deadline=timezone.now() + timedelta(days=5),
                description="Livraison au local vélo.",
            )
            for member, quantity in zip(neighbours, (2, 3), strict=True):
                purchases.join_purchase(
                    actor=member, member=member, purchase=purchase, quantity=quantity
                )
            express_interest(actor=pilote, member=pilote, post=post, message="Bonjour, ce samedi ?")
            start_project(actor=pilote, sheet=Sheet.objects.order_by("pk").first())
            compose_newsletter(
                actor=pilote,
                subject="Lettre de décembre",
                body_html="<p>Le prochain café-rencontre a lieu salle des Tilleuls.</p>",
            )
            team.create_task(
                actor=pilote,
                family=TaskFamily.objects.order_by("position").first(),
                title="Imprimer les affiches du prochain café-rencontre",
                assignee=pilote,
                due_date=timezone.localdate() + timedelta(days=7),
            )
        with schema_context(get_public_schema_name()):
            operator = create_operator(email=OPERATOR, password=PASSWORD, first_name="Colette")
            partner = make_partner("Commune de Téléphone-sur-Orge", "2191099")
            partner_user = make_partner_user(partner, PARTNER_USER)
            subscription = make_subscription(
                partner,
                Plan.objects.get(code="suivi-annuel"),
                [network],
                source="manual",
                current_period_start=timezone.localdate().replace(day=1),
                current_period_end=timezone.localdate().replace(day=1) + timedelta(days=364),
            )
            year = timezone.localdate().year
            sequence = InvoiceSequence.objects.filter(year=year).first()
            last_number = sequence.last_number if sequence else 0
            issue_invoice(subscription=subscription, created_by=operator)
            log_coaching_session(
                network=network,
                coach=operator,
                date=timezone.localdate(),
                duration_minutes=90,
                topics=[Topic.choices[0][0]],
                notes="Premier point avec la pilote sur les cafés-rencontres.",
            )
            create_training(
                title="Animer un café-rencontre",
                topic=Topic.choices[0][0],
                starts_at=timezone.now() + timedelta(days=20),
                place="Maison des associations",
                trainer="Colette",
                by=operator,
            )
            made = []
            first = timezone.localdate().replace(day=1)
            for month in (first - timedelta(days=40), first - timedelta(days=10)):
                snapshot, created = NetworkSnapshot.objects.get_or_create(
                    network=network,
                    month=month.replace(day=1),
                    defaults={
                        "computed_at": timezone.now(),
                        "households_in_perimeter": 250,
                        "households_reached": 37,
                        "residents": 42,
                        "exchanges_done": 12,
                        "cafes_held": 1,
                        "group_size": 6,
                    },
                )
                if created:
                    made.append(snapshot.pk)
        yield {"network": network}
        with schema_context(network.schema_name):
            people = [pilote, *neighbours]
            ids = [m.pk for m in people]
            Newsletter.objects.filter(created_by__in=ids).delete()
            Project.objects.filter(created_by__in=ids).delete()
            Connection.objects.filter(requester__in=ids).delete()
            Task.objects.filter(created_by__in=ids).delete()
            GroupPurchase.objects.filter(organiser__in=ids).delete()
            Cafe.objects.filter(created_by__in=ids).delete()
            Report.objects.filter(reporter__in=ids).delete()
            Post.objects.filter(author__in=ids).delete()
            for member in people:
                member.delete()
                User.objects.filter(pk=member.user_id).delete()
        with schema_context(get_public_schema_name()):
            NetworkSnapshot.objects.filter(pk__in=made).delete()
            Invoice.objects.filter(partner=partner).delete()
            if sequence is None:
                InvoiceSequence.objects.filter(year=year).delete()
            else:
                InvoiceSequence.objects.filter(year=year).update(last_number=last_number)
            CoachingSession.objects.filter(coach=operator).delete()
            Training.objects.filter(created_by=operator).delete()
            Subscription.objects.filter(partner=partner).delete()
            PartnerMembership.objects.filter(partner=partner).delete()
            Partner.objects.filter(pk=partner.pk).delete()
            # A plain DELETE: the ORM's cascade would look for residents' tables in public.
            users = User.objects.filter(pk__in=[operator.pk, partner_user.pk])
            users._raw_delete(users.db)


def _log_in(page, url, email):
    log_in(page, url, email)
    expect(page).not_to_have_url(re.compile(r"/connexion/"))


# Same-host links of the header's menus and the main content (not the footer's way out).
LINKS = """() => [...document.querySelectorAll('header a[href], main a[href]')]
    .filter(a => !a.hasAttribute('download'))
    .map(a => a.href)"""
FITS = """() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    header: document.querySelector('.site-header')?.getBoundingClientRect().height || 0,
    wide: [...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > 390 + 1)
        .slice(0, 3)
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')),
})"""


def _walk(page, start: str, *, network_header: bool) -> list[str]:
    """Visit `start` and, breadth first, every same-host page linked from the header and
    the main content (one visit per kind of page); check each fits the phone's width."""
    host = urlsplit(start).netloc
    seen, checked, problems = {_kind(start)}, [], []
    queue = deque([start])
    while queue and len(checked) < MAX_PAGES:
        url = queue.popleft()
        response = page.goto(url)
        path = urlsplit(page.url).path
        if response is None or response.status != 200:
            problems.append(f"{path}: HTTP {response and response.status}")
            continue
        fits = page.evaluate(FITS)
        if os.environ.get("COOPERE_PHONE_SCREENSHOTS") == "1":  # every page, to look at
            name = f"{host.split('.')[0].split(':')[0]}{path}".strip("/").replace("/", "_")
            page.screenshot(path=ARTIFACTS / "phone-all" / f"{name or 'home'}.png", full_page=True)
        checked.append(path)
        # A phone zooms out a page wider than itself (innerWidth grows): both must hold.
        if fits["scroll"] > fits["inner"] or fits["inner"] > PHONE["viewport"]["width"]:
            problems.append(f"{path}: {fits['scroll']} px wide > {fits['inner']} ({fits['wide']})")
        if network_header and fits["header"] > HEADER_MAX_PX:
            problems.append(f"{path}: header {fits['header']:.0f} px tall")
        for link in page.evaluate(LINKS):
            parts = urlsplit(link)
            if parts.netloc != host or SKIP.search(parts.path) or _kind(link) in seen:
                continue
            seen.add(_kind(link))
            queue.append(parts._replace(fragment="").geturl())
    print(f"\n{start}: {len(checked)} pages checked at 390 px:")
    for path in checked:
        print(f"  {path}")
    assert not problems, "\n".join(problems)
    return checked


def test_no_page_scrolls_sideways_on_a_phone(site, new_page, world):
    ARTIFACTS.mkdir(exist_ok=True)

    # (a) A pilote of network A: the residents' pages and the Groupe d'Animation's.
    pilote = new_page(**PHONE)
    _log_in(pilote, site.url("reseau-a", "/connexion/"), PILOTE)
    # The header is folded: one "Menu" button, the links inside until it is opened.
    menu = pilote.locator(".site-menu summary")
    expect(menu).to_have_text("Menu")
    header = pilote.get_by_role("banner")
    expect(header.get_by_role("link", name="Offres et besoins", exact=True)).to_be_hidden()
    pilote.screenshot(path=ARTIFACTS / "phone-network-home.png")
    # A network with a long name keeps a short header too (the name wraps beside "Menu").
    height = pilote.evaluate(
        """() => {
            const name = document.querySelector('.brand-network'), was = name.textContent;
            name.textContent = 'Quartier des Hautes-Bruyères et du Clos Saint-Jacques';
            const h = document.querySelector('.site-header').getBoundingClientRect().height;
            name.textContent = was;
            return h;
        }"""
    )
    assert height <= HEADER_MAX_PX, f"header {height:.0f} px tall with a long network name"
    menu.focus()
    pilote.keyboard.press("Enter")  # keyboard first: a <summary> opens with Enter
    expect(header.get_by_role("link", name="Offres et besoins", exact=True)).to_be_visible()
    expect(header.get_by_role("link", name="Animation", exact=True)).to_be_visible()
    pilote.screenshot(path=ARTIFACTS / "phone-network-menu.png")
    header.get_by_role("link", name="Animation", exact=True).click()
    pilote.get_by_role("link", name=re.compile("membres", re.I)).first.click()
    pilote.screenshot(path=ARTIFACTS / "phone-animation-members.png", full_page=True)
    network_pages = _walk(pilote, site.url("reseau-a", "/"), network_header=True)

    # On a wide screen the same header shows every row, with no "Menu" button; on paper the
    # whole header (menu included) is left out.
    pilote.set_viewport_size({"width": 1280, "height": 800})
    pilote.goto(site.url("reseau-a", "/animation/membres/"))
    header = pilote.get_by_role("banner")
    expect(menu).to_be_hidden()
    expect(header.get_by_role("link", name="Offres et besoins", exact=True)).to_be_visible()
    expect(header.get_by_role("link", name="Impact", exact=True)).to_be_visible()
    expect(pilote.get_by_role("columnheader", name="Bâtiment ou rue")).to_be_visible()
    pilote.screenshot(path=ARTIFACTS / "phone-wide-screen.png")
    pilote.emulate_media(media="print")
    expect(header).to_be_hidden()
    pilote.emulate_media(media="screen")

    # (b) An operator on the console.
    operator = new_page(**PHONE)
    _log_in(operator, site.url(path="/console/"), OPERATOR)
    console_pages = _walk(operator, site.url(path="/console/"), network_header=False)
    operator.goto(site.url(path="/console/"))
    operator.screenshot(path=ARTIFACTS / "phone-console.png", full_page=True)

    # (c) A partner on the portal.
    partner = new_page(**PHONE)
    _log_in(partner, site.url(path="/partenaires/"), PARTNER_USER)
    portal_pages = _walk(partner, site.url(path="/partenaires/"), network_header=False)
    partner.goto(site.url(path="/partenaires/"))
    partner.screenshot(path=ARTIFACTS / "phone-portal.png", full_page=True)

    total = len(network_pages) + len(console_pages) + len(portal_pages)
    print(f"{total} pages checked in all")
    assert len(network_pages) >= 20 and len(console_pages) >= 8 and len(portal_pages) >= 4
