"""The robots.txt floor view."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    for path in ("/konto/", "/kuration/", "/verwaltung/"):
        assert f"Disallow: {path}" in body
