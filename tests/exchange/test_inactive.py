"""RGPD retention: accounts without a login for COOPERE_INACTIVE_MONTHS (24 by default) are
flagged for the Groupe d'Animation on the animation members page and by
`manage.py inactive_members`; nothing is deleted."""

import datetime
import html
from io import StringIO

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command
from django.test import override_settings

from coopere.accounts.models import User
from exchange.models import Member
from exchange.selectors import inactive_members
from tests.conftest import inside

PASSWORD = "un-mot-de-passe-solide"
NOW = datetime.datetime(2027, 3, 15, 11, 0, tzinfo=datetime.UTC)


def _member(network, email, *, display, role="", last_login=None, registered_at=None, sponsor=None):
    with inside(network):
        user = User.objects.create_user(email=email, password=PASSWORD, first_name=display)
        if last_login:
            user.last_login = last_login
            user.save()
        return Member.objects.create(
            user=user,
            display_name=display,
            address="1 rue du Four",
            group_role=role,
            sponsor=sponsor,
            registered_at=registered_at or NOW - relativedelta(months=36),
        )


@pytest.fixture
def cast(db, network_a):
    with time_machine.travel(NOW, tick=False):
        pilote = _member(
            network_a,
            "pia@a.test",
            display="Pia P.",
            role="pilote",
            last_login=NOW - relativedelta(months=1),
        )
        cast = {
            "pilote": pilote,
            "old": _member(
                network_a,
                "odile@a.test",
                display="Odile O.",
                last_login=NOW - relativedelta(months=25),
            ),
            "recent": _member(
                network_a,
                "rita@a.test",
                display="Rita R.",
                last_login=NOW - relativedelta(months=23),
            ),
            "never": _member(network_a, "nina@a.test", display="Nina N."),
            "new": _member(network_a, "noe@a.test", display="Noé N.", registered_at=NOW),
            "accompanied": _member(network_a, "alix@a.test", display="Alix A.", sponsor=pilote),
        }
    return cast


def test_accounts_without_a_login_for_24_months_are_flagged(cast, network_a):
    with time_machine.travel(NOW, tick=False), inside(network_a):
        names = [m.display_name for m in inactive_members()]
        assert names == ["Nina N.", "Odile O."]  # oldest first; accompanied ones left out
        with override_settings(COOPERE_INACTIVE_MONTHS=6):
            assert "Rita R." in [m.display_name for m in inactive_members()]


def test_the_animation_members_page_lists_them_and_deletes_nothing(
    cast, client_for, network_a, network_b
):
    with time_machine.travel(NOW, tick=True):
        client = client_for(network_a)
        client.post("/connexion/", {"username": "pia@a.test", "password": PASSWORD})
        page = html.unescape(client.get("/animation/membres/").content.decode())
    assert "Comptes inactifs" in page
    assert "plus de 24 mois" in page
    section = page.split("Comptes inactifs")[1].split("</section>")[0]
    assert "Odile O." in section and "dernière connexion le 15 février 2025" in section
    assert "Nina N." in section and "jamais connecté" in section
    assert "Rita R." not in section and "Alix A." not in section and "Pia P." not in section
    with inside(network_a):
        assert Member.objects.filter(anonymised_at__isnull=True).count() == 6


def test_another_networks_group_does_not_see_them(cast, client_for, network_a, network_b):
    with time_machine.travel(NOW, tick=True):
        _member(network_b, "bea@b.test", display="Béa B.", role="pilote")
        client = client_for(network_b)
        client.post("/connexion/", {"username": "bea@b.test", "password": PASSWORD})
        page = html.unescape(client.get("/animation/membres/").content.decode())
    assert "Odile O." not in page and "Nina N." not in page
    # A plain resident of A is not shown the list either.
    with time_machine.travel(NOW, tick=True):
        resident = client_for(network_a)
        resident.post("/connexion/", {"username": "rita@a.test", "password": PASSWORD})
        response = resident.get("/animation/membres/")
    assert response.status_code in (302, 403, 404)
    assert "Odile O." not in response.content.decode()


def test_the_command_lists_them_per_network(cast, network_a):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("inactive_members", "--network", network_a.slug, stdout=out)
    text = out.getvalue()
    assert f"{network_a.slug} : 2 compte(s)" in text
    assert "Odile O. (dernière connexion le 15/02/2025)" in text
    assert "Nina N." in text and "Rita R." not in text
    assert "Rien n'a été supprimé" in text
    with inside(network_a):
        assert Member.objects.filter(anonymised_at__isnull=True).count() == 6
    with pytest.raises(CommandError, match="Aucun réseau"):
        call_command("inactive_members", "--network", "nulle-part", stdout=StringIO())
