from django.db import migrations


def seed_formats(apps, schema_editor):
    from quartiersnetz.events.seed import FORMATS

    EventFormat = apps.get_model("events", "EventFormat")
    for position, (slug, name, name_en, description) in enumerate(FORMATS):
        EventFormat.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(seed_formats, migrations.RunPython.noop)]
