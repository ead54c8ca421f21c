"""Admin for Praxisbeispiele: curators view and change records; revisions via simple-history.

The curation workflow (submit, return, publish, rate) belongs to the site's own pages and
services, which write the audit log and send the e-mails; the admin is for corrections.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .models import Practice, PracticeActor, PracticeImage, PracticeRating, ReviewComment


class PracticeActorInline(admin.TabularInline):
    model = PracticeActor
    extra = 0
    autocomplete_fields = ("actor",)


class PracticeImageInline(admin.TabularInline):
    model = PracticeImage
    extra = 0


class PracticeRatingInline(admin.TabularInline):
    model = PracticeRating
    extra = 0
    readonly_fields = ("rated_by",)


class ReviewCommentInline(admin.TabularInline):
    model = ReviewComment
    extra = 0
    readonly_fields = ("author", "transition", "text", "created")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Practice)
class PracticeAdmin(SimpleHistoryAdmin):
    list_display = (
        "title", "kind", "type", "organisation", "state", "submitted_at", "published_at",
        "innovation_score", "transfer_score", "is_sample",
    )  # fmt: skip
    list_filter = ("state", "kind", "spatial_field", "licence", "is_sample")
    search_fields = ("title", "slug", "summary", "organisation__name")
    autocomplete_fields = ("municipality", "organisation", "adapted_from", "created_by")
    filter_horizontal = ("action_fields", "approaches", "methods")
    readonly_fields = (
        "state", "submitted_at", "published_at", "innovation_score", "transfer_score",
        "created", "updated",
    )  # fmt: skip
    list_select_related = ("kind", "type", "organisation")
    date_hierarchy = "submitted_at"
    inlines = [PracticeActorInline, PracticeImageInline, PracticeRatingInline, ReviewCommentInline]
    history_list_display = ("state",)

    # Revisions are read-only here: restoring goes through /praxis/<slug>/versionen/, which
    # records the restore as a new revision and writes the audit log.
    def has_change_history_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ("practice", "author", "transition", "created")
    list_filter = ("transition",)
    list_select_related = ("practice", "author")
    readonly_fields = ("practice", "author", "transition", "created")
