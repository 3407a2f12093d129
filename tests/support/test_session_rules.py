"""What a support session may do (read the group's pages, change nothing), isolation of the
journals, and the support user never counting as a member."""

from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from exchange.models import Member, Post
from support.models import SupportSession
from tenants import services as tenant_services
from tenants.models import Network
from tests.conftest import inside
from tests.exchange.test_pages import _logged

from .conftest import ask, enter, text


def _support(console, client_for, network):
    client, response = enter(client_for, network, ask(console, network)["Location"])
    assert response.status_code == 302
    return client


def test_support_session_cannot_write(console, client_for, network_a):
    client = _support(console, client_for, network_a)
    response = client.post("/annonces/nouvelle/", {"kind": "offer", "title": "Perceuse"})
    assert response.status_code == 403
    assert "ne peut rien modifier" in text(response)
    assert "Session support —" in text(response)  # still in, still told
    response = client.post("/animation/inscrire/", {"first_name": "Marc"})
    assert response.status_code == 403
    with inside(network_a):
        assert not Post.objects.exists()
        assert not Member.objects.filter(display_name="Marc").exists()


def test_support_session_reads_the_group_pages_only(console, client_for, network_a):
    client = _support(console, client_for, network_a)
    assert client.get("/groupe/parcours/").status_code == 200
    assert client.get("/support/journal/").status_code == 200
    # Pages of a member (own profile, posting): the support user is nobody's member.
    assert client.get("/mon-profil/").status_code == 403
    assert client.get("/annonces/nouvelle/").status_code == 403


def test_support_user_never_counts(console, client_for, network_a, pilote_a, voisine_a):
    _support(console, client_for, network_a)
    with inside(network_a):
        support_user = User.objects.get(kind=User.Kind.OPERATOR)
        assert not Member.objects.filter(user=support_user).exists()
        residents = User.objects.filter(kind=User.Kind.RESIDENT, is_active=True).count()
        assert tenant_services.recount_members() == residents
    with schema_context(get_public_schema_name()):
        assert Network.objects.get(pk=network_a.pk).member_count == residents
    # The directory, seen by a resident, does not list the coach.
    neighbour = _logged(client_for, network_a, "voisine-support@a.test")
    directory = text(neighbour.get("/membres/"))
    assert "Pilote-Support" in directory and "Nadia" not in directory
    # Nor the impact figures (residents, group size) of this month.
    from django.utils import timezone

    from community.impact.indicators import compute

    with inside(network_a):
        figures = compute(timezone.localdate().replace(day=1))
        members = Member.objects.filter(anonymised_at__isnull=True).count()
        group = Member.objects.exclude(group_role="").count()
    assert figures["residents"] == members
    assert figures["group_size"] == group


def test_b_animators_never_see_a_journal(console, client_for, network_a, network_b, pilote_b):
    _support(console, client_for, network_a)
    with inside(network_a):
        assert SupportSession.objects.count() == 1
    with inside(network_b):
        assert not SupportSession.objects.exists()
    client = _logged(client_for, network_b, "pilote-support@b.test")
    journal = client.get("/support/journal/")
    assert journal.status_code == 200
    assert "Aider le groupe" not in text(journal)
    assert "Nadia" not in text(journal)


def test_a_journal_for_a_animators_only(console, client_for, network_a, pilote_a, voisine_a):
    _support(console, client_for, network_a)
    pilote = _logged(client_for, network_a, "pilote-support@a.test")
    journal = text(pilote.get("/support/journal/"))
    assert "Nadia Coach" in journal and "Aider le groupe" in journal
    neighbour = _logged(client_for, network_a, "voisine-support@a.test")
    assert neighbour.get("/support/journal/").status_code == 403
    anonymous = client_for(network_a).get("/support/journal/")
    assert anonymous.status_code == 302 and "/connexion/" in anonymous["Location"]


def test_console_list_has_constant_queries(console, network_a, network_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert console.get("/console/support/").status_code == 200
        return len(ctx)

    ask(console, network_a)
    few = count()
    for n in range(30):
        ask(console, network_b if n % 2 else network_a, reason=f"Raison {n}")
    assert count() == few


def test_console_panel_shows_form_and_last_sessions(console, network_a, rf, coach):
    from django.template.loader import render_to_string
    from django.test import override_settings

    ask(console, network_a, reason="Préparer la fête")
    request = rf.get("/console/reseaux/reseau-a/")
    request.user = coach
    request.tenant = network_a  # as the console page's context processor would see it
    with override_settings(ROOT_URLCONF="coopere.urls_public"):
        html = render_to_string(
            "console/support/_panel.html", {"network": network_a}, request=request
        )
    assert "/console/support/reseau-a/ouvrir/" in html
    assert "Préparer la fête" in html


def test_support_reads_the_group_organisation_pages_not_residents_pages(
    console, client_for, network_a, pilote_a, voisine_a
):
    from datetime import timedelta

    from django.utils import timezone

    from community.team import services as team
    from community.team.models import TaskFamily

    with inside(network_a):
        family = TaskFamily.objects.get(name="Communication")
        team.create_task(actor=pilote_a, family=family, title="Affiches du café", assignee=pilote_a)
        day = timezone.localdate() + timedelta(days=60)
        fete = team.create_fete(actor=pilote_a, year=day.year, date=day, place="Parc des Tilleuls")
    client = _support(console, client_for, network_a)
    for path in [
        "/groupe/",
        "/groupe/charge/",
        "/groupe/fete/",
        f"/groupe/fete/{fete.pk}/",
        "/impact/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Session support — Nadia Coach" in text(response), path
    assert "Affiches du café" in text(client.get("/groupe/"))
    # Pages about residents themselves, and every form, stay closed.
    for path in [
        "/animation/",
        "/animation/membres/",
        "/animation/inscrire/",
        "/animation/moderation/",
        "/groupe/taches/nouvelle/",
        "/groupe/mes-taches/",
        f"/membres/{voisine_a.pk}/",
        "/membres/",
        "/lettre/",
        "/impact/impact.csv",
    ]:
        assert client.get(path).status_code == 403, path
    # Reading left no trace among the group: no member, no task taken.
    with inside(network_a):
        assert Member.objects.count() == Member.objects.exclude(user__kind="operator").count()


def test_console_network_page_carries_the_support_panel(console, network_a):
    ask(console, network_a, reason="Préparer la fête")
    response = console.get("/console/reseaux/reseau-a/")
    assert response.status_code == 200
    body = text(response)
    assert 'action="/console/support/reseau-a/ouvrir/"' in body
    assert "Ouvrir le réseau en support" in body and "Préparer la fête" in body


def test_support_banner_links_only_to_readable_pages(console, client_for, network_a):
    from django.utils import timezone

    with schema_context(get_public_schema_name()):
        Network.objects.filter(pk=network_a.pk).update(platform_opened_at=timezone.now())
    client = _support(console, client_for, network_a)
    body = text(client.get("/groupe/parcours/"))
    # No residents' subnav (its pages are closed to support), the banner's links instead.
    assert 'href="/annonces/"' not in body
    for path in ["/groupe/parcours/", "/groupe/", "/impact/", "/support/journal/"]:
        assert f'href="{path}"' in body
        assert client.get(path).status_code == 200, path
