from django.contrib import admin

from .models import Learning, Project, ProjectLogEntry, ProjectPartner


class ProjectPartnerInline(admin.TabularInline):
    """Partners are added here; who leads and who leaves is decided on the project's partner
    page (projects.services: permissions, last-lead protection, audit entries)."""

    model = ProjectPartner
    extra = 0
    can_delete = False
    autocomplete_fields = ["actor"]
    readonly_fields = ["is_lead", "consented_at", "consented_by"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "phase", "method", "state", "is_sample"]
    list_filter = ["state", "phase", "method", "is_sample"]
    search_fields = ["title", "summary"]
    readonly_fields = ["state", "public_since", "created_by"]
    raw_id_fields = ["municipality"]
    inlines = [ProjectPartnerInline]


@admin.register(ProjectLogEntry)
class ProjectLogEntryAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "title", "event"]
    raw_id_fields = ["project", "event"]


@admin.register(Learning)
class LearningAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "is_published", "published_at"]
    list_filter = ["is_published"]
    raw_id_fields = ["project", "log_entry", "practices"]
