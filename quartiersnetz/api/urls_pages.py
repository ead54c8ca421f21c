"""The API's pages in the site's languages: `/offene-daten/api/` (English under `/en/`)."""

from django.urls import URLPattern, path

from .views import docs

app_name = "api_pages"
urlpatterns: list[URLPattern] = [
    path("api/", docs.api_docs, name="docs"),
]
