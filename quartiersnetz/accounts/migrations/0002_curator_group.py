"""The curator group ("Kuration") with the model permissions curators need in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATOR_GROUP = "Kuration"
CURATOR_PERMISSIONS = {
    "taxonomy": ["spatialfield", "actionfield", "approach", "sector", "practicekind",
                 "practicetype", "method"],
    "actors": ["actor", "membership", "claim"],
}  # fmt: skip


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CURATOR_GROUP)
    for app_label, models in CURATOR_PERMISSIONS.items():
        perms = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        ).exclude(codename__startswith="delete_")
        group.permissions.add(*perms)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="audit", codename="view_auditentry")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taxonomy", "0001_initial"),
        ("actors", "0001_initial"),
        ("audit", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
