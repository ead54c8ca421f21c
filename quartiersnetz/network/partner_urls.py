"""URLs of this part of the network app (full paths: included at the site root)."""

from django.urls import URLPattern, path

from . import partner_views

urlpatterns: list[URLPattern] = [
    path("mitwirkende/<slug:slug>/partner/", partner_views.partner_list, name="partners"),
    path("mitwirkende/<slug:slug>/partner.json", partner_views.partner_json, name="partners_json"),
    path(
        "mitwirkende/<slug:slug>/partner/<slug:suggested>/verwerfen/",
        partner_views.partner_dismiss,
        name="partner_dismiss",
    ),
]
