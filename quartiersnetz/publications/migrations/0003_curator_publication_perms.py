"""Curators may add, change and view publications and recommendations in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    f"{verb}_{model}"
    for verb in ("add", "change", "view")
    for model in ("publication", "recommendation")
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name="Kuration")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="publications", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_curator_view_municipalities"),
        ("publications", "0002_seed_publications"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
