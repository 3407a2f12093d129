"""The demo's partner invoice is written in French (its line, like every invoice's)."""

from django.utils import timezone, translation

from billing.models import Invoice
from coopere.accounts.models import User
from infra import demo
from tenants.models import Network, Region


def test_the_demo_invoice_line_is_french(db):
    # A registry row is enough: the partner part of the demo never enters the network.
    Network.objects.bulk_create(
        [
            Network(
                schema_name="n_bois_des_roches_demo",
                state=Network.State.LIVE,
                name="Bois des Roches",
                slug="bois-des-roches",
                region=Region.objects.get(code="essonne"),
                estimated_households=320,
                opened_at=timezone.now(),
            )
        ]
    )
    operator = User.objects.create_user(
        email="coach-demo@coopere.test", first_name="Inès", kind=User.Kind.OPERATOR
    )
    # Whatever language the shell that loads the demo is in.
    with translation.override("en"):
        demo._partner(operator)
    invoice = Invoice.objects.get(partner__siret=demo.PARTNER_SIRET)
    line = invoice.lines.get()
    year = timezone.localdate().year
    assert line.description.endswith("— réseaux : Bois des Roches")
    assert f"du 1er janvier {year} au 31 décembre {year}" in line.description
    assert invoice.status == Invoice.Status.PAID
