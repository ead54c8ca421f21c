"""The maps' marker images load (Leaflet cannot find them by itself under hashed static names)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

MARKER_IMAGES_LOADED = """() => {
  const icons = Array.from(document.querySelectorAll("img.leaflet-marker-icon"));
  return icons.length > 0 && icons.every((img) => img.complete && img.naturalWidth > 0);
}"""


def test_practice_and_event_map_markers_show_their_images(page: Any, server: Any) -> None:
    from quartiersnetz.events.tests.factories import EventFactory
    from quartiersnetz.practices.tests.factories import PracticeFactory

    with server.quiet():
        PracticeFactory(title="Markerprobe Praxis", slug="markerprobe")
        EventFactory(title="Markerprobe Werkstatt", slug="markerprobe-werkstatt")
    page.goto("/praxis/karte/")
    page.locator('img.leaflet-marker-icon[title="Markerprobe Praxis"]').wait_for()
    page.wait_for_function(MARKER_IMAGES_LOADED)
    page.goto("/werkstaetten/")
    page.locator('img.leaflet-marker-icon[title="Markerprobe Werkstatt"]').wait_for()
    page.wait_for_function(MARKER_IMAGES_LOADED)
