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
