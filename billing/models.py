"""Partners, plans, subscriptions and invoices — all in the public schema.

Access rights come only from these tables: Stripe tells us what happened (webhooks), we
write it here, and the partner portal reads nothing else. Residents' access never depends
on any of it. Money is integer cents; VAT rates are basis points (2000 = 20 %).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.models import Network

from .validators import validate_siret


def vat_of(excl_tax_cents: int, rate_bp: int) -> int:
    """VAT on an amount excl. VAT, in cents, rounded half up (per invoice line)."""
    return (excl_tax_cents * rate_bp + 5000) // 10000


class Partner(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Municipality")
        INTERCOMMUNALITE = "intercommunalite", _("Intercommunality")
        BAILLEUR_SOCIAL = "bailleur_social", _("Social landlord")
        DEPARTEMENT = "departement", _("Département")
        OTHER = "autre", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    legal_name = models.CharField(_("legal name"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, validators=[validate_siret])
    billing_address = models.TextField(_("billing address"))
    # Chorus Pro "code service", for public bodies' e-invoicing; optional.
    public_service_code = models.CharField(_("public service code"), max_length=100, blank=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.legal_name

    # Bodies that receive invoices through Chorus Pro and owe the public late-payment rate.
    PUBLIC_KINDS = (Kind.COMMUNE, Kind.INTERCOMMUNALITE, Kind.DEPARTEMENT)

    @property
    def is_public_buyer(self) -> bool:
        return self.kind in self.PUBLIC_KINDS or bool(self.public_service_code)


class PartnerContact(models.Model):
    """A person to reach at the partner (not necessarily a user of the portal)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Billing contacts: invoices and reminders are emailed to them.
    receives_invoices = models.BooleanField(_("receives invoices"), default=False)

    class Meta:
        ordering = ["partner", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")


class PartnerMembership(models.Model):
    """Ties a public-schema user (kind "partner") to the one partner they work for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_membership",
        verbose_name=_("user"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("partner")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Revoked: the user lost the portal at once (account deactivated); the row stays as the
    # audit of who revoked it and when.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("partner user")
        verbose_name_plural = _("partner users")


class PartnerInvitation(models.Model):
    """An operator invites a partner's staff member by email; the link expires."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("partner")
    )
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    # Only a hash is stored: the token itself travels in the email.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")


class Plan(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    price_cents = models.PositiveIntegerField(_("price per network per year (cents)"))
    vat_rate_bp = models.PositiveIntegerField(
        _("VAT rate (basis points)"), default=2000, validators=[MaxValueValidator(10000)]
    )
    period_months = models.PositiveSmallIntegerField(_("period (months)"), default=12)
    # The Stripe Price used by Checkout (per network per year); empty: manual invoicing only.
    stripe_price_id = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["price_cents", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return self.name


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        ACTIVE = "active", _("Active")
        PAST_DUE = "past_due", _("Payment overdue")
        CANCELED = "canceled", _("Cancelled")
        LAPSED = "lapsed", _("Lapsed")

    class Source(models.TextChoices):
        STRIPE = "stripe", _("Card or SEPA debit (Stripe)")
        MANUAL = "manual", _("Invoice and bank transfer")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("partner")
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("plan")
    )
    networks = models.ManyToManyField(
        Network, related_name="subscriptions", verbose_name=_("networks covered")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    current_period_start = models.DateField(_("period start"), null=True, blank=True)
    current_period_end = models.DateField(_("period end"), null=True, blank=True)
    purchase_order_ref = models.CharField(_("purchase order reference"), max_length=100, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    stripe_checkout_session_id = models.CharField(
        max_length=255, null=True, blank=True, unique=True
    )
    # Time of the newest Stripe event applied: an older event arriving late is ignored.
    stripe_state_at = models.DateTimeField(null=True, blank=True)
    # The last day covered by a cancelled subscription (set by an operator's cancellation).
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [models.Index(fields=["partner", "status"])]


class SubscriptionEvent(models.Model):
    """The history of a manual subscription: each edit or cancellation, who and when, and
    what it changed in words."""

    class Action(models.TextChoices):
        EDITED = "edited", _("Edited")
        CANCELED = "canceled", _("Cancelled")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    summary = models.TextField(_("what changed"), blank=True)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        ordering = ["subscription", "-at", "-pk"]
        verbose_name = _("subscription change")
        verbose_name_plural = _("subscription changes")


class InvoiceSequence(models.Model):
    """The last number issued in a year. Locked row by row: numbers are gapless."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)


class Invoice(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        PAID = "paid", pgettext_lazy("invoice", "Paid")  # « payée »: une facture
        VOID = "void", _("Cancelled by credit note")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Issued by Coop-ère")
        STRIPE = "stripe", _("Issued through Stripe")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("partner")
    )
    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.PROTECT,
        related_name="invoices",
        null=True,
        blank=True,
        verbose_name=_("subscription"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    # Manual invoices: "FA-2026-0042" from (year, sequence). Stripe invoices: Stripe's number.
    number = models.CharField(_("number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    purchase_order_ref = models.CharField(_("purchase order reference"), max_length=100, blank=True)
    # The buyer as it stood when the invoice was issued: an issued invoice never changes,
    # even if the partner's address or name is edited later.
    buyer_name = models.CharField(_("buyer"), max_length=200, blank=True)
    buyer_address = models.TextField(_("buyer's address"), blank=True)
    buyer_siret = models.CharField(_("buyer's SIRET"), max_length=14, blank=True)
    buyer_service_code = models.CharField(_("public service code"), max_length=100, blank=True)
    total_excl_tax_cents = models.PositiveIntegerField(_("total excl. VAT (cents)"), default=0)
    vat_cents = models.PositiveIntegerField(_("VAT (cents)"), default=0)
    total_cents = models.PositiveIntegerField(_("total incl. VAT (cents)"), default=0)
    stripe_invoice_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    hosted_invoice_url = models.URLField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="one_invoice_per_number"),
            models.CheckConstraint(
                condition=~models.Q(source="manual")
                | (models.Q(year__isnull=False) & models.Q(sequence__isnull=False)),
                name="manual_invoice_is_numbered",
            ),
        ]

    def __str__(self):
        return self.number


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(_("description"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_price_cents = models.PositiveIntegerField(_("unit price excl. VAT (cents)"))
    vat_rate_bp = models.PositiveIntegerField(_("VAT rate (basis points)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["invoice", "position"]

    @property
    def total_excl_tax_cents(self) -> int:
        return self.quantity * self.unit_price_cents

    @property
    def vat_cents(self) -> int:
        return vat_of(self.total_excl_tax_cents, self.vat_rate_bp)


class CreditNoteSequence(models.Model):
    """The last credit note number issued in a year; locked like InvoiceSequence."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)


class CreditNote(models.Model):
    """An avoir cancelling one manual invoice in full: its own gapless yearly number
    (AV-2026-0001), the buyer and the amounts copied from the invoice it cancels."""

    invoice = models.OneToOneField(
        Invoice, on_delete=models.PROTECT, related_name="credit_note", verbose_name=_("invoice")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="credit_notes", verbose_name=_("partner")
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    issued_on = models.DateField(_("issued on"))
    reason = models.TextField(_("reason"))
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_address = models.TextField(_("buyer's address"), blank=True)
    buyer_siret = models.CharField(_("buyer's SIRET"), max_length=14, blank=True)
    buyer_service_code = models.CharField(_("public service code"), max_length=100, blank=True)
    total_excl_tax_cents = models.PositiveIntegerField(_("total excl. VAT (cents)"))
    vat_cents = models.PositiveIntegerField(_("VAT (cents)"))
    total_cents = models.PositiveIntegerField(_("total incl. VAT (cents)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="one_credit_note_per_number")
        ]

    def __str__(self):
        return self.number


class StripeEvent(models.Model):
    """Every webhook event, stored once by its id: a replay finds the row and does nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    # Stripe's `created` (event time), used to order events that arrive out of order.
    created = models.DateTimeField()
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]


class InvoiceMessage(models.Model):
    """Every email about an invoice, as a log: the invoice sent by an operator, the
    reminders the daily task sends, and the credit note cancelling it, sent by an operator.
    The row is the send's marker: written in the same transaction as the send, so a task
    run twice finds it and sends nothing."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice sent")
        REMINDER_1 = "reminder_1", _("First reminder")
        REMINDER_2 = "reminder_2", _("Second reminder")
        CREDIT_NOTE = "credit_note", _("Credit note sent")

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="messages", verbose_name=_("invoice")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    requested_at = models.DateTimeField(_("requested at"))
    # Empty for reminders: the daily task sends them.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("requested by"),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    # A reminder's figures as they were written in it.
    days_late = models.PositiveIntegerField(default=0)
    interest_rate_bp = models.PositiveIntegerField(default=0)
    interest_cents = models.PositiveIntegerField(default=0)
    indemnity_cents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["invoice", "requested_at", "pk"]
        verbose_name = _("invoice email")
        verbose_name_plural = _("invoice emails")
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "kind"],
                condition=~models.Q(kind="invoice"),
                name="one_reminder_of_each_kind",
            )
        ]


class EcbRate(models.Model):
    """The European Central Bank's main refinancing rate as in force on 1 January or
    1 July: late-payment interest follows it for that half-year (billing/late_payment.py).
    An operator records it each half-year on the console."""

    valid_from = models.DateField(_("in force on"), unique=True)
    rate_bp = models.PositiveIntegerField(_("rate (basis points)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("ECB rate")
        verbose_name_plural = _("ECB rates")

    def __str__(self):
        return f"{self.valid_from}: {self.rate_bp} bp"


class ChorusDeposit(models.Model):
    """An invoice, or the credit note cancelling it, deposited on Chorus Pro through its
    API, and the flow's state as Chorus Pro last told it (etatCourantDepotFlux: IN_INTEGRE,
    IN_REJETE, or still in progress). A credit note's deposit names the credit note and the
    invoice it cancels."""

    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        related_name="chorus_deposits",
        verbose_name=_("invoice"),
    )
    credit_note = models.ForeignKey(
        "CreditNote",
        on_delete=models.PROTECT,
        related_name="chorus_deposits",
        null=True,
        blank=True,
        verbose_name=_("credit note"),
    )
    flow_number = models.CharField(_("deposit number"), max_length=100, unique=True)
    file_name = models.CharField(_("file name"), max_length=200)
    deposited_at = models.DateTimeField(_("deposited at"))
    deposited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status on Chorus Pro"), max_length=100, blank=True)
    status_checked_at = models.DateTimeField(_("status checked at"), null=True, blank=True)
    errors = models.TextField(_("errors reported"), blank=True)

    class Meta:
        ordering = ["-deposited_at", "-pk"]
        verbose_name = _("Chorus Pro deposit")
        verbose_name_plural = _("Chorus Pro deposits")

    INTEGRATED, REJECTED = "IN_INTEGRE", "IN_REJETE"

    @property
    def is_rejected(self) -> bool:
        return self.status == self.REJECTED

    @property
    def is_integrated(self) -> bool:
        return self.status == self.INTEGRATED
