from django.contrib import admin

from quartiersnetz.core.admin import ReadOnlyAdmin

from .models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    """The table is loaded from the official directory (see places/importer.py)."""

    list_display = ("name", "state", "district", "ags", "population", "size_class")
    list_filter = ("state", "size_class", "urbanisation")
    search_fields = ("name", "label", "ags", "search_name")
