"""The `make load` database (`coopere_load`): 500 networks opened by `create_network`, the
café network's residents and posts, coaches, partners with subscriptions. Idempotent: a
rerun finds what is there, adds what is missing, and migrates only when the code has
migrations the database lacks.

Run by `make load` (tests/load/run.py) with DJANGO_SETTINGS_MODULE=tests.load.settings.
"""

import datetime
import random
import time

from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from tests.bench.schema_copies import copy_schema

NETWORKS = 500
SLUG_PREFIX = "charge-"
CAFE_SLUG = f"{SLUG_PREFIX}000"  # the café evening's network
PASSWORD = "charge-cafe-rencontre"
RESIDENTS = 60  # 50 browse and search, 10 post
POSTS = 300
COACHES = 4
PARTNERS = 10  # each covering 50 networks
MONTHS = 24  # snapshot history per network (the partners' impact charts)

ANIMATOR_EMAIL = "animateur@charge.test"


def resident_email(i: int) -> str:
    return f"voisin{i:02d}@charge.test"


def coach_email(i: int) -> str:
    return f"coach{i}@coopere.charge"


def partner_email(i: int) -> str:
    return f"partenaire{i:02d}@charge.test"


# Words residents offer and look for: the searches of the scenario find some of them.
THINGS = [
    ("Prêt de matériel", "loan", "Perceuse à percussion"),
    ("Prêt de matériel", "loan", "Échelle de 3 mètres"),
    ("Prêt de matériel", "need", "Tondeuse pour un petit jardin"),
    ("Coups de main", "offer", "Aide pour monter un meuble"),
    ("Coups de main", "need", "Quelqu'un pour arroser mes plantes en août"),
    ("Coups de main", "offer", "Petits travaux de peinture"),
    ("Prêt de matériel", "gift", "Vélo d'enfant à donner"),
    ("Coups de main", "need", "Cours de français pour ma voisine"),
    ("Coups de main", "offer", "Garde de chat pendant les vacances"),
    ("Prêt de matériel", "loan", "Appareil à raclette"),
]


def log(message: str) -> None:
    print(f"[préparation] {message}", flush=True)


def _needs_migrating(schema: str) -> bool:
    with schema_context(schema):
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def migrate() -> None:
    """A database whose public schema or template lacks a migration of the code is built
    again from scratch (migrating 500 schemas, some of them registry rows only, would take
    longer than opening them again)."""
    from django.conf import settings

    if _table_exists("tenants_network") and (
        _needs_migrating(get_public_schema_name())
        or (
            _schema_exists(settings.TENANT_BASE_SCHEMA)
            and _needs_migrating(settings.TENANT_BASE_SCHEMA)
        )
    ):
        log("the code has new migrations: the load database is built again")
        _recreate_database()
    if not _table_exists("tenants_network") or _needs_migrating(get_public_schema_name()):
        call_command("migrate_schemas", interactive=False, verbosity=0)


def _recreate_database() -> None:
    import psycopg

    db = connection.settings_dict
    connection.close()
    params = {
        k: db.get(K) or None
        for k, K in [("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD")]
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{db["NAME"]}"')


def _table_exists(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"public.{table}"])
        return cursor.fetchone()[0] is not None


def _schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None


def coaches() -> list:
    from coopere.accounts.models import User
    from coopere.accounts.services import create_operator

    found = []
    for i in range(COACHES):
        user = User.objects.filter(email=coach_email(i)).first() or create_operator(
            email=coach_email(i), password=PASSWORD, first_name=f"Coach{i}", last_name="Charge"
        )
        found.append(user)
    return found


def networks(region, coaches_: list, upto: int = NETWORKS) -> list:
    """Open the missing networks. The café network and the next one are opened by
    `create_network` (clone of the template, the warm pool's path for its spares); every
    other network is a copy of the second one's schema (tests/bench/schema_copies.py) with
    the registry rows create_network writes (Network, Domain)."""
    from tenants.models import Network
    from tenants.services import create_network

    _drop_orphans()
    have = set(Network.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True))
    missing = [i for i in range(upto) if _slug(i) not in have]
    for i in [i for i in missing if i < 2]:
        network = create_network(
            name=_name(i),
            slug=_slug(i),
            region=region,
            estimated_households=_households(i),
            meeting_place="Salle du Lavoir",
            # The café network is past lancement (its residents' site is open).
            phase=Network.Phase.STRUCTURATION if i == 0 else _phase(i),
            method="clone",
        )
        network.coach = coaches_[i % len(coaches_)]
        network.save(update_fields=["coach"])
    copies = [i for i in missing if i >= 2]
    if copies:
        log(f"{len(copies)} networks to open (copies of an empty network's schema)…")
        seed = Network.objects.get(slug=_slug(1)).schema_name
        copy_schema(
            seed,
            [_schema(i) for i in copies],
            lambda schemas: _register(region, coaches_, schemas),
            log=log,
        )
    return list(Network.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"))


def _slug(i: int) -> str:
    return f"{SLUG_PREFIX}{i:03d}"


def _schema(i: int) -> str:
    return f"n_charge_{i:03d}"


def _name(i: int) -> str:
    return "Quartier du Lavoir" if i == 0 else f"Réseau de charge {i:03d}"


def _households(i: int) -> int:
    return 100 + (i * 7) % 400


def _phase(i: int) -> str:
    from tenants.models import Network

    phases = Network.Phase.values
    return phases[i % len(phases)]


def _register(region, coaches_: list, schemas: list[str]) -> None:
    """The registry rows of copied schemas, as create_network writes them."""
    from tenants.models import Domain, Network
    from tenants.services import network_hostname

    now = timezone.now()
    opened = []
    for schema in schemas:
        i = int(schema.rsplit("_", 1)[1])
        phase = _phase(i)
        opened.append(
            Network(
                schema_name=schema,
                state=Network.State.LIVE,
                name=_name(i),
                slug=_slug(i),
                region=region,
                estimated_households=_households(i),
                meeting_place="Salle du Lavoir",
                phase=phase,
                coach=coaches_[i % len(coaches_)],
                opened_at=now,
                platform_opened_at=now
                if phase in {Network.Phase.STRUCTURATION, Network.Phase.AUTONOMIE}
                else None,
            )
        )
    Domain.objects.bulk_create(
        Domain(domain=network_hostname(n.slug), tenant=n, is_primary=True)
        for n in Network.objects.bulk_create(opened)
    )


def _drop_orphans() -> None:
    """Schemas of an interrupted run whose registry rows were never written."""
    from tenants.models import Network

    rows = set(Network.objects.values_list("schema_name", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'n\\_charge\\_%'")
        for (schema,) in cursor.fetchall():
            if schema not in rows:
                cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')


def checklists_and_snapshots(all_networks: list) -> None:
    """Each network follows the checklist; 24 months of figures for the console and the
    partners' impact pages. The figures are made up (the networks are empty), written in
    bulk as the nightly task would have written them month after month."""
    from onboarding.services import start_checklist
    from tenants.models import NetworkSnapshot

    for network in all_networks:
        start_checklist(network=network)
    with_history = set(
        NetworkSnapshot.objects.filter(network__in=all_networks)
        .values_list("network_id", flat=True)
        .distinct()
    )
    month = timezone.localdate().replace(day=1)
    months = []
    for _ in range(MONTHS):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    rows = [
        NetworkSnapshot(
            network=network,
            month=m,
            computed_at=timezone.now(),
            households_in_perimeter=network.estimated_households,
            households_reached=min(network.estimated_households, 20 + back * 3),
            residents=30 + (MONTHS - back) * 2,
            accompanied=3,
            active_offers=10 + back % 7,
            active_needs=6 + back % 5,
            exchanges_done=back % 9,
            exchanges_by_theme={"Coups de main": back % 5, "Prêt de matériel": back % 4},
            cafes_held=1,
            cafes_scheduled=1,
            cafe_attendance=12 + back % 6,
            newcomers=back % 4,
            group_size=6,
            tasks_done=back % 6,
            newsletters_sent=back % 2,
        )
        for network in all_networks
        if network.pk not in with_history
        for back, m in enumerate(months)
    ]
    NetworkSnapshot.objects.bulk_create(rows, batch_size=2000)
    if rows:
        log(f"{len(rows)} monthly snapshots written")


def cafe_network(network) -> None:
    """The Quartier du Lavoir: an animator, 60 residents who log in, 300 posts, tonight's
    café (`at the café` works from the café's day on)."""
    from community.cafes.models import Cafe
    from community.cafes.services import schedule_cafe
    from exchange.models import Member, Post, Theme
    from exchange.services import posts, registration
    from exchange.services.bootstrap import create_founding_member

    with schema_context(network.schema_name):
        animator = Member.objects.filter(user__email=ANIMATOR_EMAIL).first()
        if animator is None:
            animator = create_founding_member(
                first_name="Anaïs", last_name="Animatrice", email=ANIMATOR_EMAIL,
                password=PASSWORD, address="2 rue du Lavoir",
            )  # fmt: skip
        residents = []
        for i in range(RESIDENTS):
            member = Member.objects.filter(user__email=resident_email(i)).first()
            if member is None:
                with transaction.atomic():
                    member = registration.register_member(
                        actor=animator,
                        first_name=f"Voisin{i:02d}",
                        last_name="Lavoir",
                        address=f"{i + 1} rue du Lavoir",
                        email=resident_email(i),
                        consent=True,
                    )
                    # As if they had activated their card (the activation page sets it).
                    member.user.set_password(PASSWORD)
                    member.user.save(update_fields=["password"])
            residents.append(member)
        have = Post.objects.count()
        if have < POSTS:
            themes = {t.name: t for t in Theme.objects.all()}
            rng = random.Random(have)
            for n in range(have, POSTS):
                theme, kind, title = THINGS[n % len(THINGS)]
                author = residents[rng.randrange(len(residents))]
                posts.create_post(
                    actor=author, author=author, kind=kind, title=f"{title} ({n})",
                    theme=themes[theme], description=f"Au {n % 40 + 1} rue du Lavoir, le soir.",
                )  # fmt: skip
            log(f"{POSTS - have} posts written in the café network")
        today = timezone.localdate()
        if not Cafe.objects.filter(
            starts_at__date__lte=today, status=Cafe.Status.SCHEDULED
        ).exists():
            schedule_cafe(
                actor=animator,
                starts_at=timezone.now() + datetime.timedelta(seconds=30),
                place_name="Salle du Lavoir",
                place_address="2 rue du Lavoir",
            )
            log("tonight's café scheduled")


def partners(all_networks: list, operator) -> None:
    """Ten municipalities, each paying by invoice for 50 networks (active once paid)."""
    from billing.models import Partner, PartnerMembership, Plan
    from billing.services.invoices import issue_invoice, mark_invoice_paid
    from billing.services.partners import create_partner
    from billing.services.subscriptions import create_manual_subscription
    from coopere.accounts.models import User
    from tests.billing.portal_support import siret as make_siret

    per_partner = len(all_networks) // PARTNERS
    year = timezone.localdate().year
    for i in range(PARTNERS):
        siret = make_siret(f"9{i:03d}")
        partner = Partner.objects.filter(siret=siret).first()
        if partner is None:
            partner = create_partner(
                kind=Partner.Kind.COMMUNE,
                legal_name=f"Commune de Charge-{i:02d}",
                siret=siret,
                billing_address=f"Hôtel de ville\n{i + 1} place de la Mairie\n91000 Charge",
            )
            subscription = create_manual_subscription(
                partner=partner,
                plan=Plan.objects.get(code="suivi-annuel"),
                networks=all_networks[i * per_partner : (i + 1) * per_partner],
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
            )
            invoice = issue_invoice(subscription=subscription, created_by=operator)
            mark_invoice_paid(invoice=invoice, paid_on=timezone.localdate())
        if not User.objects.filter(email=partner_email(i)).exists():
            user = User.objects.create_user(
                email=partner_email(i),
                password=PASSWORD,
                first_name=f"Élu{i:02d}",
                last_name="Charge",
                kind=User.Kind.PARTNER,
            )
            PartnerMembership.objects.create(user=user, partner=partner)


def prepare() -> None:
    from tenants import services
    from tenants.models import Region

    started = time.monotonic()
    migrate()
    services.ensure_public_site()
    services.ensure_template()
    region, _ = Region.objects.get_or_create(code="charge", defaults={"name": "Charge"})
    coaches_ = coaches()
    # The café network first: its evening can be tried while the others are being opened.
    cafe_network(networks(region, coaches_, upto=1)[0])
    all_networks = networks(region, coaches_)
    checklists_and_snapshots(all_networks)
    partners(all_networks, coaches_[0])
    _purge_queued_tasks()
    _write_real_networks(all_networks)
    _open_sessions(next(n for n in all_networks if n.slug == CAFE_SLUG))
    log(f"ready in {time.monotonic() - started:.0f} s: {len(all_networks)} networks")


REAL_NETWORKS_FILE = "real-networks.txt"


def _write_real_networks(all_networks: list) -> None:
    """The slugs of networks with a schema, for the coaches' visits to network pages (the
    console's network page reads the pilotes from the network's schema)."""
    from django.conf import settings

    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        schemas = {row[0] for row in cursor.fetchall()}
    out = settings.BASE_DIR / ".data" / "load"
    out.mkdir(parents=True, exist_ok=True)
    real = [n.slug for n in all_networks if n.schema_name in schemas]
    (out / REAL_NETWORKS_FILE).write_text("\n".join(real) + "\n")
    log(f"{len(real)} networks with their schema, {len(all_networks) - len(real)} registry rows")


SESSIONS_FILE = "sessions.json"


def _open_sessions(cafe) -> None:
    """A session for every load user, as the login page leaves it (user, backend, password
    hash, the schema it belongs to). Residents of a network stay logged in for weeks: on a
    café evening nobody logs in sixty times in a minute, and 60 argon2 hashes at once would
    be all the run measures. The animator still logs in through the login page."""
    import json

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from coopere.accounts.models import User
    from coopere.accounts.signals import SESSION_SCHEMA_KEY

    def open_for(schema: str, emails: list[str]) -> dict:
        found = {}
        with schema_context(schema):
            for user in User.objects.filter(email__in=emails):
                session = SessionStore()
                session[SESSION_KEY] = str(user.pk)
                session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
                session[HASH_SESSION_KEY] = user.get_session_auth_hash()
                session[SESSION_SCHEMA_KEY] = schema
                session.create()
                found[user.email] = session.session_key
        return found

    sessions = {
        **open_for(cafe.schema_name, [resident_email(i) for i in range(RESIDENTS)]),
        **open_for(
            get_public_schema_name(),
            [coach_email(i) for i in range(COACHES)] + [partner_email(i) for i in range(PARTNERS)],
        ),
    }
    out = settings.BASE_DIR / ".data" / "load" / SESSIONS_FILE
    out.write_text(json.dumps(sessions, indent=1))
    log(f"{len(sessions)} sessions opened")


def _purge_queued_tasks() -> None:
    """Nobody consumes the load database's tasks (activation emails, matches): drop them."""
    from coopere.celery import app

    app.control.purge()


if __name__ == "__main__":
    import django

    django.setup()
    prepare()
