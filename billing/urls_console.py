"""Console pages of billing, mounted at /console/partenaires/ (operators only)."""

from django.urls import path

from .views import console, console_invoices

app_name = "billing_console"
urlpatterns = [
    path("", console.partner_list, name="partner_list"),
    path("nouveau/", console.partner_create, name="partner_create"),
    path("<int:pk>/", console.partner_detail, name="partner_detail"),
    path("<int:pk>/modifier/", console.partner_edit, name="partner_edit"),
    path("<int:pk>/contacts/", console.contact_add, name="contact_add"),
    path("contacts/<int:pk>/supprimer/", console.contact_delete, name="contact_delete"),
    path("<int:pk>/inviter/", console.invite, name="invite"),
    path(
        "<int:pk>/souscriptions/nouvelle/",
        console.subscription_create,
        name="subscription_create",
    ),
    path("souscriptions/<int:pk>/modifier/", console.subscription_edit, name="subscription_edit"),
    path(
        "souscriptions/<int:pk>/resilier/",
        console.subscription_cancel,
        name="subscription_cancel",
    ),
    path("utilisateurs/<int:pk>/revoquer/", console.membership_revoke, name="membership_revoke"),
    path("taux-bce/", console.ecb_rates, name="ecb_rates"),
    path("souscriptions/<int:pk>/facturer/", console.invoice_issue, name="invoice_issue"),
    path("factures/", console_invoices.invoice_list, name="invoice_list"),
    path("factures/export.csv", console_invoices.invoice_csv, name="invoice_csv"),
    path("factures/<int:pk>/envoyer/", console_invoices.invoice_send, name="invoice_send"),
    path(
        "factures/<int:pk>/chorus.pdf",
        console_invoices.invoice_chorus_file,
        name="invoice_chorus_file",
    ),
    path(
        "factures/<int:pk>/chorus/deposer/",
        console_invoices.invoice_chorus_deposit,
        name="invoice_chorus_deposit",
    ),
    path("chorus/<int:pk>/actualiser/", console_invoices.chorus_refresh, name="chorus_refresh"),
    path("factures/<int:pk>/", console.invoice_detail, name="invoice_detail"),
    path("factures/<int:pk>/pdf/", console.invoice_pdf, name="invoice_pdf"),
    path("factures/<int:pk>/payee/", console.invoice_mark_paid, name="invoice_mark_paid"),
    path("factures/<int:pk>/avoir/", console.credit_note_issue, name="credit_note_issue"),
    path("avoirs/<int:pk>/", console.credit_note_detail, name="credit_note_detail"),
    path("avoirs/<int:pk>/pdf/", console.credit_note_pdf, name="credit_note_pdf"),
    path("avoirs/<int:pk>/envoyer/", console_invoices.credit_note_send, name="credit_note_send"),
    path(
        "avoirs/<int:pk>/chorus.pdf",
        console_invoices.credit_note_chorus_file,
        name="credit_note_chorus_file",
    ),
    path(
        "avoirs/<int:pk>/chorus/deposer/",
        console_invoices.credit_note_chorus_deposit,
        name="credit_note_chorus_deposit",
    ),
    path("offres/", console.plan_list, name="plan_list"),
    path("offres/nouvelle/", console.plan_create, name="plan_create"),
    path("offres/<int:pk>/modifier/", console.plan_edit, name="plan_edit"),
]
