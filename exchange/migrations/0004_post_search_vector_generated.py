"""The search vector becomes a generated column: PostgreSQL computes it on every write,
whatever the path (services, questionnaire drafts, bulk_create, QuerySet.update, the API).
Adding the column fills it for the rows already there (questionnaire drafts had none).

Django cannot turn a column into a generated one in place: the old column and its index
go, the new ones come. Only built-in, immutable functions appear in the expression, so it
is the same in every schema and survives the template's clone (exchange/search.py)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import exchange.search


class Migration(migrations.Migration):
    dependencies = [("exchange", "0003_notification_cafe_kind_and_link")]

    operations = [
        migrations.RemoveIndex(model_name="post", name="post_search_gin"),
        migrations.RemoveField(model_name="post", name="search_vector"),
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=exchange.search.post_document(),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="post_search_gin"
            ),
        ),
    ]
