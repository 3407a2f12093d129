"""An idempotent demo: two networks in Essonne, a few residents, one operator."""

from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from tenants.models import Network, Region
from tenants.services import create_network

DEMO_PASSWORD = "cafe-rencontre"
OPERATOR_EMAIL = "coach@coopere.localhost"

NETWORKS = [
    {
        "slug": "bois-des-roches",
        "name": "Bois des Roches",
        "households": 320,
        "phase": Network.Phase.STRUCTURATION,
        "perimeter": "Résidence du Bois des Roches et rues voisines, Saint-Michel-sur-Orge.",
        "meeting_place": "Place du marché, devant la médiathèque",
        "residents": [
            ("Martine", "Lefèvre", "martine@bois-des-roches.demo", None),
            ("Ahmed", "Benali", "ahmed@bois-des-roches.demo", None),
            ("Jeanne", "Moreau", None, "BDRX-4827"),  # no email: logs in with her code
        ],
    },
    {
        "slug": "les-tilleuls",
        "name": "Les Tilleuls",
        "households": 180,
        "phase": Network.Phase.AMORCAGE,
        "perimeter": "Allée des Tilleuls et square Condorcet, Palaiseau.",
        "meeting_place": "Salle commune de la résidence",
        "residents": [("Sophie", "Martin", "sophie@les-tilleuls.demo", None)],
    },
]


def load_demo() -> list[str]:
    """Create what is missing; return lines describing the demo logins."""
    lines = []
    with schema_context(get_public_schema_name()):
        region, _ = Region.objects.get_or_create(code="essonne", defaults={"name": "Essonne"})
        if not User.objects.filter(email=OPERATOR_EMAIL).exists():
            User.objects.create_superuser(
                email=OPERATOR_EMAIL,
                password=DEMO_PASSWORD,
                first_name="Camille",
                last_name="Coach",
            )
        lines.append(f"operator  {OPERATOR_EMAIL} / {DEMO_PASSWORD}")
        for spec in NETWORKS:
            network = Network.objects.filter(slug=spec["slug"]).first()
            if network is None:
                network = create_network(
                    name=spec["name"],
                    slug=spec["slug"],
                    region=region,
                    estimated_households=spec["households"],
                    perimeter_description=spec["perimeter"],
                    meeting_place=spec["meeting_place"],
                    phase=spec["phase"],
                    method="auto",
                )
            with schema_context(network.schema_name), transaction.atomic():
                for first, last, email, code in spec["residents"]:
                    lookup = {"email": email} if email else {"member_code": code}
                    if not User.objects.filter(**lookup).exists():
                        User.objects.create_user(
                            email=email,
                            member_code=code,
                            password=DEMO_PASSWORD,
                            first_name=first,
                            last_name=last,
                        )
                    lines.append(f"{spec['slug']:<16} {email or code} / {DEMO_PASSWORD}")
    return lines
