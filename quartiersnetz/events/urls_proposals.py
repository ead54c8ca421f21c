"""Members' proposals under /werkstaetten/ (a fixed path: it comes before the public slugs)."""

from django.urls import URLPattern, path

from . import views_proposals

urlpatterns: list[URLPattern] = [
    path("vorschlagen/", views_proposals.event_propose, name="propose"),
]
