"""The impact page on a network with two years of history: 24 cafés, 400 members,
3,000 exchanges, and 24 monthly snapshots in public. `make bench` calls it."""

import random
import statistics
import time
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

MEMBERS, EXCHANGES, MONTHS = 400, 3000, 24


def fill() -> None:
    from community.cafes.models import Cafe
    from coopere.accounts.models import User
    from exchange.models import Connection, Exchange, Member, Post, Theme

    rng = random.Random(7)
    now = timezone.now()
    themes = list(Theme.objects.all())
    users = User.objects.bulk_create(
        User(email=f"impact{i}@bench.test", first_name=f"I{i}", kind="resident", password="!")
        for i in range(MEMBERS)
    )
    members = Member.objects.bulk_create(
        Member(
            user=u,
            display_name=u.first_name,
            address=f"Bâtiment {i % 12}",
            registered_at=now - timedelta(days=rng.randint(0, 730)),
            group_role="animateur" if i < 8 else "",
        )
        for i, u in enumerate(users)
    )
    host = members[0]
    Cafe.objects.bulk_create(
        Cafe(
            starts_at=now - timedelta(days=30 * m + 3),
            place_name="Place du marché",
            status="held",
            headcount_members=rng.randint(8, 25),
            headcount_non_members=rng.randint(0, 6),
            created_by=host,
        )
        for m in range(MONTHS)
    )
    posts = Post.objects.bulk_create(
        Post(
            kind="offer",
            title=f"Coup de main {i}",
            theme=rng.choice(themes),
            author=rng.choice(members),
            status="done",
            published_at=now - timedelta(days=rng.randint(0, 730)),
        )
        for i in range(EXCHANGES)
    )
    connections = Connection.objects.bulk_create(
        Connection(post=p, requester=rng.choice(members)) for p in posts
    )
    Exchange.objects.bulk_create(
        Exchange(
            connection=c,
            theme_id=p.theme_id,
            giver=p.author,
            receiver=c.requester,
            marked_by=c.requester,
            done_at=p.published_at + timedelta(days=2),
        )
        for p, c in zip(posts, connections, strict=True)
    )


def report(network) -> None:
    from django_tenants.utils import schema_context

    from community.impact.services import backfill_snapshots
    from coopere.accounts.models import User
    from exchange.models import Member
    from tenants.services import network_hostname

    with schema_context(network.schema_name):
        start = time.perf_counter()
        fill()
        backfill_snapshots(months=MONTHS)
        filled = time.perf_counter() - start
        user = User.objects.create_user(
            email="pilote@bench.test", password="bench-pass-123", first_name="Pilote"
        )
        Member.objects.create(user=user, display_name="Pilote", address="rue", group_role="pilote")
    client = Client(HTTP_HOST=network_hostname(network.slug))
    client.post("/connexion/", {"username": "pilote@bench.test", "password": "bench-pass-123"})
    client.get("/impact/")  # warm-up
    timings = []
    for _ in range(20):
        begin = time.perf_counter()
        response = client.get("/impact/")
        timings.append(time.perf_counter() - begin)
    if response.status_code != 200:
        raise RuntimeError(f"/impact/ answered {response.status_code}")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/impact/")
    print(
        f"Impact page, {MONTHS} months of history ({MEMBERS} members, {EXCHANGES} exchanges,"
        f" {MONTHS} cafés; filled and snapshotted in {filled:.1f} s)"
    )
    print(
        f"  GET /impact/ median {statistics.median(timings) * 1000:.1f} ms,"
        f" max {max(timings) * 1000:.1f} ms, {len(ctx.captured_queries)} queries"
    )
