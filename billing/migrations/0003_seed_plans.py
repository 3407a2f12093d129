"""The two plans Coop-ère offers at launch (editable later from the console)."""

from django.db import migrations

PLANS = [
    {
        "code": "lancement",
        "name": "Lancement — première année",
        "description": (
            "Accompagnement du lancement d'un réseau : apéro-info, amorçage, premiers "
            "cafés-rencontres, formation du Groupe d'Animation."
        ),
        "price_cents": 240000,
        "vat_rate_bp": 2000,
        "period_months": 12,
    },
    {
        "code": "suivi-annuel",
        "name": "Suivi annuel",
        "description": "Suivi d'un réseau autonome : coaching, outils, indicateurs d'impact.",
        "price_cents": 120000,
        "vat_rate_bp": 2000,
        "period_months": 12,
    },
]


def seed(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    for fields in PLANS:
        Plan.objects.get_or_create(code=fields["code"], defaults=fields)


def unseed(apps, schema_editor):
    apps.get_model("billing", "Plan").objects.filter(
        code__in=[p["code"] for p in PLANS], subscriptions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_invoice_buyer")]

    operations = [migrations.RunPython(seed, unseed)]
