from django.contrib import admin

from .models import (
    ActionField,
    Approach,
    ExchangeCategory,
    Method,
    PracticeKind,
    PracticeType,
    Sector,
    SpatialField,
)


class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(SpatialField, Sector, PracticeKind, Method, ExchangeCategory)
class SimpleTermAdmin(TermAdmin):
    pass


@admin.register(ActionField)
class ActionFieldAdmin(TermAdmin):
    list_display = ("name", "spatial_field", "slug", "position")
    list_filter = ("spatial_field",)


@admin.register(Approach)
class ApproachAdmin(TermAdmin):
    list_display = ("name", "action_field", "slug", "position")
    list_filter = ("action_field",)


@admin.register(PracticeType)
class PracticeTypeAdmin(TermAdmin):
    list_display = ("name", "kind", "slug", "position")
    list_filter = ("kind",)
