"""Version 1 of the checklists, from the method (seed/000). Labels are French data."""

from django.db import migrations

M, A = "manual", "automatic"

# (phase, key, label, kind, indicator, threshold)
ITEMS = [
    ("amorcage", "amorceurs-identified", "Amorceurs identifiés", M, "", None),
    ("amorcage", "first-meeting-held", "Première réunion tenue", M, "", None),
    ("amorcage", "perimeter-defined", "Périmètre défini", M, "", None),
    ("amorcage", "meeting-place-found", "Lieu de rencontre trouvé", M, "", None),
    (
        "amorcage",
        "invitation-letter-sent",
        "Lettre d'invitation préparée et envoyée à chaque foyer",
        M,
        "",
        None,
    ),
    ("amorcage", "apero-info-scheduled", "Apéro-info programmé", M, "", None),
    ("lancement", "apero-info-held", "Apéro-info tenu (participation notée)", M, "", None),
    (
        "lancement",
        "principles-presented",
        "Principes et animation présentés",
        M,
        "",
        None,
    ),
    # No threshold: the COOPERE_MIN_GROUP_SIZE setting decides (never below 4).
    ("lancement", "group-formed", "Groupe d'Animation constitué", A, "group_size", None),
    (
        "lancement",
        "cafes-commitment",
        "Engagement à tenir des cafés-rencontres mensuels",
        M,
        "",
        None,
    ),
    ("lancement", "platform-opened", "Plateforme ouverte aux habitant·es", M, "", None),
    (
        "structuration",
        "actions-shared",
        "Actions visualisées et réparties dans le groupe",
        M,
        "",
        None,
    ),
    ("structuration", "newsletter-sent", "Lettre d'information envoyée", A, "newsletters_sent", 1),
    ("structuration", "posters-displayed", "Affiches posées", M, "", None),
    # Sum of the last three monthly snapshots: about one café a month.
    ("structuration", "monthly-cafes-held", "Cafés-rencontres mensuels tenus", A, "cafes_held", 3),
    ("structuration", "fete-held", "Fête de la Coopération organisée", M, "", None),
    ("structuration", "impact-tool-used", "Outil de mesure d'impact utilisé", M, "", None),
    ("structuration", "pilots-trained", "Pilotes et copilotes formé·es", M, "", None),
]


def seed(apps, schema_editor):
    Version = apps.get_model("onboarding", "ChecklistVersion")
    Item = apps.get_model("onboarding", "ChecklistItem")
    version, created = Version.objects.get_or_create(number=1)
    if not created:
        return
    positions: dict[str, int] = {}
    for phase, key, label, kind, indicator, threshold in ITEMS:
        positions[phase] = positions.get(phase, 0) + 1
        Item.objects.create(
            version=version,
            phase=phase,
            position=positions[phase],
            key=key,
            label=label,
            kind=kind,
            indicator=indicator,
            threshold=threshold,
            required=True,
        )


def unseed(apps, schema_editor):
    apps.get_model("onboarding", "ChecklistVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("onboarding", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
