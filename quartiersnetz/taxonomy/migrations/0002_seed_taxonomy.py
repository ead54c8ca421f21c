"""Load the taxonomy named in the initiative's seed text."""

from django.db import migrations

from quartiersnetz.taxonomy import seed


def load(apps, schema_editor):
    SpatialField = apps.get_model("taxonomy", "SpatialField")
    ActionField = apps.get_model("taxonomy", "ActionField")
    Approach = apps.get_model("taxonomy", "Approach")
    Sector = apps.get_model("taxonomy", "Sector")
    PracticeKind = apps.get_model("taxonomy", "PracticeKind")
    PracticeType = apps.get_model("taxonomy", "PracticeType")
    Method = apps.get_model("taxonomy", "Method")

    spatial = {}
    for position, (slug, name, name_en, description) in enumerate(seed.SPATIAL_FIELDS):
        spatial[slug], _ = SpatialField.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "position": position,
            },
        )
    fields = {}
    for position, (slug, name, name_en, spatial_slug) in enumerate(seed.ACTION_FIELDS):
        fields[slug], _ = ActionField.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "position": position,
                "spatial_field": spatial[spatial_slug],
            },
        )
    for position, (slug, name, name_en, field_slug) in enumerate(seed.APPROACHES):
        Approach.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "position": position,
                "action_field": fields[field_slug],
            },
        )
    for position, (slug, name, name_en) in enumerate(seed.SECTORS):
        Sector.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )
    kinds = {}
    for position, (slug, name, name_en, description) in enumerate(seed.PRACTICE_KINDS):
        kinds[slug], _ = PracticeKind.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "position": position,
            },
        )
    for position, (slug, name, name_en, kind_slug) in enumerate(seed.PRACTICE_TYPES):
        PracticeType.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "position": position,
                "kind": kinds[kind_slug],
            },
        )
    for position, (slug, name, name_en, description) in enumerate(seed.METHODS):
        Method.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
