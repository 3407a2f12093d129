"""Reads for the partner portal: what a partner may see, and its networks' figures.

A partner sees only the networks its own subscriptions cover, and only through the public
`tenants.NetworkSnapshot` rows (never a tenant schema in a request). Coverage:

- **covered**: a network of an *active* or *past_due* subscription (payment late: Stripe is
  still retrying, the partner keeps its view) — full impact, charts, comparisons, CSV,
  printable report and PDF;
- **formerly covered**: a network whose subscriptions all ended (*canceled* or *lapsed*)
  after having run (they had a period) — a read-only summary of the months that began
  before the coverage ended (the earlier of the period's end and the day it ended); no
  charts of later months, no CSV, not in the report;
- a *pending* subscription (awaiting payment) covers nothing yet.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.impact import indicators as impact_indicators
from tenants.models import Network, NetworkSnapshot

from .models import Invoice, Partner, Plan, Subscription

COVERING = (Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE)
ENDED = (Subscription.Status.CANCELED, Subscription.Status.LAPSED)

# Flows: what happened in the month (summed over months and networks).
FLOWS = [
    ("exchanges_done", _("Exchanges done")),
    ("cafes_held", _("Cafés held")),
    ("cafe_attendance", _("Attendance at cafés")),
    ("newcomers", _("Newcomers welcomed")),
    ("projects_started", _("Projects started")),
    ("projects_done", _("Projects done")),
    ("tasks_done", _("Tasks done")),
    ("newsletters_sent", _("Newsletters sent")),
    ("purchases_closed", _("Group purchases closed")),
]
# Stocks: as of the month's end (the latest month of a period counts).
STOCKS = [
    ("households_reached", _("Households reached")),
    ("residents", _("Registered residents")),
    ("active_offers", _("Active offers")),
    ("active_needs", _("Active needs")),
    ("group_size", _("Groupe d'Animation size")),
]
LABELS = dict(FLOWS + STOCKS)
# The charts, over 24 months, of the covered networks together.
CHART_SERIES = [
    "residents",
    "exchanges_done",
    "cafes_held",
    "cafe_attendance",
    "newcomers",
    "projects_started",
]
# The same columns, in the same order, as a network's own impact CSV.
CSV_FIELDS = impact_indicators.FIELDS
CSV_COLUMNS = impact_indicators.CSV_COLUMNS


def partner_of(user) -> Partner | None:
    membership = getattr(user, "partner_membership", None)
    if membership is not None and membership.revoked_at is not None:
        return None  # revoked: no partner's data any more
    try:
        return membership.partner if membership else None
    except Partner.DoesNotExist:
        return None


def subscriptions_of(partner: Partner):
    return (
        partner.subscriptions.select_related("plan")
        .prefetch_related(Prefetch("networks", queryset=Network.objects.order_by("name")))
        .order_by("-created_at")
    )


def invoices_of(partner: Partner):
    return Invoice.objects.filter(partner=partner).select_related(
        "subscription__plan", "credit_note"
    )


def offered_plans():
    """Plans a partner can buy online: offered, and with a Stripe price."""
    return Plan.objects.filter(is_active=True).exclude(stripe_price_id="")


def plans_to_show():
    """Every plan offered, online or by invoice, cheapest first: described before buying."""
    return Plan.objects.filter(is_active=True).order_by("price_cents", "code")


def subscribable_networks():
    return Network.objects.filter(state=Network.State.LIVE).select_related("region")


@dataclass
class Coverage:
    covered: list = field(default_factory=list)  # Network, by name
    former: list = field(default_factory=list)  # (Network, cutoff date), by name

    @property
    def covered_ids(self) -> set[int]:
        return {n.pk for n in self.covered}

    def cutoff_of(self, network_id: int) -> datetime.date | None:
        return next((c for n, c in self.former if n.pk == network_id), None)


def _ended_on(sub: Subscription) -> datetime.date:
    # An operator's cancellation says its last day; otherwise the day the status changed.
    ended = sub.ended_on or timezone.localdate(sub.updated_at)
    return min(ended, sub.current_period_end) if sub.current_period_end else ended


def coverage(partner: Partner) -> Coverage:
    covered, former = {}, {}
    subs = partner.subscriptions.filter(status__in=[*COVERING, *ENDED]).prefetch_related(
        Prefetch("networks", queryset=Network.objects.select_related("region"))
    )
    for sub in subs:
        for network in sub.networks.all():
            if sub.status in COVERING:
                covered[network.pk] = network
            elif sub.current_period_start is not None:  # it ran: it covered something
                cutoff = _ended_on(sub)
                _n, previous = former.get(network.pk, (network, cutoff))
                former[network.pk] = (network, max(previous, cutoff))
    return Coverage(
        covered=sorted(covered.values(), key=lambda n: n.name),
        former=sorted(
            [(n, c) for pk, (n, c) in former.items() if pk not in covered],
            key=lambda nc: nc[0].name,
        ),
    )


# --- Figures --------------------------------------------------------------------------


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first of the month `count` months after (or before) the first of `month`."""
    return month.replace(day=1) + relativedelta(months=count)


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def last_month_before(cutoff: datetime.date) -> datetime.date:
    """The last month that began before `cutoff` (the summary of an ended coverage)."""
    return min((cutoff - datetime.timedelta(days=1)).replace(day=1), this_month())


def snapshots(network_ids, *, end: datetime.date | None = None, months: int = 24) -> list:
    """The networks' monthly rows, oldest first, over the `months` months ending with
    `end` (default: this month). One query."""
    end = end or this_month()
    return list(
        NetworkSnapshot.objects.filter(
            network_id__in=list(network_ids),
            month__gte=add_months(end, -(months - 1)),
            month__lte=end,
        ).order_by("month", "network_id")
    )


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def monthly_totals(rows: list, *, end: datetime.date | None = None, months: int = 24) -> list:
    """One dict per month (each of the `months` months ending with `end`, zeros where no
    row): the figures added up over the networks."""
    end = end or this_month()
    by_month = {
        m: {"month": m, **dict.fromkeys(LABELS, 0)}
        for m in months_between(add_months(end, -(months - 1)), end)
    }
    for row in rows:
        if row.month in by_month:
            for name in LABELS:
                by_month[row.month][name] += getattr(row, name)
    return list(by_month.values())


def compare_periods(rows: list, *, end: datetime.date | None = None) -> dict:
    """The last 12 months (ending with `end`, default this month) against the 12 before:
    flows summed over each period, stocks as of each period's last month (per network,
    the latest row within the period). Rows: several networks' snapshots."""
    end = end or this_month()
    recent_start, previous_start = add_months(end, -11), add_months(end, -23)
    periods = {
        "recent": (recent_start, end),
        "previous": (previous_start, add_months(recent_start, -1)),
    }
    result = {}
    for key, (start, stop) in periods.items():
        inside = [r for r in rows if start <= r.month <= stop]
        sums = {name: sum(getattr(r, name) for r in inside) for name, _l in FLOWS}
        latest = {}
        for row in inside:  # rows are oldest first: the last one per network wins
            latest[row.network_id] = row
        sums.update({name: sum(getattr(r, name) for r in latest.values()) for name, _l in STOCKS})
        result[key] = {"start": start, "end": stop, "values": sums, "has_data": bool(inside)}
    lines = []
    for name, label in [*FLOWS, *STOCKS]:
        recent, previous = result["recent"]["values"][name], result["previous"]["values"][name]
        change = recent - previous
        lines.append(
            {
                "name": name,
                "label": label,
                "kind": "flow" if name in dict(FLOWS) else "stock",
                "recent": recent,
                "previous": previous,
                "change": change,
                "percent": round(100 * change / previous) if previous else None,
            }
        )
    return {"lines": lines, **result}


def latest_per_network(rows: list) -> dict[int, NetworkSnapshot]:
    latest = {}
    for row in rows:
        latest[row.network_id] = row
    return latest
