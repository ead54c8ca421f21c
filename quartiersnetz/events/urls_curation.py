"""The curators' pages under /werkstaetten/ (fixed paths come before the public slugs)."""

from django.urls import URLPattern, path

from . import recommendation_links
from . import views_curation as views

urlpatterns: list[URLPattern] = [
    path(
        "empfehlungen/<slug:slug>/<int:number>/",
        recommendation_links.recommendation_events_link,
        name="recommendation_events",
    ),
    path("neu/", views.event_create, name="create"),
    path("planung/", views.planning, name="planning"),
    path("reihen/neu/", views.series_create, name="series_create"),
    path("reihen/<slug:slug>/planen/", views.series_plan, name="series_plan"),
    path("<slug:slug>/bearbeiten/", views.event_edit, name="edit"),
    path("<slug:slug>/veroeffentlichen/", views.event_publish, name="publish"),
    path("<slug:slug>/absagen/", views.event_cancel, name="cancel_event"),
    path("<slug:slug>/programm/", views.agenda, name="agenda"),
    path("<slug:slug>/programm/<int:pk>/", views.agenda_item_edit, name="agenda_item"),
    path("<slug:slug>/dokumentation/", views.document_edit, name="document_edit"),
    path("<slug:slug>/dokumente/<int:pk>/", views.document_download, name="document"),
]
