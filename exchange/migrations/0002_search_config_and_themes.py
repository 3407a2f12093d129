"""French full-text search without accents, and the method's themes.

Runs in every network schema (and the template, so clones start with the themes). The
text-search configuration is created once, in public, where every search path reaches it.
"""

from django.db import migrations

CREATE_SEARCH_CONFIG = """
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
    WHERE c.cfgname = 'french_unaccent' AND n.nspname = 'public'
  ) THEN
    CREATE TEXT SEARCH CONFIGURATION public.french_unaccent (COPY = pg_catalog.french);
    ALTER TEXT SEARCH CONFIGURATION public.french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.french_stem;
  END IF;
END
$$;
"""

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
        migrations.RunSQL(CREATE_SEARCH_CONFIG, reverse_sql=migrations.RunSQL.noop),
        migrations.RunPython(seed_themes, migrations.RunPython.noop),
    ]
