"""HTTP: group purchase pages work for their users, refuse others, never show or change
another network's data; the order exports as a French-Excel CSV and prints."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from community.purchases import services
from community.purchases.models import GroupPurchase, Participation
from exchange.models import Member
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member


@pytest.fixture
def organiser(db, network_a):
    return _member(network_a, "paul@a.test")


@pytest.fixture
def purchase(organiser, network_a):
    with inside(network_a):
        return services.open_purchase(
            actor=organiser,
            item="Secret de A",
            supplier="Ferme des Roches",
            unit_cost_cents=450,
            minimum_quantity=3,
            deadline=timezone.now() + timedelta(days=7),
        )


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _gets(pk):
    return [
        f"/achats-groupes/{pk}/",
        f"/achats-groupes/{pk}/participer/",
        f"/achats-groupes/{pk}/commande.csv",
        f"/achats-groupes/{pk}/bon-de-commande/",
    ]


def _posts(pk):
    return [
        (f"/achats-groupes/{pk}/participer/", {"quantity": "2"}),
        (f"/achats-groupes/{pk}/quitter/", {}),
        (f"/achats-groupes/{pk}/cloturer/", {}),
        (f"/achats-groupes/{pk}/annuler/", {}),
    ]


def test_anonymous_visitors_are_sent_to_log_in(purchase, client_for, network_a):
    client = client_for(network_a)
    for path in ["/achats-groupes/", "/achats-groupes/nouveau/", *_gets(purchase.pk)]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")
    for path, data in _posts(purchase.pk):
        response = client.post(path, data)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_every_page_renders_for_a_pilote(purchase, client_for, network_a, pilote):
    client = _logged(client_for, network_a, "pilote@a.test")
    for path in ["/achats-groupes/", "/achats-groupes/nouveau/", *_gets(purchase.pk)]:
        assert client.get(path).status_code == 200, path
    listing = _text(client.get("/achats-groupes/"))
    assert "Secret de A" in listing and "4,50\u00a0€" in listing


def test_a_member_of_b_reaches_nothing_of_a(purchase, client_for, network_a, network_b):
    _member(network_b, "pilote@b.test", role=Member.GroupRole.PILOTE)
    client_b = _logged(client_for, network_b, "pilote@b.test")
    for path in _gets(purchase.pk):
        response = client_b.get(path)
        assert response.status_code == 404 or "Secret de A" not in _text(response), path
    for path, data in _posts(purchase.pk):
        assert client_b.post(path, data).status_code == 404, path
    with inside(network_a):
        purchase.refresh_from_db()
        assert purchase.status == GroupPurchase.Status.OPEN
        assert not Participation.objects.exists()


def test_open_a_purchase_typing_euros_the_french_way(db, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    day = timezone.localdate() + timedelta(days=5)
    response = client.post(
        "/achats-groupes/nouveau/",
        {
            "item": "Liquide vaisselle (5 L)",
            "supplier": "Coopérative du Val",
            "unit_cost": "12,50",
            "minimum_quantity": "4",
            "deadline_date": day.isoformat(),
            "deadline_time": "20:00",
        },
    )
    assert response.status_code == 302
    with inside(network_a):
        purchase = GroupPurchase.objects.get()
        assert purchase.unit_cost_cents == 1250 and purchase.minimum_quantity == 4
        assert purchase.organiser == voisin and purchase.currency == "EUR"
    assert "12,50\u00a0€" in _text(client.get(response["Location"]))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"unit_cost": "0"}, "Le prix unitaire doit être supérieur à 0 €."),
        ({"unit_cost": "-4"}, "Le prix unitaire doit être supérieur à 0 €."),
        ({"unit_cost": "quatre"}, "Indiquez le prix unitaire en euros"),
        ({"deadline_date": "2020-01-01"}, "Cette date limite est déjà passée"),
        ({"minimum_quantity": "-1"}, "La quantité minimale doit être un nombre entier"),
    ],
)
def test_bad_input_when_opening_gets_a_french_message(
    db, client_for, network_a, voisin, changes, message
):
    client = _logged(client_for, network_a, "voisin@a.test")
    day = timezone.localdate() + timedelta(days=5)
    data = {
        "item": "Pommes",
        "supplier": "Ferme",
        "unit_cost": "4,50",
        "minimum_quantity": "1",
        "deadline_date": day.isoformat(),
        "deadline_time": "20:00",
    }
    response = client.post("/achats-groupes/nouveau/", {**data, **changes})
    assert response.status_code == 200
    assert message in _text(response)
    with inside(network_a):
        assert not GroupPurchase.objects.exists()


def _order(client, purchase, quantity, pour=None):
    data = {"quantity": quantity, **({"pour": pour} if pour else {})}
    return client.post(f"/achats-groupes/{purchase.pk}/participer/", data)


def test_three_orders_close_with_their_shares_and_export(
    purchase, client_for, network_a, voisin, organiser
):
    odette = _member(network_a, "odette@a.test", sponsor=voisin)
    _member(network_a, "zoe@a.test")
    client = _logged(client_for, network_a, "voisin@a.test")
    assert "Odette" in _text(client.get(f"/achats-groupes/{purchase.pk}/"))  # the "for" select
    assert _order(client, purchase, "2").status_code == 302
    assert _order(client, purchase, "1", pour=odette.pk).status_code == 302
    assert _order(_logged(client_for, network_a, "zoe@a.test"), purchase, "3").status_code == 302
    page = _text(client.get(f"/achats-groupes/{purchase.pk}/"))
    assert "Vous avez commandé 2 : 9,00\u00a0€ à payer." in page
    assert "Odette a commandé 1 : 4,50\u00a0€ à payer." in page

    # A neighbour who is not the organiser cannot close, export or print.
    assert client.post(f"/achats-groupes/{purchase.pk}/cloturer/").status_code == 403
    assert client.get(f"/achats-groupes/{purchase.pk}/commande.csv").status_code == 403
    assert client.get(f"/achats-groupes/{purchase.pk}/bon-de-commande/").status_code == 403

    boss = _logged(client_for, network_a, "paul@a.test")
    assert boss.post(f"/achats-groupes/{purchase.pk}/cloturer/").status_code == 302
    with inside(network_a):
        purchase.refresh_from_db()
        assert purchase.status == GroupPurchase.Status.CLOSED

    response = boss.get(f"/achats-groupes/{purchase.pk}/commande.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: French Excel reads the accents
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Achat groupé;Secret de A"
    assert "Participant·e;Quantité;Montant (EUR);Commandé par" in lines
    assert "Odette;1;4,50;Voisin" in lines
    assert "Voisin;2;9,00;" in lines
    assert "Zoe;3;13,50;" in lines
    assert "Total;6;27,00;" in lines

    printed = _text(boss.get(f"/achats-groupes/{purchase.pk}/bon-de-commande/"))
    for expected in ("Bon de commande", "Odette", "9,00\u00a0€", "13,50\u00a0€", "27,00\u00a0€"):
        assert expected in printed

    # Closed: no more orders, with a French message.
    response = _order(client, purchase, "7")
    assert response.status_code == 200 and "clôturé" in _text(response)
    with inside(network_a):
        assert Participation.objects.get(member__display_name="Voisin").quantity == 2


@pytest.mark.parametrize("quantity", ["-1", "0", "1.5", "beaucoup"])
def test_a_bad_quantity_gets_a_french_message(purchase, client_for, network_a, voisin, quantity):
    client = _logged(client_for, network_a, "voisin@a.test")
    response = _order(client, purchase, quantity)
    assert response.status_code == 200
    assert "La quantité doit être un nombre entier, au moins 1." in _text(response)
    with inside(network_a):
        assert not Participation.objects.exists()


def test_no_order_after_the_deadline(purchase, client_for, network_a, voisin):
    with inside(network_a):
        GroupPurchase.objects.update(deadline=timezone.now() - timedelta(minutes=5))
    client = _logged(client_for, network_a, "voisin@a.test")
    assert "La date limite est passée" in _text(client.get(f"/achats-groupes/{purchase.pk}/"))
    response = _order(client, purchase, "2")
    assert response.status_code == 200 and "La date limite des commandes est passée" in _text(
        response
    )
    with inside(network_a):
        assert not Participation.objects.exists()


def test_closing_under_the_minimum_says_why(purchase, client_for, network_a, organiser):
    client = _logged(client_for, network_a, "paul@a.test")
    _order(client, purchase, "1")
    response = client.post(f"/achats-groupes/{purchase.pk}/cloturer/", follow=True)
    assert "Seulement 1 commandé sur les 3 nécessaires" in _text(response)
    with inside(network_a):
        purchase.refresh_from_db()
        assert purchase.status == GroupPurchase.Status.OPEN
    client.post(f"/achats-groupes/{purchase.pk}/annuler/")
    with inside(network_a):
        purchase.refresh_from_db()
        assert purchase.status == GroupPurchase.Status.CANCELLED


def test_change_and_withdraw_an_order_from_the_page(purchase, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    _order(client, purchase, "2")
    _order(client, purchase, "5")  # already ordered: the quantity changes
    with inside(network_a):
        assert Participation.objects.get().quantity == 5
    assert client.post(f"/achats-groupes/{purchase.pk}/quitter/").status_code == 302
    with inside(network_a):
        assert not Participation.objects.exists()
    # Ordering for someone one does not sponsor: refused.
    stranger = _member(network_a, "inconnu@a.test")
    response = _order(client, purchase, "1", pour=stranger.pk)
    assert response.status_code in (200, 404)
    with inside(network_a):
        assert not Participation.objects.exists()


def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_pages_make_a_fixed_number_of_queries(purchase, client_for, network_a, organiser):
    client = _logged(client_for, network_a, "paul@a.test")
    paths = [
        "/achats-groupes/",
        f"/achats-groupes/{purchase.pk}/",
        f"/achats-groupes/{purchase.pk}/bon-de-commande/",
        f"/achats-groupes/{purchase.pk}/commande.csv",
    ]
    before = [_queries(client, path) for path in paths]
    for n in range(4):
        neighbour = _member(network_a, f"voisin{n}@a.test")
        with inside(network_a):
            services.join_purchase(
                actor=neighbour, member=neighbour, purchase=purchase, quantity=n + 1
            )
            services.open_purchase(
                actor=neighbour,
                item=f"Article {n}",
                supplier="Ferme",
                unit_cost_cents=100,
                deadline=timezone.now() + timedelta(days=2),
            )
    assert [_queries(client, path) for path in paths] == before
