"""Group purchases: cost sharing in integer cents, orders by members or their sponsors,
closing with correct per-person amounts; bad input gets a French message and writes
nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.purchases import selectors, services
from community.purchases.models import GroupPurchase, Participation
from tests.exchange.factories import MemberFactory

from .conftest import error_of


def _open(organiser, **fields):
    data = {
        "item": "Cageot de pommes (10 kg)",
        "supplier": "Ferme des Roches",
        "unit_cost_cents": 450,
        "minimum_quantity": 5,
        "deadline": timezone.now() + timedelta(days=7),
        "description": "Livraison samedi au local commun.",
    }
    return services.open_purchase(actor=organiser, **{**data, **fields})


def test_three_neighbours_order_and_the_order_closes_with_their_shares(in_a, rose, paul, odette):
    zoe = MemberFactory(user__first_name="Zoé", display_name="Zoé L.")
    purchase = _open(paul)
    services.join_purchase(actor=rose, member=rose, purchase=purchase, quantity=2)
    services.join_purchase(actor=rose, member=odette, purchase=purchase, quantity="1")
    services.join_purchase(actor=zoe, member=zoe, purchase=purchase, quantity=3)
    services.close_purchase(actor=paul, purchase=purchase)
    purchase.refresh_from_db()
    assert purchase.status == GroupPurchase.Status.CLOSED and purchase.closed_at
    order = selectors.order_of(purchase)
    shares = {line.member.display_name: line.amount_cents for line in order.lines}
    assert shares == {"Rose P.": 900, "Odette M.": 450, "Zoé L.": 1350}
    assert order.total_quantity == 6 and order.total_cents == 2700
    assert Participation.objects.get(member=odette).added_by == rose  # by her sponsor
    assert Participation.objects.get(member=rose).added_by is None


@pytest.mark.parametrize("quantity", [-1, 0, "-2", "0", "1.5", "1,5", "deux", "", None, True])
def test_a_quantity_must_be_a_whole_number_of_at_least_one(in_a, rose, paul, quantity):
    purchase = _open(paul)
    with pytest.raises(ValidationError) as exc:
        services.join_purchase(actor=rose, member=rose, purchase=purchase, quantity=quantity)
    assert error_of(exc, "quantity") == "La quantité doit être un nombre entier, au moins 1."
    assert not Participation.objects.exists()


def test_a_deadline_in_the_past_is_refused(in_a, paul):
    with pytest.raises(ValidationError) as exc:
        _open(paul, deadline=timezone.now() - timedelta(minutes=1))
    assert error_of(exc, "deadline") == (
        "Cette date limite est déjà passée : choisissez une date à venir."
    )
    assert not GroupPurchase.objects.exists()


@pytest.mark.parametrize("cost", [0, -450, None, "abc"])
def test_a_unit_cost_must_be_more_than_zero(in_a, paul, cost):
    with pytest.raises(ValidationError) as exc:
        _open(paul, unit_cost_cents=cost)
    assert "prix unitaire" in error_of(exc, "unit_cost_cents")
    assert not GroupPurchase.objects.exists()


def test_every_field_is_checked_at_once(in_a, paul):
    with pytest.raises(ValidationError) as exc:
        _open(paul, item="", supplier="", minimum_quantity=0, deadline=None)
    assert set(exc.value.message_dict) == {"item", "supplier", "minimum_quantity", "deadline"}
    assert not GroupPurchase.objects.exists()


def test_no_order_after_the_deadline(in_a, rose, paul):
    purchase = _open(paul)
    GroupPurchase.objects.filter(pk=purchase.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    purchase.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.join_purchase(actor=rose, member=rose, purchase=purchase, quantity=1)
    assert error_of(exc) == (
        "La date limite des commandes est passée : cet achat groupé ne prend plus de commandes."
    )
    assert not Participation.objects.exists()


def test_no_order_once_closed_or_cancelled(in_a, rose, paul):
    purchase = _open(paul, minimum_quantity=1)
    services.join_purchase(actor=paul, member=paul, purchase=purchase, quantity=1)
    services.close_purchase(actor=paul, purchase=purchase)
    with pytest.raises(ValidationError) as exc:
        services.join_purchase(actor=rose, member=rose, purchase=purchase, quantity=1)
    assert "clôturé" in error_of(exc)
    other = _open(paul)
    services.cancel_purchase(actor=paul, purchase=other)
    with pytest.raises(ValidationError) as exc:
        services.join_purchase(actor=rose, member=rose, purchase=other, quantity=1)
    assert "annulé" in error_of(exc)
    assert Participation.objects.count() == 1


def test_a_stale_copy_cannot_order_into_a_closed_purchase(in_a, rose, paul):
    purchase = _open(paul, minimum_quantity=1)
    stale = GroupPurchase.objects.get(pk=purchase.pk)
    services.join_purchase(actor=paul, member=paul, purchase=purchase, quantity=1)
    services.close_purchase(actor=paul, purchase=purchase)
    with pytest.raises(ValidationError):
        services.join_purchase(actor=rose, member=rose, purchase=stale, quantity=1)
    assert Participation.objects.count() == 1


def test_closing_under_the_minimum_is_refused_with_a_way_out(in_a, rose, paul):
    purchase = _open(paul, minimum_quantity=5)
    services.join_purchase(actor=rose, member=rose, purchase=purchase, quantity=2)
    with pytest.raises(ValidationError) as exc:
        services.close_purchase(actor=paul, purchase=purchase)
    message = error_of(exc)
    assert "Seulement 2 commandés sur les 5 nécessaires" in message
    assert "annulez l'achat groupé" in message
    purchase.refresh_from_db()
    assert purchase.status == GroupPurchase.Status.OPEN and purchase.closed_at is None
    services.cancel_purchase(actor=paul, purchase=purchase)
    purchase.refresh_from_db()
    assert purchase.status == GroupPurchase.Status.CANCELLED


def test_only_the_organiser_or_an_animator_closes(in_a, rose, paul, animator):
    purchase = _open(paul, minimum_quantity=1)
    services.join_purchase(actor=rose, member=rose, purchase=purchase, quantity=1)
    with pytest.raises(PermissionDenied):
        services.close_purchase(actor=rose, purchase=purchase)
    with pytest.raises(PermissionDenied):
        services.cancel_purchase(actor=rose, purchase=purchase)
    purchase.refresh_from_db()
    assert purchase.status == GroupPurchase.Status.OPEN
    services.close_purchase(actor=animator, purchase=purchase)
    assert purchase.status == GroupPurchase.Status.CLOSED


def test_only_a_sponsor_orders_for_someone_else(in_a, rose, paul, odette):
    purchase = _open(paul)
    with pytest.raises(PermissionDenied):
        services.join_purchase(actor=paul, member=odette, purchase=purchase, quantity=1)
    with pytest.raises(PermissionDenied):
        services.join_purchase(actor=odette, member=rose, purchase=purchase, quantity=1)
    assert not Participation.objects.exists()


def test_change_and_withdraw_an_order(in_a, rose, paul, odette):
    purchase = _open(paul)
    order = services.join_purchase(actor=rose, member=odette, purchase=purchase, quantity=1)
    with pytest.raises(ValidationError) as exc:
        services.join_purchase(actor=rose, member=odette, purchase=purchase, quantity=2)
    assert "a déjà commandé" in error_of(exc)
    services.change_quantity(actor=rose, participation=order, quantity="4")
    order.refresh_from_db()
    assert order.quantity == 4
    with pytest.raises(ValidationError):
        services.change_quantity(actor=rose, participation=order, quantity=-1)
    order.refresh_from_db()
    assert order.quantity == 4
    with pytest.raises(PermissionDenied):
        services.leave_purchase(actor=paul, participation=order)
    services.leave_purchase(actor=rose, participation=order)
    assert not Participation.objects.exists()


def test_impact_counts_purchases_closed_in_the_range(in_a, rose, paul):
    now = timezone.now()
    closed = _open(paul, minimum_quantity=1)
    services.join_purchase(actor=rose, member=rose, purchase=closed, quantity=2)
    services.join_purchase(actor=paul, member=paul, purchase=closed, quantity=1)
    services.close_purchase(actor=paul, purchase=closed)
    _open(paul)  # still open: not counted
    cancelled = _open(paul)
    services.join_purchase(actor=rose, member=rose, purchase=cancelled, quantity=1)
    services.cancel_purchase(actor=paul, purchase=cancelled)
    counts = selectors.impact_counts(now - timedelta(days=1), now + timedelta(days=1))
    assert counts == {"purchases_closed": 1, "purchase_participants": 2}
    before = selectors.impact_counts(now - timedelta(days=9), now - timedelta(days=1))
    assert before == {"purchases_closed": 0, "purchase_participants": 0}
