from django.contrib import admin

from quartiersnetz.core.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit log is append-only."""

    list_display = ("created", "user", "action", "object_repr")
    list_filter = ("action",)
    search_fields = ("object_repr", "user__email", "action")
    date_hierarchy = "created"
