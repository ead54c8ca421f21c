"""Curators may add, change, delete and view PDF attachments, and delete recommendations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "add_attachment",
    "change_attachment",
    "delete_attachment",
    "view_attachment",
    "delete_recommendation",
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


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Kuration").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="publications", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_curator_view_municipalities"),
        ("publications", "0004_attachment_recommendation_practices"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
