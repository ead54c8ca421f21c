"""The lead partner (Federführung) of a Vorhaben, explicitly.

Existing projects: the first partner (the organisation the project was created for, or the
first in the demo data) becomes the lead partner.
"""

from django.db import migrations, models


def mark_first_partners_as_lead(apps, schema_editor):
    ProjectPartner = apps.get_model("projects", "ProjectPartner")
    first_ids = (
        ProjectPartner.objects.order_by()
        .values("project_id")
        .annotate(first=models.Min("id"))
        .values_list("first", flat=True)
    )
    ProjectPartner.objects.filter(pk__in=list(first_ids)).update(is_lead=True)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_learning_updated_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="projectpartner",
            name="is_lead",
            field=models.BooleanField(default=False, verbose_name="federführend"),
        ),
        migrations.RunPython(mark_first_partners_as_lead, migrations.RunPython.noop),
    ]
