"""The method's themes, in every network schema (and the template, so clones start with
them). Search needs nothing here: accents are folded in Python (exchange/search.py), so no
`unaccent` extension is required of the server."""

from django.db import migrations


# The method's themes (seed document), in the words residents will read.
THEMES = [
    ("Conseils", "Partager un savoir, une astuce, un conseil"),
    ("Coups de main", "Bricolage, courses, déménagement, petits services"),
    ("Loisirs", "Sorties, jeux, sport, culture, balades"),
    ("Logement", "Entraide autour du logement et de la résidence"),
    ("Réseautage métiers", "Conseils professionnels, recherche d'emploi, stages"),
    ("Covoiturage", "Partager un trajet"),
    ("Garde d'animaux", "Nourrir, promener, garder un animal"),
    ("Dons", "Donner ce qui ne sert plus"),
    ("Prêt de matériel", "Prêter un outil, un appareil, du matériel"),
    ("Éco-gestes", "Réduire ses déchets, son énergie, consommer autrement"),
    ("Secourisme", "Premiers secours, personnes formées dans le voisinage"),
    ("Achats groupés", "Acheter ensemble pour partager les frais réels"),
    ("Éco-projets", "Potager partagé, compost, journée de réparation, collectes"),
    ("Parrainage de personnes âgées", "Accompagner un voisin âgé ou sans internet"),
]


def seed_themes(apps, schema_editor):
    Theme = apps.get_model("exchange", "Theme")
    for position, (name, description) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [
        migrations.RunPython(seed_themes, migrations.RunPython.noop),
    ]
