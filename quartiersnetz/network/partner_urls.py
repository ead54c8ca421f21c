"""URLs of this part of the network app (full paths: included at the site root)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
