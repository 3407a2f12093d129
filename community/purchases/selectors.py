"""Reusable reads about group purchases, with their joins applied once."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from exchange.models import Member

from .models import GroupPurchase, Participation


def purchases_for_listing():
    """Purchases with their participant count and total quantity (one query), newest first."""
    return (
        GroupPurchase.objects.select_related("organiser")
        .annotate(
            participant_count=Count("participations"),
            total_quantity=Coalesce(Sum("participations__quantity"), 0),
        )
        .order_by("-created_at", "-pk")
    )


@dataclass
class Order:
    """A purchase's order list: each line's amount is quantity × unit cost, in cents."""

    purchase: GroupPurchase
    lines: list[Participation]
    total_quantity: int
    total_cents: int

    @property
    def reaches_minimum(self) -> bool:
        return self.total_quantity >= self.purchase.minimum_quantity


def order_of(purchase: GroupPurchase) -> Order:
    lines = list(
        Participation.objects.filter(purchase=purchase)
        .select_related("member", "added_by")
        .order_by("member__display_name", "pk")
    )
    for line in lines:
        line.purchase = purchase  # amount_cents reads the unit cost: no query per line
    total = sum(line.quantity for line in lines)
    return Order(
        purchase=purchase,
        lines=lines,
        total_quantity=total,
        total_cents=total * purchase.unit_cost_cents,
    )


def participations_of(purchase: GroupPurchase, members: list[Member]) -> dict[int, Participation]:
    """The orders of these members (the viewer and the neighbours they sponsor), by member."""
    found = Participation.objects.filter(purchase=purchase, member__in=members)
    return {p.member_id: p for p in found}


def impact_counts(start: datetime, end: datetime) -> dict[str, int]:
    """Purchases closed in [start, end) and how many orders they gathered: one query."""
    return GroupPurchase.objects.filter(
        status=GroupPurchase.Status.CLOSED, closed_at__gte=start, closed_at__lt=end
    ).aggregate(
        purchases_closed=Count("pk", distinct=True),
        purchase_participants=Count("participations"),
    )
