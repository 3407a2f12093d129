"""The order as a CSV for the supplier or a spreadsheet, written like every CSV of the
platform (`frontend.spreadsheet`: `;`, UTF-8 with a BOM, decimal commas)."""

from django.utils.translation import gettext as _

from coopere.money import format_amount
from frontend.spreadsheet import french_csv

from .selectors import Order


def order_csv(order: Order) -> str:
    purchase = order.purchase
    amount = lambda cents: format_amount(cents, grouping=False)  # noqa: E731
    rows = [
        [_("Group purchase"), purchase.item],
        [_("Supplier"), purchase.supplier],
        [
            _("Unit cost (%(currency)s)") % {"currency": purchase.currency},
            amount(purchase.unit_cost_cents),
        ],
        [],
        [
            _("Participant"),
            _("Quantity"),
            _("Amount (%(currency)s)") % {"currency": purchase.currency},
            _("Ordered by"),
        ],
        *(
            [
                line.member.display_name,
                line.quantity,
                amount(line.amount_cents),
                line.added_by.display_name if line.added_by else "",
            ]
            for line in order.lines
        ),
        [_("Total"), order.total_quantity, amount(order.total_cents), ""],
    ]
    return french_csv(rows)
