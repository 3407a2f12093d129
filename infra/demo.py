"""An idempotent demo: two networks in Essonne, residents with a few posts, one operator."""

from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from exchange.models import Member, Post, Theme
from exchange.services import posts, registration
from exchange.services.bootstrap import create_founding_member
from tenants.models import Network, Region
from tenants.services import create_network

DEMO_PASSWORD = "cafe-rencontre"
OPERATOR_EMAIL = "coach@coopere.localhost"
PARTNER_EMAIL = "claire@saint-michel.demo"
# A SIRET with a valid checksum (Luhn), made up for the demo.
PARTNER_SIRET = "21910570700018"

NETWORKS = [
    {
        "slug": "bois-des-roches",
        "name": "Bois des Roches",
        "households": 320,
        "phase": Network.Phase.STRUCTURATION,
        "perimeter": "Résidence du Bois des Roches et rues voisines, Saint-Michel-sur-Orge.",
        "meeting_place": "Place du marché, devant la médiathèque",
        "pilote": ("Martine", "Lefèvre", "martine@bois-des-roches.demo", "Bâtiment B"),
        "residents": [
            ("Ahmed", "Benali", "ahmed@bois-des-roches.demo", "Bâtiment A", None),
            ("Jeanne", "Moreau", None, "12 allée des Roches", "BDRX-4827"),
        ],
        "posts": [
            (
                "Ahmed",
                "offer",
                "Coups de main",
                "Je monte vos meubles en kit",
                "J'ai une visseuse et de la patience. Le samedi matin.",
            ),
            (
                "Martine",
                "need",
                "Garde d'animaux",
                "Nourrir mon chat du 10 au 14",
                "Deux passages par jour, croquettes fournies.",
            ),
            (
                "Jeanne",
                "need",
                "Coups de main",
                "Changer une ampoule au plafond",
                "Je ne monte plus sur l'escabeau.",
            ),
            ("Ahmed", "loan", "Prêt de matériel", "Prête une perceuse", "Perceuse à percussion."),
        ],
    },
    {
        "slug": "les-tilleuls",
        "name": "Les Tilleuls",
        "households": 180,
        "phase": Network.Phase.AMORCAGE,
        "perimeter": "Allée des Tilleuls et square Condorcet, Palaiseau.",
        "meeting_place": "Salle commune de la résidence",
        "pilote": ("Sophie", "Martin", "sophie@les-tilleuls.demo", "Allée des Tilleuls"),
        "residents": [],
        "posts": [],
    },
]


def load_demo() -> list[str]:
    """Create what is missing; return lines describing the demo logins."""
    lines = []
    with schema_context(get_public_schema_name()):
        region, _ = Region.objects.get_or_create(code="essonne", defaults={"name": "Essonne"})
        if not User.objects.filter(email=OPERATOR_EMAIL).exists():
            User.objects.create_superuser(
                email=OPERATOR_EMAIL,
                password=DEMO_PASSWORD,
                first_name="Camille",
                last_name="Coach",
            )
        lines.append(f"operator         {OPERATOR_EMAIL} / {DEMO_PASSWORD}")
        for spec in NETWORKS:
            network = Network.objects.filter(slug=spec["slug"]).first()
            if network is None:
                network = create_network(
                    name=spec["name"],
                    slug=spec["slug"],
                    region=region,
                    estimated_households=spec["households"],
                    perimeter_description=spec["perimeter"],
                    meeting_place=spec["meeting_place"],
                    phase=spec["phase"],
                    method="auto",
                )
            with schema_context(network.schema_name):
                lines += _fill_network(spec)
        operator = User.objects.get(email=OPERATOR_EMAIL)
        _console(operator)
        lines += _partner(operator)
    return lines


def _console(operator) -> None:
    """What a coach finds in the console: the demo networks followed by the demo coach,
    fresh indicators, amorceurs and a scheduled apéro-info for Les Tilleuls, a coaching
    session for Bois des Roches (each once)."""
    from datetime import timedelta

    from django.utils import timezone

    from onboarding.coaching.models import CoachingSession
    from onboarding.coaching.services import log_coaching_session
    from onboarding.launch.models import AperoInfo
    from onboarding.launch.services import schedule_apero_info
    from onboarding.models import Amorceur
    from onboarding.services import refresh_indicators, start_checklist
    from onboarding.services.contacts import add_amorceur

    for network in Network.objects.filter(slug__in=[n["slug"] for n in NETWORKS]):
        if network.coach_id is None:
            network.coach = operator
            network.save(update_fields=["coach"])
        start_checklist(network=network)
        refresh_indicators(network=network, actor=operator)
    tilleuls = Network.objects.get(slug="les-tilleuls")
    if not Amorceur.objects.filter(network=tilleuls).exists():
        add_amorceur(network=tilleuls, actor=operator, name="Sophie Martin", kind="resident")
        add_amorceur(
            network=tilleuls,
            actor=operator,
            name="Karim Haddad",
            kind="amicale",
            organisation="Amicale des locataires des Tilleuls",
        )
    if not AperoInfo.objects.filter(network=tilleuls).exists():
        when = timezone.localtime() + timedelta(days=10)
        schedule_apero_info(
            network=tilleuls,
            starts_at=when.replace(hour=18, minute=30, second=0, microsecond=0),
            actor=operator,
        )
    roches = Network.objects.get(slug="bois-des-roches")
    if not CoachingSession.objects.filter(network=roches).exists():
        log_coaching_session(
            network=roches,
            coach=operator,
            date=timezone.localdate() - timedelta(days=2),
            duration_minutes=90,
            topics=["cafes", "communication"],
            notes="Préparation de la Fête de la Coopération avec Martine.",
        )


def _partner(operator) -> list[str]:
    """A municipality paying by invoice for Bois des Roches, and its staff member's login."""
    from datetime import date

    from django.utils import timezone

    from billing.models import Partner, PartnerMembership, Plan
    from billing.services.invoices import issue_invoice, mark_invoice_paid
    from billing.services.partners import create_partner
    from billing.services.subscriptions import create_manual_subscription

    partner = Partner.objects.filter(siret=PARTNER_SIRET).first()
    if partner is None:
        partner = create_partner(
            kind=Partner.Kind.COMMUNE,
            legal_name="Commune de Saint-Michel-sur-Orge",
            siret=PARTNER_SIRET,
            billing_address="Hôtel de ville\n1 place du 19 Mars 1962\n91240 Saint-Michel-sur-Orge",
        )
        year = timezone.localdate().year
        subscription = create_manual_subscription(
            partner=partner,
            plan=Plan.objects.get(code="suivi-annuel"),
            networks=list(Network.objects.filter(slug="bois-des-roches")),
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            purchase_order_ref="BC-2026-118",
        )
        invoice = issue_invoice(subscription=subscription, created_by=operator)
        mark_invoice_paid(invoice=invoice, paid_on=timezone.localdate())
    if not User.objects.filter(email=PARTNER_EMAIL).exists():
        user = User.objects.create_user(
            email=PARTNER_EMAIL,
            password=DEMO_PASSWORD,
            first_name="Claire",
            last_name="Dubois",
            kind=User.Kind.PARTNER,
        )
        PartnerMembership.objects.create(user=user, partner=partner)
    return [f"partner          {PARTNER_EMAIL} / {DEMO_PASSWORD}  (/partenaires/)"]


def _fill_network(spec) -> list[str]:
    lines = []
    first, last, email, address = spec["pilote"]
    with transaction.atomic():
        pilote = Member.objects.filter(user__email=email).first() or create_founding_member(
            first_name=first, last_name=last, email=email, password=DEMO_PASSWORD, address=address
        )
        lines.append(f"{spec['slug']:<16} {email} / {DEMO_PASSWORD}  (pilote)")
        by_name = {first: pilote}
        for first, last, email, address, code in spec["residents"]:
            lookup = {"user__email": email} if email else {"user__member_code": code}
            member = Member.objects.filter(**lookup).first()
            if member is None:
                member = registration.register_member(
                    actor=pilote,
                    first_name=first,
                    last_name=last,
                    address=address,
                    email=email or "",
                    consent=True,
                    sponsor=None if email else pilote,  # Jeanne, without internet
                )
                member.user.set_password(DEMO_PASSWORD)
                if code:
                    member.user.member_code = code
                member.user.save()
            by_name[first] = member
            lines.append(f"{spec['slug']:<16} {email or code} / {DEMO_PASSWORD}")
        if spec["phase"] != Network.Phase.AMORCAGE:
            _community(pilote, spec["meeting_place"])
        for author, kind, theme, title, description in spec["posts"]:
            if not Post.objects.filter(title=title).exists():
                posts.create_post(
                    actor=pilote if by_name[author].sponsor_id == pilote.pk else by_name[author],
                    author=by_name[author],
                    kind=kind,
                    title=title,
                    theme=Theme.objects.get(name=theme),
                    description=description,
                )
    return lines


def _community(pilote, place) -> None:
    """A monthly café series, a compost project and an open group purchase (once)."""
    from datetime import time, timedelta

    from django.utils import timezone

    from community.cafes.models import CafeSeries
    from community.cafes.services import schedule_monthly_series
    from community.projects.models import Project, Sheet
    from community.projects.services import start_project
    from community.purchases.models import GroupPurchase
    from community.purchases.services import open_purchase

    if not CafeSeries.objects.exists():
        schedule_monthly_series(
            actor=pilote,
            weekday=5,
            week_of_month=1,
            start_time=time(10, 0),
            place_name=place,
            place_address="Place du marché, Saint-Michel-sur-Orge",
            description="Café, thé et gâteaux partagés : venez comme vous êtes.",
        )
    if not Project.objects.exists():
        start_project(
            actor=pilote,
            goal="Réduire nos déchets de cuisine de moitié",
            sheet=Sheet.objects.get(slug="compost"),
        )
    if not GroupPurchase.objects.exists():
        open_purchase(
            actor=pilote,
            item="Sac de terreau bio 40 L",
            supplier="Jardinerie du Val",
            unit_cost_cents=690,
            minimum_quantity=10,
            deadline=timezone.now() + timedelta(days=14),
        )
