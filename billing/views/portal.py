"""The partner portal on the base domain (/partenaires/): subscriptions, payment, invoices,
and the impact of the networks the partner's subscriptions cover.

Every view resolves the partner from the logged-in user and reads only through
`billing.selectors_portal`: another partner's network, subscription or invoice is a 404.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from billing import gateway
from billing import selectors_portal as sel
from billing.models import CreditNote, Invoice, Subscription
from billing.services import portal as services
from billing.services import stripe_sync
from billing.views.documents import credit_note_pdf_response, invoice_pdf_response
from coopere.accounts.decorators import partner_required
from frontend import charts
from frontend.dates import short_month
from frontend.pdf import render_pdf
from frontend.spreadsheet import csv_response, month_cell


def partner_view(view):
    """A partner user with a partner (403 otherwise), passed to the view."""

    @partner_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        partner = sel.partner_of(request.user)
        if partner is None:
            raise PermissionDenied
        return view(request, partner, *args, **kwargs)

    return wrapper


# --- Subscriptions and payment ------------------------------------------------------------


class SubscribeForm(forms.Form):
    plan = forms.ChoiceField(label=gettext_lazy("Plan"), widget=forms.RadioSelect)
    networks = forms.MultipleChoiceField(
        label=gettext_lazy("Networks covered"),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says what is missing, in one place
    )

    def __init__(self, *args, plans, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.code, p) for p in plans]
        self.fields["networks"].choices = [(str(n.pk), n) for n in networks]
        self.fields["plan"].required = False


def _show_errors(form, error: ValidationError) -> None:
    """The service's messages beside their fields (it alone validates the choice)."""
    form.full_clean()
    form._errors = ErrorDict()
    pairs = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for name, texts in pairs:
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


@partner_view
def home(request, partner):
    cover = sel.coverage(partner)
    subscriptions = list(sel.subscriptions_of(partner))
    latest = sel.latest_per_network(sel.snapshots(cover.covered_ids, months=2))
    return render(
        request,
        "portal/home.html",
        {
            "partner": partner,
            "subscriptions": subscriptions,
            "has_past_due": any(s.status == Subscription.Status.PAST_DUE for s in subscriptions),
            "covered": [(n, latest.get(n.pk)) for n in cover.covered],
            "former": cover.former,
            "invoices": sel.invoices_of(partner)[:5],
            "can_subscribe": sel.offered_plans().exists(),
        },
    )


@partner_view
def subscribe(request, partner):
    plans = list(sel.offered_plans())
    networks = list(sel.subscribable_networks().order_by("region__name", "name"))
    # Bound on every POST, even an empty one: the service's errors are shown on a bound form.
    data = request.POST if request.method == "POST" else None
    form = SubscribeForm(data, plans=plans, networks=networks)
    if request.method == "POST":
        data = {"plan": request.POST.get("plan", ""), "networks": request.POST.getlist("networks")}
        try:
            _sub, url = services.start_checkout(
                partner=partner,
                plan_code=data["plan"],
                network_ids=data["networks"],
                success_url=request.build_absolute_uri(reverse("portal:checkout_done"))
                + "?session_id={CHECKOUT_SESSION_ID}",
                cancel_url_for=lambda pk: request.build_absolute_uri(
                    reverse("portal:checkout_cancelled", args=[pk])
                ),
                email=request.user.email or "",
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            return redirect(url)
    return render(
        request,
        "portal/subscribe.html",
        {
            "partner": partner,
            "form": form,
            "plans": plans,
            "all_plans": sel.plans_to_show(),
            "checked_networks": request.POST.getlist("networks"),
        },
    )


@partner_view
def checkout_done(request, partner):
    pending = sel.subscriptions_of(partner).filter(status=Subscription.Status.PENDING)
    return render(request, "portal/checkout_done.html", {"partner": partner, "pending": pending})


@partner_view
def checkout_cancelled(request, partner, subscription_id):
    sub = get_object_or_404(sel.subscriptions_of(partner), pk=subscription_id)
    if request.method == "POST":
        if services.cancel_pending_checkout(partner=partner, subscription_id=sub.pk):
            messages.success(request, _("Your subscription request was abandoned."))
        return redirect("portal:home")
    return render(request, "portal/checkout_cancelled.html", {"partner": partner, "sub": sub})


@require_POST
@partner_view
def billing_portal(request, partner):
    try:
        url = services.open_billing_portal(
            partner=partner, return_url=request.build_absolute_uri(reverse("portal:home"))
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("portal:home")
    return redirect(url)


@partner_view
def invoices(request, partner):
    return render(
        request,
        "portal/invoices.html",
        {
            "partner": partner,
            "invoices": sel.invoices_of(partner),
            "today": timezone.localdate(),
        },
    )


@require_POST
@partner_view
def refresh_invoices(request, partner):
    try:
        count = stripe_sync.sync_invoices(partner=partner)
    except gateway.GatewayError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Invoices brought up to date (%(count)s from Stripe).") % {"count": count}
        )
    return redirect("portal:invoices")


# --- Impact -------------------------------------------------------------------------------


def _chosen_networks(request, cover) -> list:
    """All the covered networks, or the one named by ?reseau= (404 unless covered)."""
    wanted = request.GET.get("reseau")
    if not wanted:
        return cover.covered
    chosen = [n for n in cover.covered if str(n.pk) == wanted]
    if not chosen:
        raise Http404
    return chosen


def _impact_context(partner, networks) -> dict:
    rows = sel.snapshots([n.pk for n in networks], months=24)
    totals = sel.monthly_totals(rows)
    labels = [short_month(t["month"]) for t in totals]
    latest = sel.latest_per_network(rows)
    return {
        "partner": partner,
        "networks": [(n, latest.get(n.pk)) for n in networks],
        "comparison": sel.compare_periods(rows),
        "charts": [
            charts.bar_chart(
                str(sel.LABELS[name]), labels, [t[name] for t in totals], chart_id=name
            )
            for name in sel.CHART_SERIES
        ],
        "has_data": bool(rows),
        "today": timezone.localdate(),
    }


@partner_view
def impact(request, partner):
    cover = sel.coverage(partner)
    networks = _chosen_networks(request, cover)
    context = _impact_context(partner, networks)
    context.update({"former": cover.former, "one": request.GET.get("reseau")})
    return render(request, "portal/impact.html", context)


@partner_view
def network(request, partner, network_id):
    cover = sel.coverage(partner)
    covered = next((n for n in cover.covered if n.pk == network_id), None)
    if covered is not None:
        context = _impact_context(partner, [covered])
        context.update({"network_": covered, "one": str(covered.pk)})
        return render(request, "portal/network.html", context)
    cutoff = cover.cutoff_of(network_id)
    if cutoff is None:
        raise Http404
    former = next(n for n, _c in cover.former if n.pk == network_id)
    end = sel.last_month_before(cutoff)
    rows = sel.snapshots([network_id], end=end, months=12)
    return render(
        request,
        "portal/network_summary.html",
        {
            "partner": partner,
            "network_": former,
            "cutoff": cutoff,
            "rows": rows,
            "latest": rows[-1] if rows else None,
            "figures": [
                (label, getattr(rows[-1], name)) for name, label in [*sel.STOCKS, *sel.FLOWS]
            ]
            if rows
            else [],
        },
    )


@partner_view
def impact_csv(request, partner):
    networks = _chosen_networks(request, sel.coverage(partner))
    names = {n.pk: n for n in networks}
    rows = sel.snapshots(names, months=24)
    suffix = f"-{networks[0].slug}" if request.GET.get("reseau") else ""
    return csv_response(
        f"impact{suffix}.csv",
        (
            [
                names[row.network_id].name,
                month_cell(row.month),
                *[getattr(row, f) for f in sel.CSV_FIELDS],
            ]
            for row in sorted(rows, key=lambda r: (names[r.network_id].name, r.month))
        ),
        header=["reseau", "mois", *sel.CSV_COLUMNS],
    )


def _report_context(request, partner) -> dict:
    networks = _chosen_networks(request, sel.coverage(partner))
    context = _impact_context(partner, networks)
    context["one"] = request.GET.get("reseau")
    # The printed report gives the figures as one table, a row per month: 24 rows split
    # across pages where a 24-column row would run off the sheet.
    charts_ = context["charts"]
    context["month_rows"] = [
        (label, [chart.values[i] for chart in charts_])
        for i, label in enumerate(charts_[0].labels if charts_ else [])
    ]
    return context


@partner_view
def report(request, partner):
    return render(request, "portal/report.html", _report_context(request, partner))


@partner_view
def report_pdf(request, partner):
    context = _report_context(request, partner)
    context["for_pdf"] = True
    name = f"rapport-impact-{timezone.localdate():%Y-%m}.pdf"
    return render_pdf(request, "portal/report.html", context, name)


@partner_view
def invoice_pdf(request, partner, invoice_id):
    """A manual invoice (issued by Coop-ère) as a PDF; Stripe's have their hosted page."""
    from billing import selectors as billing_selectors  # the console's invoice document

    invoice = get_object_or_404(
        sel.invoices_of(partner), pk=invoice_id, source=Invoice.Source.MANUAL
    )
    return invoice_pdf_response(request, billing_selectors.invoice_for_document(invoice.pk))


@partner_view
def credit_note_pdf(request, partner, note_id):
    """A credit note cancelling one of this partner's invoices, as a PDF."""
    from billing import selectors as billing_selectors

    note = get_object_or_404(CreditNote.objects.filter(partner=partner), pk=note_id)
    return credit_note_pdf_response(request, billing_selectors.credit_note_for_document(note.pk))
