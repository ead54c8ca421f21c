from django.contrib import admin

from .models import Publication, Recommendation


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "action_field", "published_on", "is_published")
    list_filter = ("kind", "action_field", "is_published", "is_summary_only")
    search_fields = ("title", "slug", "author_names")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("author_organisations",)
    inlines = [RecommendationInline]
    list_select_related = ("action_field",)
