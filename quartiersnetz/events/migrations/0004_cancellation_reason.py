"""Event.cancellation_reason, backfilled from the audit log (where it was kept until now)."""

from django.db import migrations, models


def backfill_reasons(apps, schema_editor):
    """Cancelled events get the reason their `event.cancel` audit entry recorded."""
    Event = apps.get_model("events", "Event")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="events", model="event").first()
    if content_type is None:
        return
    for event in Event.objects.filter(state="cancelled", cancellation_reason=""):
        entry = (
            AuditEntry.objects.filter(
                content_type=content_type, object_id=str(event.pk), action="event.cancel"
            )
            .order_by("-id")
            .first()
        )
        reason = str((entry.changes or {}).get("reason", "")) if entry else ""
        if reason:
            Event.objects.filter(pk=event.pk).update(cancellation_reason=reason)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0003_seed_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="cancellation_reason",
            field=models.TextField(blank=True, verbose_name="Grund der Absage"),
        ),
        migrations.RunPython(backfill_reasons, migrations.RunPython.noop),
    ]
