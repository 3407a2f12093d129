"""Provision the database of `make bench-scale`: N live networks with residents and posts,
plus the public rows the console and the partner portal read. Idempotent: a rerun only
adds the networks still missing, so a prepared database is reused.

The first network is opened the project's way (a clone of the template, filled through
the ORM); the others are copies of its schema (tests/bench/schema_copies.py) with their
registry rows in bulk.

Run by tests/bench/scale.py in a process of its own per database (COOPERE_DB_NAME):
`python -m tests.bench.scale_provision N`.
"""

import datetime
import os
import random
import sys
import time

from .schema_copies import copy_schema

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.scale_settings")

SLUG = "scale-{:04d}"
REGIONS = 10
RESIDENTS = 20  # per network, the first one its pilote
POSTS = 40  # per network
OPERATOR = "scale-operator@coopere.test"
PARTNER_USER = "scale-partner@coopere.test"
PILOTE = "pilote@scale.test"


def _regions():
    from tenants.models import Region

    return [
        Region.objects.get_or_create(code=f"scale-{k}", defaults={"name": f"Région {k}"})[0]
        for k in range(REGIONS)
    ]


def _fill(rng: random.Random) -> None:
    """Residents and posts of the current schema, in a few bulk inserts."""
    from coopere.accounts.models import User
    from exchange.models import Member, Post, Theme

    from .search import WORDS

    themes = {t.name: t for t in Theme.objects.filter(name__in=WORDS)}
    users = User.objects.bulk_create(
        User(
            email=PILOTE if j == 0 else f"voisin{j}@scale.test",
            first_name=f"Voisin {j}",
            kind=User.Kind.RESIDENT,
            password="!",
        )
        for j in range(RESIDENTS)
    )
    members = Member.objects.bulk_create(
        Member(
            user=u,
            display_name=u.first_name,
            address=f"Bâtiment {j % 6}",
            group_role="pilote" if j == 0 else "",
        )
        for j, u in enumerate(users)
    )
    posts = []
    for i in range(POSTS):
        theme = rng.choice(list(WORDS))
        phrase = rng.choice(WORDS[theme])
        posts.append(
            Post(
                kind=rng.choice(["offer", "need", "loan", "gift"]),
                title=f"{phrase.capitalize()} ({i})",
                description=f"Bonjour, {phrase}. Près du bâtiment {rng.choice('ABCDEF')}.",
                theme=themes[theme],
                author=rng.choice(members),
                status="open",
            )
        )
    Post.objects.bulk_create(posts)


def _open_seed(region):
    """The first network, opened by the project's own path (clone of the template) and
    filled through the ORM: every other network is a copy of its schema."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from tenants import services

    network = services.create_network(
        name="Réseau 0000",
        slug=SLUG.format(0),
        region=region,
        estimated_households=250,
        meeting_place="Place du marché",
        phase="structuration",  # platform open: residents' pages answer
        method="clone",
    )
    with schema_context(network.schema_name):
        _fill(random.Random(0))
    connection.set_schema_to_public()
    return network


def _copies(seed, regions, indexes: list[int]) -> None:
    """Copy the seed schema for each index, then add their registry rows in bulk, as
    create_network would."""
    from django.utils import timezone

    from tenants.models import Domain, Network
    from tenants.services import network_hostname

    def registered(schemas: list[str]) -> None:
        now = timezone.now()
        networks = Network.objects.bulk_create(
            Network(
                schema_name=schema,
                state=Network.State.LIVE,
                name=f"Réseau {i:04d}",
                slug=SLUG.format(i),
                region=regions[i % REGIONS],
                estimated_households=100 + i % 400,
                meeting_place="Place du marché",
                phase="structuration",
                opened_at=now,
                platform_opened_at=now,
            )
            for schema in schemas
            for i in [int(schema.rsplit("_", 1)[1])]
        )
        Domain.objects.bulk_create(
            Domain(domain=network_hostname(n.slug), tenant=n, is_primary=True) for n in networks
        )

    copy_schema(seed.schema_name, [_schema(i) for i in indexes], registered)


def _schema(index: int) -> str:
    return "n_" + SLUG.format(index).replace("-", "_")


def _drop_orphans() -> None:
    """Schemas of an interrupted run whose registry rows were never written."""
    from django.db import connection

    from tenants.models import Network

    rows = set(Network.objects.values_list("schema_name", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'n\\_scale\\_%'")
        for (schema,) in cursor.fetchall():
            if schema not in rows:
                cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _public_rows(networks) -> None:
    """Checklists, this month's snapshot, an operator, a partner over one region."""
    from django.utils import timezone

    from billing.models import Partner, PartnerMembership, Plan, Subscription
    from coopere.accounts.models import User
    from onboarding.models import ChecklistVersion, NetworkChecklist
    from tenants.models import NetworkSnapshot

    from ..billing.portal_support import siret

    version = ChecklistVersion.objects.order_by("-number").first()
    if version is not None:
        have = set(NetworkChecklist.objects.values_list("network_id", flat=True))
        NetworkChecklist.objects.bulk_create(
            NetworkChecklist(network=n, version=version) for n in networks if n.pk not in have
        )
    month = timezone.localdate().replace(day=1)
    have = set(NetworkSnapshot.objects.filter(month=month).values_list("network_id", flat=True))
    NetworkSnapshot.objects.bulk_create(
        NetworkSnapshot(
            network=n,
            month=month,
            computed_at=timezone.now(),
            residents=RESIDENTS,
            households_in_perimeter=n.estimated_households or 0,
            households_reached=RESIDENTS,
            active_offers=POSTS // 2,
            group_size=6,
            cafes_held=1,
        )
        for n in networks
        if n.pk not in have
    )
    if not User.objects.filter(email=OPERATOR).exists():
        User.objects.create_superuser(email=OPERATOR, password="!", first_name="Bench")
    partner, _created = Partner.objects.get_or_create(
        siret=siret("2191099000"),
        defaults={
            "kind": "departement",
            "legal_name": "Département de banc d'essai",
            "billing_address": "1 rue du Banc\n91000 Évry",
        },
    )
    if not PartnerMembership.objects.filter(partner=partner).exists():
        user = User.objects.create_user(
            email=PARTNER_USER, password="!", first_name="Paula", kind=User.Kind.PARTNER
        )
        PartnerMembership.objects.create(user=user, partner=partner)
    plan, _created = Plan.objects.get_or_create(
        code="scale-bench", defaults={"name": "Banc d'essai", "price_cents": 120000}
    )
    subscription, _created = Subscription.objects.get_or_create(
        partner=partner,
        plan=plan,
        defaults={
            "status": "active",
            "source": "manual",
            "current_period_start": month,
            "current_period_end": month + datetime.timedelta(days=364),
        },
    )
    # One region's networks: a département-sized partner.
    subscription.networks.set([n for n in networks if n.region.code == "scale-0"])


def provision(count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from tenants import services
    from tenants.models import Network

    started = time.perf_counter()
    call_command("migrate_networks", verbosity=0)
    services.ensure_public_site()
    services.ensure_template()
    regions = _regions()
    _drop_orphans()
    have = set(Network.objects.filter(slug__startswith="scale-").values_list("slug", flat=True))
    todo = [i for i in range(count) if SLUG.format(i) not in have]
    print(f"  {len(have)} réseaux déjà prêts, {len(todo)} à créer", flush=True)
    if 0 in todo:
        todo.remove(0)
        _open_seed(regions[0])
    if todo:
        _copies(Network.objects.get(slug=SLUG.format(0)), regions, todo)
    networks = list(
        Network.objects.filter(slug__startswith="scale-").select_related("region").order_by("slug")
    )
    _public_rows(networks)
    print(f"  {len(networks)} réseaux prêts en {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    provision(int(sys.argv[1]))
