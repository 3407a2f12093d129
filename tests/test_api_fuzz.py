"""Issue 11, item 5: the network API fuzzed from its own OpenAPI schema (schemathesis), as a
resident and as a pilote of network A: no 5xx, every status code, content type and body as
the schema documents them, and nothing of network B touched. Bounded here (a few examples
per operation, derandomised); `make fuzz` runs more with every check and prints the summary.
"""

import pytest
from django.apps import apps
from django.conf import settings

from coopere.accounts.models import User
from exchange.models import Member, Theme
from exchange.services import connections, matching, moderation, posts
from tests import api_fuzz
from tests.conftest import PASSWORD, host_of, inside


def _member(email, **fields):
    user = User.objects.create_user(
        email=email, password=PASSWORD, first_name=email.split("@")[0].title()
    )
    return Member.objects.create(
        user=user, display_name=user.first_name, address="3 rue des Lilas", **fields
    )


def build_world_a() -> tuple[dict, dict]:
    """Residents, posts in every state, connections with messages, an exchange done and
    thanked, notifications: every endpoint's ids name something. Returns (personas, ids)."""
    rose = _member("rose-fuzz@a.test", phone="0601020304", share_contact=True)
    paul = _member("paul-fuzz@a.test")
    lea = _member("lea-fuzz@a.test", sponsor=rose)
    pia = _member("pia-fuzz@a.test", group_role=Member.GroupRole.PILOTE)
    help_theme = Theme.objects.get(name="Coups de main")
    tools = Theme.objects.get(name="Prêt de matériel")
    drill = posts.create_post(
        actor=rose, author=rose, kind="loan", title="Perceuse à prêter", theme=tools
    )
    ladder = posts.create_post(
        actor=paul, author=paul, kind="need", title="Besoin d'une échelle", theme=tools
    )
    draft = posts.create_post(
        actor=rose, author=lea, kind="offer", title="Tricot", theme=help_theme, publish=False
    )
    hidden = posts.create_post(
        actor=paul, author=paul, kind="gift", title="Cartons", theme=help_theme
    )
    moderation.hide_content(actor=pia, note="Hors sujet", post=hidden)
    done = connections.express_interest(actor=paul, member=paul, post=drill, message="Bonjour")
    connections.send_message(actor=rose, member=rose, connection=done, body="Avec plaisir")
    connections.share_contact(actor=paul, member=paul, connection=done)
    exchange = connections.mark_exchange_done(actor=rose, member=rose, connection=done)
    connections.thank(actor=paul, member=paul, exchange=exchange, message="Merci Rose")
    open_one = connections.express_interest(actor=rose, member=lea, post=ladder, message="")
    matching.notify(
        rose, kind="match", text="Une annonce pour vous", dedupe_key="fuzz", post=ladder
    )
    personas = {
        "résidente": ("rose-fuzz@a.test", PASSWORD),
        "pilote": ("pia-fuzz@a.test", PASSWORD),
    }
    ids = {
        "post": [drill.pk, ladder.pk, draft.pk, hidden.pk],
        "connection": [done.pk, open_one.pk],
        "theme": [help_theme.pk, tools.pk],
    }
    return personas, ids


def build_world_b() -> None:
    bruno = _member("bruno-fuzz@b.test", group_role=Member.GroupRole.PILOTE)
    other = _member("berthe-fuzz@b.test")
    theme = Theme.objects.get(name="Coups de main")
    post = posts.create_post(
        actor=bruno, author=bruno, kind="offer", title="Aide aux devoirs", theme=theme
    )
    connections.express_interest(actor=other, member=other, post=post, message="Bonjour")


def rows_of_every_table() -> dict[str, list[tuple]]:
    """Every row of every network-schema model, in order: compared before and after."""
    tables = {}
    tenant_apps = {apps.get_app_config(a.rsplit(".", 1)[-1]) for a in settings.TENANT_APPS}
    for model in apps.get_models():
        if apps.get_app_config(model._meta.app_label) not in tenant_apps:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        tables[model._meta.label] = list(
            model.objects.order_by("pk").values_list(
                *[f.attname for f in model._meta.concrete_fields]
            )
        )
    return tables


@pytest.mark.django_db
def test_the_api_survives_fuzzing_and_matches_its_schema(network_a, network_b):
    with inside(network_a):
        personas, ids = build_world_a()
    with inside(network_b):
        build_world_b()
        before = rows_of_every_table()

    summary = api_fuzz.Summary()
    api_fuzz.fuzz_all(personas=personas, host=host_of(network_a), ids=ids, summary=summary)
    print(summary.text())

    with inside(network_b):
        assert rows_of_every_table() == before, "the fuzz run changed network B"
    assert summary.requests > 0
    assert not summary.failures, summary.text()
    assert settings.COOPERE_BASE_DOMAIN in host_of(network_a)
