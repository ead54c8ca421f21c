"""Curators may view and change Praxisbeispiele (and their parts) in the admin, review and rate."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("practice", "practiceactor", "practiceimage", "practicerating", "reviewcomment")
CODENAMES = [
    *(f"{verb}_{model}" for verb in ("add", "change", "view") for model in MODELS),
    "view_historicalpractice",
    "review_practice",
    "rate_practice",
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Kuration")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="practices", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Kuration").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="practices", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_curator_view_municipalities"),
        ("practices", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
