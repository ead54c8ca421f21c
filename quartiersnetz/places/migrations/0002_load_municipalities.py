"""Load the municipality directory shipped in quartiersnetz/places/data/."""

from django.db import migrations

from quartiersnetz.places.importer import read_rows


def load(apps, schema_editor):
    Municipality = apps.get_model("places", "Municipality")
    Municipality.objects.bulk_create(
        (Municipality(**row) for row in read_rows()), batch_size=2000
    )


def unload(apps, schema_editor):
    apps.get_model("places", "Municipality").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
