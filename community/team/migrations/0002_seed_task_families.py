"""The method's six families of actions, in every network schema (and the template, so
clones start with them). French data, like the themes: the group may rename them."""

from django.db import migrations

FAMILIES = [
    ("Inscriptions", "Inscrire les voisins en personne, le questionnaire des thèmes, les cartes de bienvenue"),
    ("Communication", "La lettre d'information, les affiches, les échanges de visu"),
    ("Animation des cafés-rencontres", "Préparer, tenir et faire le compte rendu des cafés-rencontres"),
    ("Gestion de la plateforme", "Les thèmes, la modération, l'aide aux voisins sur le site"),
    ("Événementiel", "La Fête de la Coopération et les temps forts du réseau"),
    ("Reporting", "La mesure d'impact et le bilan pour les partenaires"),
]


def seed_families(apps, schema_editor):
    TaskFamily = apps.get_model("team", "TaskFamily")
    for position, (name, description) in enumerate(FAMILIES, start=1):
        TaskFamily.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("team", "0001_initial")]

    operations = [
        migrations.RunPython(seed_families, migrations.RunPython.noop),
    ]
