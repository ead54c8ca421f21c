"""`/offene-daten/` (English under `/en/`): the datasets page, downloads, dump, catalogue. The API
page `/offene-daten/api/` belongs to the api app (`api.urls_pages`), under the same prefix."""

from django.urls import URLPattern, path

from . import views

app_name = "opendata"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("katalog.ttl", views.catalogue_turtle, name="catalogue_ttl"),
    path("katalog.jsonld", views.catalogue_jsonld, name="catalogue_jsonld"),
    path("quartiersnetz-offene-daten.zip", views.dump, name="dump"),
    path("neu-erstellen/", views.rebuild, name="rebuild"),
    # `-excel.csv` before `.csv`: a slug may contain hyphens.
    path("<slug:dataset>-excel.csv", views.download_csv_excel, name="csv_excel"),
    path("<slug:dataset>.csv", views.download_csv, name="csv"),
    path("<slug:dataset>.json", views.download_json, name="json"),
    path("<slug:dataset>.geojson", views.download_geojson, name="geojson"),
]
