"""Load the municipality directory shipped in quartiersnetz/places/data/."""

from django.db import migrations

from quartiersnetz.places.importer import read_rows, sync_municipalities


def load(apps, schema_editor):
    # Only the fields the model has at this point are written (later fields come with 0003).
    sync_municipalities(
        apps.get_model("places", "Municipality"), read_rows(), using=schema_editor.connection.alias
    )


def unload(apps, schema_editor):
    apps.get_model("places", "Municipality").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
