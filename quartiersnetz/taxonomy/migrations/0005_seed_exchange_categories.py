"""Seed the offer and need categories (curators edit them afterwards)."""

from django.db import migrations

from quartiersnetz.taxonomy import seed


def load(apps, schema_editor):
    ExchangeCategory = apps.get_model("taxonomy", "ExchangeCategory")
    for position, (slug, name, name_en, description) in enumerate(seed.EXCHANGE_CATEGORIES):
        ExchangeCategory.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0004_exchange_category")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
