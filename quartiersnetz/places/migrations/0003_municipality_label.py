"""A unique label per municipality ("Herne (Nordrhein-Westfalen)", "Kleve (Steinburg,
Schleswig-Holstein)"), and the corrected data file (names of places with several official
suffixes, missing coordinates given as 0 in the source) applied to existing rows.
"""

from django.db import migrations, models

from quartiersnetz.places.importer import read_rows, sync_municipalities


def sync(apps, schema_editor):
    sync_municipalities(
        apps.get_model("places", "Municipality"), read_rows(), using=schema_editor.connection.alias
    )


class Migration(migrations.Migration):
    dependencies = [("places", "0002_load_municipalities")]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="label",
            field=models.CharField(default="", max_length=250, verbose_name="Bezeichnung"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="municipality",
            name="search_label",
            field=models.CharField(default="", editable=False, max_length=250),
            preserve_default=False,
        ),
        migrations.RunPython(sync, migrations.RunPython.noop),
    ]
