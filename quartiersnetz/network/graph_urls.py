"""URLs of this part of the network app (full paths: included at the site root)."""

from django.urls import URLPattern, path

from . import graph_views

urlpatterns: list[URLPattern] = [
    path("netzwerk/", graph_views.graph, name="graph"),
    path("netzwerk/graph.json", graph_views.graph_json, name="graph_json"),
    path("netzwerk/bereiche/", graph_views.sectors, name="sectors"),
    path("netzwerk/bereiche.csv", graph_views.sectors_csv, name="sectors_csv"),
]
