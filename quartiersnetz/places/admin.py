from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """Read-only: the table is loaded from the official directory (see places/importer.py)."""

    list_display = ("name", "state", "district", "ags", "population", "size_class")
    list_filter = ("state", "size_class", "urbanisation")
    search_fields = ("name", "label", "ags", "search_name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
