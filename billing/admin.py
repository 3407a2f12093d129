"""Django admin for billing: a read-mostly view for operators. Writes that carry rules
(partners, invitations, subscriptions, invoice numbers) go through the console, which
calls the services; here invoices and their sequence cannot be edited at all."""

from django.contrib import admin
from django.db import models

from .models import (
    ChorusDeposit,
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceMessage,
    Partner,
    PartnerContact,
    PartnerInvitation,
    PartnerMembership,
    Plan,
    StripeEvent,
    Subscription,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "kind", "siret", "public_service_code"]
    list_filter = ["kind"]
    search_fields = ["legal_name", "siret"]
    readonly_fields = ["siret", "stripe_customer_id"]
    inlines = [ContactInline]

    def has_add_permission(self, request):
        return False  # the console's form normalises and checks the SIRET


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "price_cents", "vat_rate_bp", "is_active"]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["partner", "plan", "status", "source", "current_period_end"]
    list_filter = ["status", "source"]


class LineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "partner", "status", "issued_on", "total_cents", "paid_on"]
    list_filter = ["status", "source", "year"]
    search_fields = ["number", "partner__legal_name"]
    inlines = [LineInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "invoice", "partner", "issued_on", "total_cents"]
    list_filter = ["year"]
    search_fields = ["number", "invoice__number", "partner__legal_name"]


@admin.register(PartnerMembership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "partner", "created_at", "revoked_at"]


@admin.register(PartnerInvitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "partner", "created_at", "expires_at", "accepted_at"]
    exclude = ["token_hash"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "created", "processed_at"]


@admin.register(InvoiceMessage)
class InvoiceMessageAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "kind", "requested_by", "requested_at", "sent_at", "recipients"]
    list_filter = ["kind"]
    search_fields = ["invoice__number", "recipients"]


@admin.register(ChorusDeposit)
class ChorusDepositAdmin(ReadOnlyAdmin):
    list_display = ["flow_number", "invoice", "deposited_at", "deposited_by", "status"]
    search_fields = ["flow_number", "invoice__number"]
