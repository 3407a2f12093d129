"""The partner portal (mounted at /partenaires/ on the base domain)."""

from django.urls import path

from billing.views import portal

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("abonnement/", portal.subscribe, name="subscribe"),
    path("abonnement/merci/", portal.checkout_done, name="checkout_done"),
    path(
        "abonnement/<int:subscription_id>/interrompu/",
        portal.checkout_cancelled,
        name="checkout_cancelled",
    ),
    path("gestion-du-paiement/", portal.billing_portal, name="billing_portal"),
    path("factures/", portal.invoices, name="invoices"),
    path("factures/<int:invoice_id>.pdf", portal.invoice_pdf, name="invoice_pdf"),
    path("avoirs/<int:note_id>.pdf", portal.credit_note_pdf, name="credit_note_pdf"),
    path("factures/actualiser/", portal.refresh_invoices, name="refresh_invoices"),
    path("impact/", portal.impact, name="impact"),
    path("impact.csv", portal.impact_csv, name="impact_csv"),
    path("reseaux/<int:network_id>/", portal.network, name="network"),
    path("rapport/", portal.report, name="report"),
    path("rapport.pdf", portal.report_pdf, name="report_pdf"),
]
