"""The network app's URLs, included at the site root (before the actors' URLs): `/netzwerk/…`
and the network parts of a profile, `/mitwirkende/<slug>/partner/` and
`/mitwirkende/<slug>/verbindungen/…`."""

from django.urls import URLPattern

from . import connection_urls, graph_urls, partner_urls

app_name = "network"

urlpatterns: list[URLPattern] = [
    *connection_urls.urlpatterns,
    *graph_urls.urlpatterns,
    *partner_urls.urlpatterns,
]
