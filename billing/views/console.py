"""Console pages for partners, plans, manual subscriptions and invoices (operators only)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing import chorus_gateway, selectors
from billing.forms import (
    CancelSubscriptionForm,
    ContactForm,
    CreditNoteForm,
    EcbRateForm,
    InvitationForm,
    PartnerForm,
    PaymentForm,
    PlanForm,
    SubscriptionForm,
)
from billing.models import (
    CreditNote,
    Invoice,
    Partner,
    PartnerContact,
    PartnerMembership,
    Plan,
    Subscription,
)
from billing.services import (
    credit_notes,
    invitations,
    invoices,
    late_payment_rates,
    partners,
    subscriptions,
)
from billing.views.documents import credit_note_pdf_response, invoice_pdf_response
from coopere.accounts.decorators import operator_required
from frontend.dates import long_date
from frontend.forms import copy_errors

# --- Partners -----------------------------------------------------------------------------


# Partners a page: hundreds of municipalities and landlords are expected, in time.
PARTNERS_PER_PAGE = 50


@operator_required
def partner_list(request):
    q = request.GET.get("q", "")[:120]
    page = Paginator(selectors.partners_for_listing(q), PARTNERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "console/billing/partner_list.html",
        {"partners": page.object_list, "page": page, "q": q},
    )


@operator_required
def partner_create(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = partners.create_partner(**form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The partner is recorded."))
            return redirect("billing_console:partner_detail", pk=partner.pk)
    return render(request, "console/billing/partner_form.html", {"form": form, "partner": None})


@operator_required
def partner_edit(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    form = PartnerForm(request.POST or None, initial=PartnerForm.initial_for(partner))
    if request.method == "POST" and form.is_valid():
        try:
            partners.update_partner(partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The partner is updated."))
            return redirect("billing_console:partner_detail", pk=partner.pk)
    return render(request, "console/billing/partner_form.html", {"form": form, "partner": partner})


def _detail(request, partner, *, contact_form=None, invitation_form=None, status=200):
    return render(
        request,
        "console/billing/partner_detail.html",
        {
            "partner": partner,
            "contacts": partner.contacts.all(),
            "memberships": selectors.partner_memberships(partner),
            "invitations": selectors.partner_invitations(partner),
            "subscriptions": selectors.partner_subscriptions(partner),
            "invoices": selectors.partner_invoices(partner),
            "contact_form": contact_form or ContactForm(prefix="contact"),
            "invitation_form": invitation_form or InvitationForm(prefix="invite"),
            "invitation_days": settings.COOPERE_PARTNER_INVITATION_DAYS,
            "now": timezone.now(),
        },
        status=status,
    )


@operator_required
def partner_detail(request, pk):
    return _detail(request, get_object_or_404(Partner, pk=pk))


@require_POST
@operator_required
def contact_add(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    form = ContactForm(request.POST, prefix="contact")
    if form.is_valid():
        try:
            partners.add_contact(partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The contact is added."))
            return redirect("billing_console:partner_detail", pk=partner.pk)
    return _detail(request, partner, contact_form=form, status=400)


@require_POST
@operator_required
def contact_delete(request, pk):
    contact = get_object_or_404(PartnerContact, pk=pk)
    partner_pk = contact.partner_id
    partners.remove_contact(contact=contact)
    messages.success(request, _("The contact is removed."))
    return redirect("billing_console:partner_detail", pk=partner_pk)


@require_POST
@operator_required
def invite(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    form = InvitationForm(request.POST, prefix="invite")
    if form.is_valid():
        try:
            invitation, _token = invitations.invite_partner_user(
                partner=partner, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(
                request,
                _("The invitation is sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("billing_console:partner_detail", pk=partner.pk)
    return _detail(request, partner, invitation_form=form, status=400)


# --- Plans --------------------------------------------------------------------------------


@operator_required
def plan_list(request):
    return render(
        request, "console/billing/plan_list.html", {"plans": Plan.objects.order_by("name")}
    )


@operator_required
def ecb_rates(request):
    """The ECB rates late-payment interest follows, and the form to record the next one."""
    form = EcbRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate = late_payment_rates.record_ecb_rate(**form.service_data(), by=request.user)
        except ValidationError as exc:
            copy_errors(form, exc, EcbRateForm.rename)
        else:
            messages.success(
                request,
                _("The ECB rate in force on %(date)s is recorded.")
                % {"date": long_date(rate.valid_from)},
            )
            return redirect("billing_console:ecb_rates")
    today = timezone.localdate()
    context = {
        "form": form,
        "rates": selectors.ecb_rates(),
        "missing": selectors.ecb_rate_missing(today),
        "current_bp": selectors.ecb_rate_in_force(today),
    }
    status = 400 if form.errors else 200
    return render(request, "console/billing/ecb_rates.html", context, status=status)


@operator_required
def plan_create(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscriptions.create_plan(**form.service_data())
        except ValidationError as exc:
            copy_errors(form, exc, PlanForm.rename)
        else:
            messages.success(request, _("The plan is recorded."))
            return redirect("billing_console:plan_list")
    return render(request, "console/billing/plan_form.html", {"form": form, "plan": None})


@operator_required
def plan_edit(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            subscriptions.update_plan(plan=plan, **form.service_data())
        except ValidationError as exc:
            copy_errors(form, exc, PlanForm.rename)
        else:
            messages.success(request, _("The plan is updated."))
            return redirect("billing_console:plan_list")
    return render(request, "console/billing/plan_form.html", {"form": form, "plan": plan})


# --- Manual subscriptions and invoices ------------------------------------------------------


def _overlaps(form, exclude_pk=None) -> list[dict]:
    data = form.cleaned_data
    return selectors.overlapping_coverage(
        list(data["networks"] or []),
        data["current_period_start"],
        data["current_period_end"],
        exclude_pk=exclude_pk,
    )


@operator_required
def subscription_create(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    form = SubscriptionForm(request.POST or None)
    overlaps = []
    if request.method == "POST" and not form.searching and form.is_valid():
        overlaps = _overlaps(form)
        # Already covered is a warning, not a refusal: the second button records anyway.
        if not overlaps or request.POST.get("confirm_overlap") == "1":
            try:
                subscriptions.create_manual_subscription(partner=partner, **form.service_data())
            except ValidationError as exc:
                copy_errors(form, exc)
                overlaps = []
            else:
                messages.success(
                    request, _("The subscription is recorded. Issue its invoice when ready.")
                )
                return redirect("billing_console:partner_detail", pk=partner.pk)
    return render(
        request,
        "console/billing/subscription_form.html",
        {"form": form, "partner": partner, "overlaps": overlaps, "subscription": None},
    )


def _subscription(pk) -> Subscription:
    return get_object_or_404(
        Subscription.objects.select_related("partner", "plan"),
        pk=pk,
        source=Subscription.Source.MANUAL,
    )


def _subscription_page(request, subscription, form, *, cancel_form=None, overlaps=(), status=200):
    return render(
        request,
        "console/billing/subscription_form.html",
        {
            "form": form,
            "partner": subscription.partner,
            "subscription": subscription,
            "overlaps": overlaps,
            "cancel_form": cancel_form or CancelSubscriptionForm(prefix="fin"),
            "events": subscription.events.select_related("by"),
            "running": subscription.status in subscriptions.RUNNING,
        },
        status=status,
    )


@operator_required
def subscription_edit(request, pk):
    subscription = _subscription(pk)
    form = SubscriptionForm(
        request.POST or None, initial=SubscriptionForm.initial_for(subscription)
    )
    # Its own plan stays choosable even if no longer offered.
    form.fields["plan"].queryset = Plan.objects.filter(
        Q(is_active=True) | Q(pk=subscription.plan_id)
    ).order_by("price_cents", "code")
    overlaps = []
    if request.method == "POST" and not form.searching and form.is_valid():
        overlaps = _overlaps(form, exclude_pk=subscription.pk)
        if not overlaps or request.POST.get("confirm_overlap") == "1":
            try:
                subscriptions.update_manual_subscription(
                    subscription=subscription, by=request.user, **form.service_data()
                )
            except ValidationError as exc:
                copy_errors(form, exc)
                overlaps = []
            else:
                messages.success(request, _("The subscription is updated."))
                return redirect("billing_console:partner_detail", pk=subscription.partner_id)
    refused = request.method == "POST" and not form.searching and form.errors
    return _subscription_page(
        request, subscription, form, overlaps=overlaps, status=400 if refused else 200
    )


@require_POST
@operator_required
def subscription_cancel(request, pk):
    subscription = _subscription(pk)
    form = CancelSubscriptionForm(request.POST, prefix="fin")
    if form.is_valid():
        try:
            subscriptions.cancel_manual_subscription(
                subscription=subscription, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The subscription is cancelled."))
            return redirect("billing_console:partner_detail", pk=subscription.partner_id)
    edit_form = SubscriptionForm(initial=SubscriptionForm.initial_for(subscription))
    return _subscription_page(request, subscription, edit_form, cancel_form=form, status=400)


@require_POST
@operator_required
def membership_revoke(request, pk):
    membership = get_object_or_404(PartnerMembership.objects.select_related("user"), pk=pk)
    try:
        partners.revoke_partner_user(membership=membership, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(email)s no longer has access to the portal.") % {"email": membership.user.email},
        )
    return redirect("billing_console:partner_detail", pk=membership.partner_id)


@require_POST
@operator_required
def invoice_issue(request, pk):
    subscription = get_object_or_404(Subscription, pk=pk)
    try:
        invoice = invoices.issue_invoice(subscription=subscription, created_by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("billing_console:partner_detail", pk=subscription.partner_id)
    messages.success(request, _("Invoice %(number)s is issued.") % {"number": invoice.number})
    return redirect("billing_console:invoice_detail", pk=invoice.pk)


def _invoice(pk) -> Invoice:
    try:
        return selectors.invoice_for_document(pk)
    except Invoice.DoesNotExist:
        raise Http404 from None


def _invoice_page(request, invoice, *, payment_form=None, credit_note_form=None, status=200):
    """The console's invoice page; a form given back with its errors replaces a blank one."""
    context = selectors.invoice_document_context(invoice)
    context.update(selectors.invoice_followup(invoice))
    context.update(
        console=True,
        chorus_api=chorus_gateway.is_enabled(),
        payment_form=PaymentForm() if payment_form is None else payment_form,
        credit_note_form=(
            CreditNoteForm(prefix="avoir") if credit_note_form is None else credit_note_form
        ),
    )
    return render(request, "billing/invoice.html", context, status=status)


@operator_required
def invoice_detail(request, pk):
    """The invoice as a printable page, with the payment form for operators."""
    return _invoice_page(request, _invoice(pk))


@operator_required
def invoice_pdf(request, pk):
    invoice = _invoice(pk)
    if invoice.source != Invoice.Source.MANUAL:  # Stripe's PDF is on Stripe's hosted page
        raise Http404
    return invoice_pdf_response(request, invoice)


@require_POST
@operator_required
def invoice_mark_paid(request, pk):
    invoice = _invoice(pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            invoices.mark_invoice_paid(invoice=invoice, paid_on=form.cleaned_data["paid_on"])
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("billing_console:invoice_detail", pk=invoice.pk)
    return _invoice_page(request, invoice, payment_form=form, status=400)


# --- Credit notes ---------------------------------------------------------------------------


@require_POST
@operator_required
def credit_note_issue(request, pk):
    invoice = _invoice(pk)
    form = CreditNoteForm(request.POST, prefix="avoir")
    if form.is_valid():
        try:
            note = credit_notes.issue_credit_note(
                invoice=invoice, reason=form.cleaned_data["reason"], created_by=request.user
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(
                request,
                _("Credit note %(number)s cancels invoice %(invoice)s.")
                % {"number": note.number, "invoice": invoice.number},
            )
            return redirect("billing_console:credit_note_detail", pk=note.pk)
    return _invoice_page(request, invoice, credit_note_form=form, status=400)


def _credit_note(pk) -> CreditNote:
    try:
        return selectors.credit_note_for_document(pk)
    except CreditNote.DoesNotExist:
        raise Http404 from None


@operator_required
def credit_note_detail(request, pk):
    note = _credit_note(pk)
    context = selectors.credit_note_document_context(note)
    context.update(selectors.credit_note_followup(note))
    context.update(console=True, chorus_api=chorus_gateway.is_enabled())
    return render(request, "billing/credit_note.html", context)


@operator_required
def credit_note_pdf(request, pk):
    return credit_note_pdf_response(request, _credit_note(pk))
