"""The initiative's own pages; config/urls.py mounts them through `portal.urls.core_patterns`,
which adds the start page (`core:home`) to this namespace."""

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("grundsaetze/", views.principles, name="principles"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("nutzungsbedingungen/", views.terms, name="terms"),
    path("datenquellen/", views.data_sources, name="data_sources"),
]
