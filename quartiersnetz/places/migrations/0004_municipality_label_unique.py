# Separate from 0003 so that PostgreSQL never alters a table with pending row updates.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("places", "0003_municipality_label")]

    operations = [
        migrations.AlterField(
            model_name="municipality",
            name="label",
            field=models.CharField(max_length=250, unique=True, verbose_name="Bezeichnung"),
        ),
        migrations.AlterField(
            model_name="municipality",
            name="search_label",
            field=models.CharField(editable=False, max_length=250, unique=True),
        ),
    ]
