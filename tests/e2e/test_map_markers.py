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


# Germany's outline (no tile server, the default) is drawn and visible: a path in its own pane
# whose SVG has a size (KERN's `svg { max-width: 100% }` once shrank it to nothing).
OUTLINE_DRAWN = """() => {
  const path = document.querySelector(".leaflet-outline-pane svg path");
  if (!path) return false;
  const svg = path.closest("svg").getBoundingClientRect();
  const box = path.getBoundingClientRect();
  return svg.width > 100 && svg.height > 100 && box.width > 50 && box.height > 50;
}"""


def test_maps_draw_germanys_outline_without_any_third_party_request(page: Any, server: Any) -> None:
    from quartiersnetz.alliances.tests.factories import AllianceFactory, MemberFactory
    from quartiersnetz.events.tests.factories import EventFactory
    from quartiersnetz.practices.tests.factories import PracticeFactory

    with server.quiet():
        PracticeFactory(title="Umrissprobe Praxis", slug="umrissprobe")
        EventFactory(title="Umrissprobe Werkstatt", slug="umrissprobe-werkstatt")
        MemberFactory(alliance=AllianceFactory(name="Umrissprobe Allianz"))
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    for path in ("/praxis/karte/", "/werkstaetten/", "/allianzen/"):
        page.goto(path)
        page.wait_for_function(OUTLINE_DRAWN)
    assert hosts == {server.url.split("/")[2]}, hosts
