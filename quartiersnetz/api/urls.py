from django.urls import URLPattern, path

from quartiersnetz.practices import map_views

app_name = "api"
urlpatterns: list[URLPattern] = [
    path("practices.geojson", map_views.practices_geojson, name="practices_geojson"),
]
