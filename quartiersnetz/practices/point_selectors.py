"""Reads of the map's points: published practices matching the list's filters, with the shown
point, for the map page and the open-data GeoJSON (`api`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware

from quartiersnetz.core.versions import table_versions

from .list_selectors import PracticeFilters, practice_list_queryset
from .models import (
    Practice,
)

# --- Points: published practices on the map, for the open-data GeoJSON ----------------------

# The columns of a point row (`practice_point_rows`); `pt_lat`/`pt_lon` are the shown point.
POINT_ROW_FIELDS = (
    "id",
    "title",
    "slug",
    "summary",
    "kind__slug",
    "kind__name",
    "type__slug",
    "type__name",
    "spatial_field__slug",
    "spatial_field__name",
    "municipality__name",
    "municipality__ags",
    "municipality__state",
    "status",
    "transfer_score",
    "innovation_score",
    "licence",
    "latitude",
    "pt_lat",
    "pt_lon",
)
POINT_CHUNK = 2000
# (west, south, east, north) in degrees, RFC 7946 §5 order; west > east crosses the antimeridian.
Bounds = tuple[float, float, float, float]


def practice_table_version() -> tuple[datetime | None, int]:
    """MAX(updated) (aware) and COUNT(*) of all practices in one index-only round trip."""
    [(latest, total)] = table_versions(Practice)
    if isinstance(latest, str):  # SQLite returns the stored text
        latest = parse_datetime(latest)
    if latest is not None and is_naive(latest):
        latest = make_aware(latest, UTC)
    return latest, int(total or 0)


def _points(
    filters: PracticeFilters, bbox: Bounds | None, after: int | None = None
) -> QuerySet[Practice]:
    """Published practices matching `filters` with the shown point (exact, else the
    municipality's centre) as `pt_lat`/`pt_lon`, inside `bbox`, with an id greater than `after`
    (keyset paging), in a stable order (by id).

    Rows without a point pass the bbox filter so that the caller can count them as omitted.
    """
    # Published only, whatever the list's queryset does: drafts never leave the house.
    qs = practice_list_queryset(filters).filter(state=Practice.State.PUBLISHED)
    if after is not None:
        qs = qs.filter(pk__gt=after)
    qs = qs.annotate(
        pt_lat=Coalesce("latitude", "municipality__latitude"),
        pt_lon=Coalesce("longitude", "municipality__longitude"),
    )
    if bbox is not None:
        west, south, east, north = bbox
        inside = Q(pt_lat__gte=south, pt_lat__lte=north)
        if west > east:  # crosses the antimeridian
            inside &= Q(pt_lon__gte=west) | Q(pt_lon__lte=east)
        else:
            inside &= Q(pt_lon__gte=west, pt_lon__lte=east)
        qs = qs.filter(inside | Q(pt_lat__isnull=True) | Q(pt_lon__isnull=True))
    return qs.order_by("id")


def practice_point_rows(
    filters: PracticeFilters,
    *,
    bbox: Bounds | None = None,
    offset: int,
    limit: int,
    after: int | None = None,
) -> QuerySet[Any, dict[str, Any]]:
    """`limit` point rows (`POINT_ROW_FIELDS`) from `offset` on (among those with an id greater
    than `after`, if given), lazily (iterate in chunks)."""
    return _points(filters, bbox, after).values(*POINT_ROW_FIELDS)[offset : offset + limit]


def practice_point_action_fields(
    filters: PracticeFilters,
    *,
    bbox: Bounds | None = None,
    offset: int,
    limit: int,
    after: int | None = None,
) -> dict[int, list[tuple[str, str]]]:
    """Action fields (slug, name) of the same rows as `practice_point_rows`, in one query."""
    ids = _points(filters, bbox, after).values("pk")[offset : offset + limit]
    through = Practice.action_fields.through
    rows = (
        through.objects.filter(practice_id__in=ids)
        .order_by("practice_id", "actionfield__position", "actionfield__name")
        .values_list("practice_id", "actionfield__slug", "actionfield__name")
    )
    result: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for practice_id, slug, name in rows.iterator(chunk_size=POINT_CHUNK):
        result[practice_id].append((slug, name))
    return result
