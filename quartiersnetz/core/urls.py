from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("grundsaetze/", views.principles, name="principles"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("nutzungsbedingungen/", views.terms, name="terms"),
    path("datenquellen/", views.data_sources, name="data_sources"),
]
