from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("suche/", views.search, name="search"),
    path("suche.json", views.search_json, name="search_json"),
]
