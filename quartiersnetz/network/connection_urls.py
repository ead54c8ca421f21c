"""URLs of an actor's connections (full paths: included at the site root)."""

from django.urls import URLPattern, path

from . import connection_views as views

urlpatterns: list[URLPattern] = [
    path("mitwirkende/<slug:slug>/verbindungen/", views.connections, name="connections"),
    path(
        "mitwirkende/<slug:slug>/verbindungen/vorschlagen/",
        views.connection_propose,
        name="connection_propose",
    ),
    path(
        "mitwirkende/<slug:slug>/verbindungen/<int:pk>/bestaetigen/",
        views.connection_confirm,
        name="connection_confirm",
    ),
    path(
        "mitwirkende/<slug:slug>/verbindungen/<int:pk>/ablehnen/",
        views.connection_decline,
        name="connection_decline",
    ),
    path(
        "mitwirkende/<slug:slug>/verbindungen/<int:pk>/entfernen/",
        views.connection_remove,
        name="connection_remove",
    ),
]
