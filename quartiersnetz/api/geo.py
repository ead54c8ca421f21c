"""GeoJSON (RFC 7946) helpers of the open-data API: bounding boxes and streamed collections."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .problems import InvalidParam, InvalidParametersError

GEOJSON_CONTENT_TYPE = "application/geo+json"
# RFC 7946 §11.2: six decimal places (about 10 cm) are more than enough.
COORDINATE_PRECISION = 6


@dataclass(frozen=True)
class BBox:
    """`minlon,minlat,maxlon,maxlat` (RFC 7946 §5 order). West > east crosses the antimeridian."""

    west: float
    south: float
    east: float
    north: float

    @property
    def crosses_antimeridian(self) -> bool:
        return self.west > self.east

    def as_list(self) -> list[float]:
        return [self.west, self.south, self.east, self.north]


def parse_bbox(raw: str | None, *, name: str = "bbox") -> BBox | None:
    """Parse `minlon,minlat,maxlon,maxlat`; None if absent, InvalidParametersError if malformed."""
    if raw is None or raw.strip() == "":
        return None

    def invalid(reason: str) -> InvalidParametersError:
        return InvalidParametersError([InvalidParam(name, reason)])

    parts = raw.split(",")
    if len(parts) != 4:
        raise invalid(
            "Erwartet werden vier durch Kommas getrennte Zahlen: "
            "minlon,minlat,maxlon,maxlat (WGS 84, z. B. 6.0,47.3,15.0,55.0)."
        )
    try:
        west, south, east, north = (float(p.strip()) for p in parts)
    except ValueError:
        raise invalid("Alle vier Werte müssen Dezimalzahlen mit Punkt sein.") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise invalid("Die Werte müssen endliche Zahlen sein.")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise invalid("Längengrade müssen zwischen -180 und 180 liegen.")
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise invalid("Breitengrade müssen zwischen -90 und 90 liegen.")
    if south > north:
        raise invalid("minlat darf nicht größer als maxlat sein.")
    return BBox(west, south, east, north)


def contains(bbox: BBox, lon: float, lat: float) -> bool:
    if not bbox.south <= lat <= bbox.north:
        return False
    if bbox.crosses_antimeridian:
        return lon >= bbox.west or lon <= bbox.east
    return bbox.west <= lon <= bbox.east


def point_geometry(lon: float, lat: float) -> dict[str, Any]:
    """A Point in RFC 7946 order: longitude first."""
    return {
        "type": "Point",
        "coordinates": [round(lon, COORDINATE_PRECISION), round(lat, COORDINATE_PRECISION)],
    }


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def stream_feature_collection(
    features: Iterable[dict[str, Any]],
    *,
    foreign_members: Callable[[], dict[str, Any]] | None = None,
    chunk_features: int = 200,
) -> Iterator[bytes]:
    """Yield a FeatureCollection as UTF-8 chunks without holding all features in memory.

    `foreign_members` is called after the last feature, so it can report what the iteration
    counted (e.g. records left out); JSON member order carries no meaning.
    """
    yield b'{"type":"FeatureCollection","features":['
    buffer: list[str] = []
    first = True
    for feature in features:
        buffer.append(("" if first else ",") + _dumps(feature))
        first = False
        if len(buffer) >= chunk_features:
            yield "".join(buffer).encode()
            buffer = []
    if buffer:
        yield "".join(buffer).encode()
    tail = "]"
    for key, value in (foreign_members() if foreign_members else {}).items():
        tail += "," + _dumps(key) + ":" + _dumps(value)
    yield (tail + "}").encode()
