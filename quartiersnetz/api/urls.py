from django.urls import URLPattern, path

from .views import practices_geojson

app_name = "api"
urlpatterns: list[URLPattern] = [
    path("practices.geojson", practices_geojson.practices_geojson, name="practices_geojson"),
]
