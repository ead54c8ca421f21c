from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from .v1 import openapi_json
from .views import docs, practices_geojson

app_name = "api"
urlpatterns: list[URLPattern] = [
    path("practices.geojson", practices_geojson.practices_geojson, name="practices_geojson"),
    path("openapi.json", require_safe(openapi_json), name="openapi"),
    path("docs", docs.docs_redirect, name="docs"),
]
