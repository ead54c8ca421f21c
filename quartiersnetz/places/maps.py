"""Germany on a map without tiles (the default): its outline and where the names of the
Bundesländer are written."""

from __future__ import annotations

from typing import Any

from .models import State

# Where the map without tiles writes the names of the Bundesländer, for orientation
# (hand-placed inside each state, clear of the city states).
STATE_LABEL_POINTS: dict[str, tuple[float, float]] = {
    "01": (54.25, 9.75),
    "02": (53.62, 10.02),
    "03": (52.75, 9.3),
    "04": (53.12, 8.75),
    "05": (51.45, 7.55),
    "06": (50.6, 9.05),
    "07": (49.85, 7.45),
    "08": (48.55, 9.05),
    "09": (48.95, 11.55),
    "10": (49.38, 6.95),
    "11": (52.5, 13.4),
    "12": (52.05, 13.75),
    "13": (53.75, 12.55),
    "14": (51.0, 13.35),
    "15": (51.95, 11.65),
    "16": (50.85, 11.0),
}


def state_labels() -> list[dict[str, Any]]:
    """The names of the Bundesländer with the point where the map writes each."""
    return [
        {"name": State(code).label, "lat": lat, "lon": lon}
        for code, (lat, lon) in STATE_LABEL_POINTS.items()
    ]


def outline_url() -> str:
    """Germany's outline as GeoJSON, self-hosted (built by `make assets` from Natural Earth)."""
    from django.templatetags.static import static

    return static("vendor/germany/germany.geojson")


def plain_background(tile_url: str) -> dict[str, Any]:
    """What a map draws when no tile server is configured: the outline and the state names."""
    if tile_url:
        return {"stateLabels": [], "outlineUrl": ""}
    return {"stateLabels": state_labels(), "outlineUrl": outline_url()}
