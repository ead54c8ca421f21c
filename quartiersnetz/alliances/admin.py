from django.contrib import admin

from .models import Alliance, AllianceMember


class AllianceMemberInline(admin.TabularInline):
    """Memberships are shown here; they are made, answered and ended on the alliance's page
    (alliances.services: consent of both sides, last-lead protection, audit entries)."""

    model = AllianceMember
    extra = 0
    can_delete = False
    readonly_fields = [
        "actor", "role", "role_text", "is_lead", "initiated_by",
        "alliance_consented_at", "alliance_consented_by",
        "actor_consented_at", "actor_consented_by",
    ]  # fmt: skip

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    """Curators hide an alliance here (`is_hidden`)."""

    list_display = ["name", "municipality", "status", "is_hidden", "is_sample"]
    list_filter = ["status", "is_hidden", "is_sample"]
    search_fields = ["name", "summary"]
    readonly_fields = ["created_by"]
    raw_id_fields = ["municipality", "projects", "practices", "events"]
    inlines = [AllianceMemberInline]
