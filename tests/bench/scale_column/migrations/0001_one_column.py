"""The benchmark's one-column migration (`make bench-scale`): a real ALTER TABLE through
Django's migrate in every network schema. Installed by tests/bench/scale_settings.py only;
the benchmark takes it back by hand before each timed run."""

from django.db import migrations

COLUMN = "bench_scale"


class Migration(migrations.Migration):
    dependencies = [("sessions", "0001_initial")]

    operations = [
        migrations.RunSQL(
            f"ALTER TABLE django_session ADD COLUMN {COLUMN} integer",
            f"ALTER TABLE django_session DROP COLUMN {COLUMN}",
        )
    ]
