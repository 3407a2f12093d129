"""The order as a CSV for the supplier or a spreadsheet: `;` separated, UTF-8 with a BOM
and decimal commas, so French Excel opens it as columns with the accents right."""

import csv
import io

from django.utils.translation import gettext as _

from .money import format_amount
from .selectors import Order


def _text(value: str) -> str:
    """A cell a spreadsheet must not run as a formula (a name typed as "=HYPERLINK(…)")."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def order_csv(order: Order) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    purchase = order.purchase
    writer.writerow([_("Group purchase"), _text(purchase.item)])
    writer.writerow([_("Supplier"), _text(purchase.supplier)])
    writer.writerow(
        [
            _("Unit cost (%(currency)s)") % {"currency": purchase.currency},
            format_amount(purchase.unit_cost_cents, grouping=False),
        ]
    )
    writer.writerow([])
    writer.writerow(
        [
            _("Participant"),
            _("Quantity"),
            _("Amount (%(currency)s)") % {"currency": purchase.currency},
            _("Ordered by"),
        ]
    )
    for line in order.lines:
        writer.writerow(
            [
                _text(line.member.display_name),
                line.quantity,
                format_amount(line.amount_cents, grouping=False),
                _text(line.added_by.display_name) if line.added_by else "",
            ]
        )
    writer.writerow(
        [_("Total"), order.total_quantity, format_amount(order.total_cents, grouping=False), ""]
    )
    return buffer.getvalue()
