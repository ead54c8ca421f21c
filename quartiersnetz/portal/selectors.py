"""Reads that combine apps for the top floor's pages."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import DirectoryFilters, directory_total
from quartiersnetz.core.versions import data_version
from quartiersnetz.events.models import Event, Series
from quartiersnetz.events.selectors import public_events
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.selectors import published_practices
from quartiersnetz.projects.models import Learning, Project
from quartiersnetz.projects.selectors import published_learnings
from quartiersnetz.publications.models import Publication
from quartiersnetz.publications.selectors import published_publications
from quartiersnetz.taxonomy.models import PracticeKind, Sector
from quartiersnetz.taxonomy.selectors import taxonomy_tree

HOME_CACHE_SECONDS = 600
UPCOMING = 3
NEWEST = 4

# The small map of the start page: an SVG drawn on the server (no script, no tiles) from
# Germany's self-hosted outline (`make assets`) and the places of published practices.
MAP_WIDTH = 240
MAP_LAT = (47.2, 55.1)
MAP_LON = (5.8, 15.1)
MAP_ASPECT = 0.63  # cos(51°): degrees of longitude are shorter than degrees of latitude


@dataclass
class Figure:
    label: str
    count: int
    url: str = ""


@dataclass
class HomeMap:
    width: int
    height: int
    outline: str  # SVG path data
    points: list[dict[str, Any]] = field(default_factory=list)
    places: int = 0


def home_version() -> str:
    """Changes whenever anything the start page shows may have changed."""
    return data_version(Actor, Practice, Event, Series, Publication, Learning, Project)


def home_context() -> dict[str, Any]:
    """Everything the start page shows to everybody, cached under the data version (one query
    for the version when cached)."""
    key = f"portal:home:{home_version()}:{get_language()}"
    context = cache.get(key)
    if context is None:
        context = _home_context()
        cache.set(key, context, HOME_CACHE_SECONDS)
    return context


def _home_context() -> dict[str, Any]:
    now = timezone.now()
    return {
        "spatial_fields": taxonomy_tree(),
        "actor_count": directory_total(DirectoryFilters()),
        "upcoming_events": list(
            public_events()
            .filter(end__gte=now, state=Event.State.PUBLISHED)
            .select_related("format", "municipality")
            .order_by("start", "id")[:UPCOMING]
        ),
        "newest_practices": list(
            published_practices()
            .select_related("kind", "type", "municipality")
            .order_by("-published_at", "-id")[:NEWEST]
        ),
        "newest_learnings": list(published_learnings()[:UPCOMING]),
        "latest_publications": list(
            published_publications()
            .select_related("action_field")
            .order_by("-published_on", "-id")[:UPCOMING]
        ),
        "actors_by_sector": _actors_by_sector(),
        "practices_by_kind": _practices_by_kind(),
        "map": _home_map(),
    }


def _actors_by_sector() -> list[Figure]:
    counts = dict(
        Actor.objects.visible()
        .values("sector_id")
        .annotate(n=Count("id"))
        .values_list("sector_id", "n")
    )
    return [
        Figure(str(sector), counts.get(sector.pk, 0), f"?sector={sector.slug}")
        for sector in Sector.objects.order_by("position", "name")
    ]


def _practices_by_kind() -> list[Figure]:
    counts = dict(
        published_practices().values("kind_id").annotate(n=Count("id")).values_list("kind_id", "n")
    )
    return [
        Figure(str(kind), counts.get(kind.pk, 0), f"?kind={kind.slug}")
        for kind in PracticeKind.objects.order_by("position", "name")
    ]


def _project(lat: float, lon: float, height: float) -> tuple[float, float]:
    x = (lon - MAP_LON[0]) / (MAP_LON[1] - MAP_LON[0]) * MAP_WIDTH
    y = (MAP_LAT[1] - lat) / (MAP_LAT[1] - MAP_LAT[0]) * height
    return round(x, 1), round(y, 1)


def _outline_path(height: float) -> str:
    path = finders.find("vendor/germany/germany.geojson")
    if not path:
        return ""
    with open(str(path), encoding="utf-8") as file:
        geometry = json.load(file)["features"][0]["geometry"]
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [_project(lat, lon, height) for lon, lat in ring[::2] or ring]
            if len(points) > 2:
                parts.append("M" + " L".join(f"{x} {y}" for x, y in points) + " Z")
    return " ".join(parts)


def _home_map() -> HomeMap:
    height = round(MAP_WIDTH * (MAP_LAT[1] - MAP_LAT[0]) / ((MAP_LON[1] - MAP_LON[0]) * MAP_ASPECT))
    places = (
        published_practices()
        .exclude(municipality__latitude=None)
        .values("municipality__name", "municipality__latitude", "municipality__longitude")
        .annotate(n=Count("id"))
        .order_by("-n", "municipality__name")
    )
    points = []
    for place in places:
        x, y = _project(
            float(place["municipality__latitude"]), float(place["municipality__longitude"]), height
        )
        points.append(
            {"x": x, "y": y, "r": 2.5 + min(place["n"], 6), "name": place["municipality__name"]}
        )
    return HomeMap(MAP_WIDTH, height, _outline_path(height), points, len(points))


def next_steps(user: Any) -> dict[str, Any]:
    """The signed-in user's own open ends (not cached: a handful of small queries)."""
    from quartiersnetz.actors.models import Claim
    from quartiersnetz.events.models import Registration
    from quartiersnetz.network.selectors import pending_connections_for_user
    from quartiersnetz.practices.selectors import author_actor_ids

    now = timezone.now()
    actor_ids = author_actor_ids(user)
    return {
        "drafts": list(
            Practice.objects.filter(
                state__in=(Practice.State.DRAFT, Practice.State.RETURNED),
                organisation_id__in=actor_ids,
            ).order_by("-updated", "-id")[:5]
        ),
        "registrations": list(
            Registration.objects.filter(user=user, event__end__gte=now)
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("event")
            .order_by("event__start")[:5]
        ),
        "claims": list(Claim.objects.filter(user=user, status=Claim.Status.PENDING)[:5]),
        "proposals": list(pending_connections_for_user(user)[:5]),
    }
