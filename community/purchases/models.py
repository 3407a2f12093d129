"""Group purchases: neighbours buy together and share the real cost, nothing more
(gratuité). Amounts are integer cents with a currency; a person's share is their quantity
times the unit cost.

Every table here lives in each network's schema (TENANT_APPS).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exchange.models import Member

ITEM_MAX = 120
SUPPLIER_MAX = 120
DESCRIPTION_MAX = 2000


class GroupPurchase(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("purchase", "Open")
        CLOSED = "closed", pgettext_lazy("purchase", "Closed")
        CANCELLED = "cancelled", pgettext_lazy("purchase", "Cancelled")

    item = models.CharField(_("item"), max_length=ITEM_MAX)
    supplier = models.CharField(_("supplier"), max_length=SUPPLIER_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    unit_cost_cents = models.PositiveIntegerField(_("unit cost (cents)"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    minimum_quantity = models.PositiveIntegerField(_("minimum quantity"), default=1)
    deadline = models.DateTimeField(_("deadline for orders"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    organiser = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # When it stopped taking orders: closed (the order goes to the supplier) or cancelled.
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("group purchase")
        verbose_name_plural = _("group purchases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_cost_cents__gt=0), name="purchase_unit_cost_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(minimum_quantity__gte=1), name="purchase_minimum_at_least_one"
            ),
        ]

    def __str__(self):
        return self.item


class Participation(models.Model):
    """A neighbour's order in a group purchase (placed by themselves or their sponsor)."""

    purchase = models.ForeignKey(
        GroupPurchase, on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    added_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member__display_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["purchase", "member"], name="one_order_per_member"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="participation_quantity_positive"
            ),
        ]

    @property
    def amount_cents(self) -> int:
        """What this neighbour pays: quantity × unit cost (real cost, shared)."""
        return self.quantity * self.purchase.unit_cost_cents
