"""Reads of billing data reused by the console, the invitation page and the invoice
documents (HTML and PDF)."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from tenants.models import Network

from .models import Invoice, Partner, PartnerInvitation, Plan, Subscription


def partners_for_listing() -> QuerySet[Partner]:
    return Partner.objects.annotate(
        user_count=Count("memberships", distinct=True),
        active_subscription_count=Count(
            "subscriptions",
            filter=Q(subscriptions__status=Subscription.Status.ACTIVE),
            distinct=True,
        ),
    ).order_by("legal_name")


def partner_users(partner: Partner) -> list:
    return [m.user for m in partner.memberships.select_related("user").order_by("user__first_name")]


def partner_invitations(partner: Partner) -> QuerySet[PartnerInvitation]:
    return partner.invitations.select_related("invited_by").order_by("-created_at")


def partner_subscriptions(partner: Partner) -> QuerySet[Subscription]:
    return (
        partner.subscriptions.select_related("plan")
        .prefetch_related(
            Prefetch("networks", queryset=Network.objects.order_by("name")),
            Prefetch("invoices", queryset=Invoice.objects.order_by("-issued_on", "-pk")),
        )
        .order_by("-created_at")
    )


def partner_invoices(partner: Partner) -> QuerySet[Invoice]:
    return partner.invoices.select_related("subscription").order_by("-issued_on", "-pk")


def live_networks() -> QuerySet[Network]:
    return Network.objects.filter(state=Network.State.LIVE).order_by("name")


def offered_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(is_active=True).order_by("price_cents", "code")


def invoices_for_console() -> QuerySet[Invoice]:
    """Every invoice, unpaid ones first (oldest due date first), then the rest."""
    return Invoice.objects.select_related("partner").order_by(
        "status", "due_on", "-issued_on", "-pk"
    )


def invoice_for_document(pk: int) -> Invoice:
    return (
        Invoice.objects.select_related("partner", "subscription__plan")
        .prefetch_related("lines")
        .get(pk=pk)
    )


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
