"""The tile server's origin, allowed as an image source on the map pages."""

from __future__ import annotations

import pytest

from quartiersnetz.core.maps import tile_origin


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://localhost:8080/tiles/{z}/{x}/{y}.png", "http://localhost:8080"),
        ("/static/tiles/{z}/{x}/{y}.png", ""),
        ("", ""),
        ("javascript:alert(1)", ""),
        ("https://{tenant}.example.org/{z}/{x}/{y}.png", ""),
    ],
)
def test_tile_origin(url, origin):
    assert tile_origin(url) == origin


def test_the_privacy_page_names_exactly_the_configured_external_hosts(client, settings):
    from django.urls import reverse

    settings.MAP_TILE_URL = ""
    body = client.get(reverse("core:privacy")).content.decode()
    assert "lädt keine Inhalte von fremden Servern" in body
    assert 'id="external-hosts"' not in body

    settings.MAP_TILE_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    body = client.get(reverse("core:privacy")).content.decode()
    assert "lädt keine Inhalte von fremden Servern" not in body
    hosts = body.split('id="external-hosts">', 1)[1].split("</ul>", 1)[0]
    assert hosts == "<li><code>*.tile.example.org</code></li>"


def test_the_outline_is_served_from_this_site():
    import json

    from django.contrib.staticfiles import finders

    path = finders.find("vendor/germany/germany.geojson")
    assert path, "make assets builds vendor/germany/germany.geojson"
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    geometry = data["features"][0]["geometry"]
    assert geometry["type"] == "MultiPolygon"
    points = [p for polygon in geometry["coordinates"] for ring in polygon for p in ring]
    assert len(points) > 500
    assert all(5.8 < lon < 15.1 and 47.2 < lat < 55.1 for lon, lat in points)
