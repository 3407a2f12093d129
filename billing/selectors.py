"""Reads of billing data reused by the console, the invitation page and the invoice
documents (HTML and PDF)."""

import datetime

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from tenants.models import Network

from .models import (
    ChorusDeposit,
    CreditNote,
    EcbRate,
    Invoice,
    InvoiceMessage,
    Partner,
    PartnerInvitation,
    Plan,
    Subscription,
    SubscriptionEvent,
)


def partners_for_listing(q: str = "") -> QuerySet[Partner]:
    """Partners by name with their counts; `q`: part of the name, or of the SIRET."""
    partners = Partner.objects.all()
    text = q.strip()
    if text:
        digits = text.replace(" ", "")
        match = Q(legal_name__icontains=text)
        if digits.isdigit():
            match |= Q(siret__contains=digits)
        partners = partners.filter(match)
    return partners.annotate(
        user_count=Count("memberships", distinct=True),
        active_subscription_count=Count(
            "subscriptions",
            filter=Q(subscriptions__status=Subscription.Status.ACTIVE),
            distinct=True,
        ),
    ).order_by("legal_name")


def partner_users(partner: Partner) -> list:
    return [m.user for m in partner.memberships.select_related("user").order_by("user__first_name")]


def partner_memberships(partner: Partner) -> QuerySet:
    """Portal users of the partner, those with access first, with who revoked the others."""
    return partner.memberships.select_related("user", "revoked_by").order_by(
        F("revoked_at").asc(nulls_first=True), "user__first_name", "pk"
    )


def partner_invitations(partner: Partner) -> QuerySet[PartnerInvitation]:
    return partner.invitations.select_related("invited_by").order_by("-created_at")


def partner_subscriptions(partner: Partner) -> QuerySet[Subscription]:
    return (
        partner.subscriptions.select_related("plan")
        .prefetch_related(
            Prefetch("networks", queryset=Network.objects.order_by("name")),
            Prefetch("invoices", queryset=Invoice.objects.order_by("-issued_on", "-pk")),
            Prefetch("events", queryset=SubscriptionEvent.objects.select_related("by")),
        )
        .order_by("-created_at")
    )


def partner_invoices(partner: Partner) -> QuerySet[Invoice]:
    return partner.invoices.select_related("subscription", "credit_note").order_by(
        "-issued_on", "-pk"
    )


def live_networks() -> QuerySet[Network]:
    return Network.objects.filter(state=Network.State.LIVE).order_by("name")


def offered_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(is_active=True).order_by("price_cents", "code")


INVOICE_STATES = ("unpaid", "due", "overdue", "paid", "void")


def invoices_for_console(*, q: str = "", state: str = "", today=None) -> QuerySet[Invoice]:
    """Invoices, unpaid ones first (oldest due date first), then the rest; `state`: unpaid,
    due (unpaid, not yet late), overdue (unpaid past its due date), paid or void; `q`
    searches the number, the buyer and the partner."""
    today = today or timezone.localdate()
    invoices = Invoice.objects.select_related("partner")
    unpaid = Q(status=Invoice.Status.ISSUED)
    if state == "unpaid":
        invoices = invoices.filter(unpaid)
    elif state == "due":
        invoices = invoices.filter(unpaid).filter(Q(due_on__gte=today) | Q(due_on__isnull=True))
    elif state == "overdue":
        invoices = invoices.filter(unpaid, due_on__lt=today)
    elif state == "paid":
        invoices = invoices.filter(status=Invoice.Status.PAID)
    elif state == "void":
        invoices = invoices.filter(status=Invoice.Status.VOID)
    q = (q or "").strip()
    if q:
        invoices = invoices.filter(
            Q(number__icontains=q)
            | Q(buyer_name__icontains=q)
            | Q(partner__legal_name__icontains=q)
            | Q(buyer_service_code__iexact=q)
            | Q(purchase_order_ref__iexact=q)
        )
    return invoices.order_by("status", "due_on", "-issued_on", "-pk")


def invoice_followup(invoice: Invoice, *, today=None) -> dict:
    """What the console's invoice page shows under the document: the emails sent, the
    Chorus Pro deposits, and what lateness costs so far."""
    from .late_payment import late_charges

    today = today or timezone.localdate()
    overdue = (
        invoice.status == Invoice.Status.ISSUED
        and invoice.due_on is not None
        and invoice.due_on < today
    )
    return {
        "invoice_messages": invoice.messages.select_related("requested_by").order_by(
            "requested_at", "pk"
        ),
        "chorus_deposits": invoice.chorus_deposits.filter(credit_note=None).select_related(
            "deposited_by"
        ),
        "billing_contacts": [
            c for c in invoice.partner.contacts.all() if c.receives_invoices and c.email
        ],
        "overdue": overdue,
        "late": late_charges(
            amount_cents=invoice.total_cents,
            due_on=invoice.due_on,
            on=today,
            public_buyer=invoice.partner.is_public_buyer,
        )
        if overdue
        else None,
    }


def invoice_for_document(pk: int) -> Invoice:
    return (
        Invoice.objects.select_related("partner", "subscription__plan", "credit_note")
        .prefetch_related("lines")
        .get(pk=pk)
    )


def credit_note_for_document(pk: int) -> CreditNote:
    return (
        CreditNote.objects.select_related("partner", "invoice__subscription")
        .prefetch_related("invoice__lines")
        .get(pk=pk)
    )


def credit_note_followup(note: CreditNote) -> dict:
    """What the console's credit note page shows under the document: who receives it, the
    emails that sent it, and its Chorus Pro deposits."""
    return {
        "credit_note_messages": note.invoice.messages.filter(kind=InvoiceMessage.Kind.CREDIT_NOTE)
        .select_related("requested_by")
        .order_by("requested_at", "pk"),
        "billing_contacts": [
            c for c in note.partner.contacts.all() if c.receives_invoices and c.email
        ],
        "chorus_deposits": note.chorus_deposits.select_related("deposited_by"),
    }


def credit_note_document_context(note: CreditNote) -> dict:
    """What billing/credit_note.html needs: the note, the cancelled invoice's lines."""
    context = invoice_document_context(note.invoice)
    context.update(note=note)
    return context


def partner_credit_notes(partner: Partner) -> QuerySet[CreditNote]:
    return partner.credit_notes.select_related("invoice").order_by("-issued_on", "-pk")


def seller() -> dict:
    """Coop-ère's legal identity as printed on invoices (settings)."""
    return {
        "name": settings.COOPERE_LEGAL_NAME,
        # An environment variable holds one line: "\n" written in it starts a new line.
        "address": settings.COOPERE_ADDRESS.replace("\\n", "\n"),
        "siret": settings.COOPERE_SIRET,
        "vat_number": settings.COOPERE_VAT_NUMBER,
        "iban": settings.COOPERE_IBAN,
        "bic": settings.COOPERE_BIC,
    }


def invoice_document_context(invoice: Invoice) -> dict:
    """What the invoice template (billing/invoice.html) needs, for HTML and PDF alike."""
    lines = list(invoice.lines.all())
    return {
        "invoice": invoice,
        "lines": lines,
        "seller": seller(),
        "vat_exempt": all(line.vat_rate_bp == 0 for line in lines),
        "vat_rates": sorted({line.vat_rate_bp for line in lines}),
    }


def overlapping_coverage(networks, start, end, *, exclude_pk=None) -> list[dict]:
    """Networks among `networks` already covered between `start` and `end` by another
    running subscription (any partner): [{network, subscription}] for the form's warning."""
    if not networks or start is None or end is None:
        return []
    network_ids = [n.pk if isinstance(n, Network) else int(n) for n in networks]
    subs = (
        Subscription.objects.filter(
            networks__in=network_ids,
            status__in=[
                Subscription.Status.PENDING,
                Subscription.Status.ACTIVE,
                Subscription.Status.PAST_DUE,
            ],
        )
        .filter(Q(current_period_start__isnull=True) | Q(current_period_start__lte=end))
        .filter(Q(current_period_end__isnull=True) | Q(current_period_end__gte=start))
        .exclude(pk=exclude_pk)
        .select_related("partner", "plan")
        .prefetch_related(Prefetch("networks", queryset=Network.objects.order_by("name")))
        .distinct()
        .order_by("current_period_start", "pk")
    )
    found = []
    for sub in subs:
        for network in sub.networks.all():
            if network.pk in network_ids:
                found.append({"network": network, "subscription": sub})
    return found


def chorus_deposits_in_progress() -> list[int]:
    """Ids of the Chorus Pro deposits whose processing Chorus Pro has not finished
    (neither integrated nor rejected at the last look), oldest first."""
    return list(
        ChorusDeposit.objects.exclude(status__in=[ChorusDeposit.INTEGRATED, ChorusDeposit.REJECTED])
        .order_by("deposited_at", "pk")
        .values_list("pk", flat=True)
    )


def ecb_rates() -> QuerySet[EcbRate]:
    return EcbRate.objects.select_related("recorded_by").order_by("-valid_from")


def ecb_rate_missing(today: datetime.date) -> datetime.date | None:
    """The start of today's half-year if no ECB rate is recorded for it (interest then
    follows an older rate, or the setting): the console asks for it."""
    from .late_payment import half_year_start

    start = half_year_start(today)
    return None if EcbRate.objects.filter(valid_from=start).exists() else start


def ecb_rate_in_force(today: datetime.date) -> int:
    """The ECB rate (basis points) late-payment interest uses for today's half-year."""
    from .late_payment import ecb_rate_bp, recorded_rates

    return ecb_rate_bp(today, recorded_rates())


def chorus_rejections() -> list[ChorusDeposit]:
    """Deposits Chorus Pro rejected whose invoice or credit note has not been deposited
    again since: the console's invoice list shows them until someone does. One query: the
    deposits of every invoice with a rejection, the latest kept per document."""
    with_rejection = ChorusDeposit.objects.filter(status=ChorusDeposit.REJECTED).values(
        "invoice_id"
    )
    latest = {}
    for deposit in (
        ChorusDeposit.objects.filter(invoice_id__in=with_rejection)
        .select_related("invoice", "credit_note")
        .order_by("deposited_at", "pk")
    ):
        latest[deposit.invoice_id, deposit.credit_note_id] = deposit
    return [deposit for deposit in latest.values() if deposit.is_rejected]
