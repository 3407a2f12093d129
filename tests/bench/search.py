"""Search and list figures on a network holding 5,000 posts: `make bench` calls it.

The search page runs `selectors.browse_posts(q=...)`: a ranked French full-text query over
the GIN-indexed search vector, then one page of 20 and the total count.
"""

import random
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

POSTS = 5000
QUERIES = [
    "perceuse",
    "etagere",
    "chat",
    "velo electrique",
    "jardin",
    "cours de français",
    "déménagement",
    "ordinateur",
    "covoiturage gare",
    "poussette",
]

WORDS = {
    "Coups de main": [
        "monter une étagère",
        "déménagement samedi",
        "changer une ampoule",
        "porter des courses",
        "réparer un vélo électrique",
    ],
    "Prêt de matériel": [
        "perceuse à percussion",
        "escabeau",
        "tondeuse",
        "poussette",
        "appareil à raclette",
    ],
    "Garde d'animaux": ["nourrir mon chat", "promener le chien", "garder les poissons"],
    "Conseils": [
        "cours de français",
        "aide pour un ordinateur",
        "démarches administratives",
        "conseils de jardin",
    ],
    "Covoiturage": ["covoiturage gare RER", "trajet vers le marché", "aller au cinéma"],
}


def fill(author_count: int = 50) -> None:
    """5,000 open posts with French titles and descriptions, in the current schema."""
    from coopere.accounts.models import User
    from exchange.models import Member, Post, Theme

    rng = random.Random(42)
    themes = {t.name: t for t in Theme.objects.filter(name__in=WORDS)}
    authors = [
        Member.objects.create(
            user=User.objects.create_user(email=f"bench{i}@bench.test", first_name=f"B{i}"),
            display_name=f"Voisin {i}",
            address="rue du Banc",
        )
        for i in range(author_count)
    ]
    posts = []
    for i in range(POSTS):
        theme_name = rng.choice(list(WORDS))
        phrase = rng.choice(WORDS[theme_name])
        posts.append(
            Post(
                kind=rng.choice(["offer", "need", "loan", "gift"]),
                title=f"{phrase.capitalize()} ({i})",
                description=f"Bonjour, {phrase}. Disponible le soir ou le week-end, près du "
                f"bâtiment {rng.choice('ABCDEF')}.",
                theme=themes[theme_name],
                author=rng.choice(authors),
                status="open",
            )
        )
    # The search vector is a generated column: PostgreSQL fills it as the rows go in.
    Post.objects.bulk_create(posts, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE exchange_post")


def time_search(runs_per_query: int = 5) -> list[float]:
    from exchange import selectors

    timings = []
    for q in QUERIES:
        for _ in range(runs_per_query):
            start = time.perf_counter()
            qs = selectors.browse_posts(q=q)
            list(qs[:20])
            qs.count()
            timings.append(time.perf_counter() - start)
    return timings


def time_page(host: str, path: str, email: str, password: str, runs: int = 30):
    client = Client(HTTP_HOST=host)
    client.post("/connexion/", {"username": email, "password": password})
    client.get(path)  # warm-up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - start)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    return timings, len(ctx.captured_queries)


def report(network) -> None:
    from django_tenants.utils import schema_context

    from coopere.accounts.models import User
    from exchange.models import Member
    from tenants.services import network_hostname

    with schema_context(network.schema_name):
        start = time.perf_counter()
        fill()
        filled = time.perf_counter() - start
        user = User.objects.create_user(
            email="lecteur@bench.test", password="bench-pass-123", first_name="Lecteur"
        )
        Member.objects.create(user=user, display_name="Lecteur", address="rue")
        search = time_search()
    print(f"Search over {POSTS} posts (filled in {filled:.1f} s), {len(QUERIES)} queries × 5")
    median, p90 = statistics.median(search), sorted(search)[int(len(search) * 0.9)]
    print(
        f"  browse_posts(q) page of 20 + count: median {median * 1000:.1f} ms,"
        f" p90 {p90 * 1000:.1f} ms, max {max(search) * 1000:.1f} ms"
    )
    host = network_hostname(network.slug)
    for path in ("/annonces/", "/annonces/?q=perceuse", "/annonces/?q=velo+electrique&kind=offer"):
        timings, queries = time_page(host, path, "lecteur@bench.test", "bench-pass-123")
        median = statistics.median(timings) * 1000
        print(f"  GET {path:<40} median {median:6.1f} ms, {queries} queries")
