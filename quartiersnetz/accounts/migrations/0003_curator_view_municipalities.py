"""Curators may look up municipalities in the admin (read-only there)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name="Kuration")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="places", codename="view_municipality")
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_curator_group"), ("places", "0001_initial")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
