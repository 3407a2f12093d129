"""The Django admin shows billing read-mostly: invoices and their numbers cannot be
edited or added there (only the console's services number invoices)."""

from billing.services import invoices


def test_admin_lists_billing_and_refuses_to_edit_invoices(
    operator, logged_in, partner_a, network_a, make_subscription
):
    invoice = invoices.issue_invoice(subscription=make_subscription(partner_a, [network_a]))
    client = logged_in(operator)
    for url in [
        "/admin/billing/partner/",
        "/admin/billing/plan/",
        "/admin/billing/subscription/",
        "/admin/billing/invoice/",
        "/admin/billing/partnerinvitation/",
        f"/admin/billing/invoice/{invoice.pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/billing/invoice/add/").status_code == 403
    response = client.post(
        f"/admin/billing/invoice/{invoice.pk}/change/", {"number": "FA-2026-9999"}
    )
    assert response.status_code == 403
    invoice.refresh_from_db()
    assert invoice.number.endswith("-0001")
