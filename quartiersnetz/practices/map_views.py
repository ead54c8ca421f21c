"""The map of published Praxisbeispiele (/praxis/karte/) and its GeoJSON export.

The map page is progressive enhancement: the server renders every matching record as a list
grouped by Bundesland and municipality (paginated), and `static/js/practice-map.js` adds a
Leaflet map whose markers come from `/api/v1/practices.geojson` with the same filter query
string. Both honour the list's filters (`PracticeFilters`) and show published records only.

The GeoJSON endpoint streams an RFC 7946 FeatureCollection built from `values()` rows (a few
hundred bytes of Python objects per row at a time), so memory and the number of queries stay
constant at any data size: one query for the data version (ETag, Last-Modified), one for the
action fields, one for the features. Documents up to 8 MB gzipped (the whole collection at
50 000 practices is about 2 MB) are also kept gzipped in the cache under their ETag, so a
repeated request takes the version query only.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from quartiersnetz.actors.selectors import CountedPaginator
from quartiersnetz.api.geo import (
    GEOJSON_CONTENT_TYPE,
    BBox,
    parse_bbox,
    point_geometry,
    stream_feature_collection,
)
from quartiersnetz.api.problems import (
    InvalidParam,
    InvalidParametersError,
    invalid_parameters_response,
    open_data_headers,
)
from quartiersnetz.core import params
from quartiersnetz.core.versions import table_versions
from quartiersnetz.places.models import State

from . import selectors
from .models import LICENCE_URLS, Licence, Practice

MAP_PAGE_SIZE = 100
GEOJSON_MAX_AGE = 60  # seconds; clients revalidate cheaply with the ETag afterwards
ITERATOR_CHUNK = 2000
# Documents whose gzipped form stays under this size are kept in the cache under their ETag
# (which carries the data version, so a cached document is never stale); bigger ones are
# streamed every time.
GEOJSON_CACHE_MAX_BYTES = 8_000_000  # gzipped
GEOJSON_CACHE_SECONDS = 600
# Features per response: the first page by default, up to the maximum on request; the
# collection links to the next page (`links`, rel "next", as OGC API – Features does).
GEOJSON_DEFAULT_LIMIT = 1000
GEOJSON_MAX_LIMIT = 10_000
# Far beyond any collection this site will hold; bounds the number the database is given.
GEOJSON_MAX_OFFSET = 100_000_000


# --- The map page --------------------------------------------------------------------------


@dataclass
class MunicipalityGroup:
    key: int | None
    name: str
    practices: list[Practice] = field(default_factory=list)


@dataclass
class StateGroup:
    code: str
    name: str
    municipalities: list[MunicipalityGroup] = field(default_factory=list)


def group_by_place(practices: list[Practice]) -> list[StateGroup]:
    """Consecutive rows (already ordered by Bundesland, municipality) as nested groups."""
    groups: list[StateGroup] = []
    for practice in practices:
        m = practice.municipality
        code = m.state if m else ""
        if not groups or groups[-1].code != code:
            name = State(code).label if code else _("Ohne Gemeindeangabe")
            groups.append(StateGroup(code=code, name=str(name)))
        key = m.pk if m else None
        state_group = groups[-1]
        # Keyed by the municipality, not its name: a Bundesland has several "Neustadt".
        if not state_group.municipalities or state_group.municipalities[-1].key != key:
            name = m.name if m else _("Ohne Gemeindeangabe")
            state_group.municipalities.append(MunicipalityGroup(key=key, name=name))
        state_group.municipalities[-1].practices.append(practice)
    return groups


def _place_ordered(qs: QuerySet[Practice]) -> QuerySet[Practice]:
    return qs.order_by(
        F("municipality__state").asc(nulls_last=True),
        F("municipality__name").asc(nulls_last=True),
        "municipality_id",
        "title",
        "id",
    )


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
    return [
        {"name": State(code).label, "lat": lat, "lon": lon}
        for code, (lat, lon) in STATE_LABEL_POINTS.items()
    ]


def tile_origin(tile_url: str) -> str:
    """The CSP source of a tile template: `https://{s}.tile.example.org/…` → `https://*.tile.example.org`."""
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}", "*")
    if "{" in host or "}" in host:
        return ""
    return f"{parts.scheme}://{host}"


def _detail_path_prefix() -> str:
    """`/praxis/` or `/en/praxis/`: the detail URL of the current language without the slug."""
    marker = "slug-placeholder"
    path = reverse("practices:detail", kwargs={"slug": marker})
    return path[: path.rindex(marker)]


def _geojson_url(query: str) -> str:
    url = reverse("api:practices_geojson")
    return f"{url}?{query}" if query else url


@require_safe
def practice_map(request: HttpRequest) -> HttpResponse:
    filters = selectors.PracticeFilters.from_query(request.GET)
    version = selectors.practice_data_version()
    total = selectors.practice_list_total(filters, version=version)
    qs = _place_ordered(
        selectors.practice_list_queryset(filters).only(
            "id",
            "title",
            "slug",
            "summary",
            "latitude",
            "longitude",
            "kind__name",
            "kind__name_en",
            "type__name",
            "type__name_en",
            "municipality__name",
            "municipality__state",
            "municipality__latitude",
            "municipality__longitude",
        )
    )
    # Only the kind, type and municipality are shown: no other joins.
    qs = qs.select_related(None).select_related("kind", "type", "municipality")
    page = CountedPaginator(qs, MAP_PAGE_SIZE, count=total).get_page(request.GET.get("seite"))
    rows = list(page.object_list)
    query = urlencode(filters.as_dict())
    tile_url = settings.MAP_TILE_URL.strip()
    map_query = urlencode(
        {**filters.as_dict(), "fields": ",".join(MAP_FIELDS), "limit": GEOJSON_MAX_LIMIT}
    )
    config = {
        "geojsonUrl": _geojson_url(map_query),
        # Popups link to the detail pages in the page's language (the API's `url` is German).
        "detailPrefix": _detail_path_prefix(),
        "tileUrl": tile_url,
        "attribution": settings.MAP_TILE_ATTRIBUTION if tile_url else "",
        # Without a tile background the names of the Bundesländer give some orientation.
        "stateLabels": [] if tile_url else state_labels(),
        "texts": {
            "loading": _("Die Karte wird geladen …"),
            "none": _("Keine Praxisbeispiele mit Ortsangabe für diese Filter."),
            "one": _("1 Praxisbeispiel auf der Karte."),
            "many": _("%s Praxisbeispiele auf der Karte."),
            "failed": _(
                "Die Karte konnte nicht geladen werden. "
                "Die Liste unten enthält alle Praxisbeispiele."
            ),
            "cluster": _("%s Praxisbeispiele – hineinzoomen"),
            "approximate": _("Lage: Mittelpunkt der Gemeinde"),
        },
    }
    context = {
        "filters": filters,
        "facets": selectors.practice_facets(filters, version=version),
        "page": page,
        "groups": group_by_place(rows),
        "query": query,
        "map_config": config,
        "tile_url": tile_url,
        "geojson_url": _geojson_url(query),
    }
    response = render(request, "practices/practice_map.html", context)
    origin = tile_origin(tile_url)
    if origin:
        # Tiles are images from the tile server: allow its origin on this page only.
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response


# --- GeoJSON export ------------------------------------------------------------------------

# Every property of a feature, in document order; `?fields=` may pick a subset.
PROPERTY_NAMES = (
    "title",
    "slug",
    "url",
    "kind",
    "kind_name",
    "type",
    "type_name",
    "summary",
    "municipality",
    "ags",
    "state",
    "state_name",
    "spatial_field",
    "spatial_field_name",
    "action_fields",
    "action_field_names",
    "status",
    "status_name",
    "transfer_score",
    "innovation_score",
    "licence",
    "licence_name",
    "licence_url",
    "point_precision",
)
# What the map's popups show (a third of the full document's size).
MAP_FIELDS = (
    "title",
    "slug",
    "url",
    "kind_name",
    "type_name",
    "municipality",
    "state_name",
    "point_precision",
)


def parse_page(limit_raw: str | None, offset_raw: str | None) -> tuple[int, int]:
    """`limit` (1 … GEOJSON_MAX_LIMIT, default GEOJSON_DEFAULT_LIMIT) and `offset`
    (0 … GEOJSON_MAX_OFFSET, default 0)."""
    errors: list[InvalidParam] = []
    limit, offset = GEOJSON_DEFAULT_LIMIT, 0
    if limit_raw not in (None, ""):
        parsed = params.bounded_int(limit_raw, minimum=1, maximum=GEOJSON_MAX_LIMIT)
        if parsed is None:
            errors.append(
                InvalidParam(
                    "limit", f"Erwartet wird eine ganze Zahl von 1 bis {GEOJSON_MAX_LIMIT}."
                )
            )
        else:
            limit = parsed
    if offset_raw not in (None, ""):
        parsed = params.bounded_int(offset_raw, minimum=0, maximum=GEOJSON_MAX_OFFSET)
        if parsed is None:
            errors.append(
                InvalidParam(
                    "offset", f"Erwartet wird eine ganze Zahl von 0 bis {GEOJSON_MAX_OFFSET}."
                )
            )
        else:
            offset = parsed
    if errors:
        raise InvalidParametersError(errors)
    return limit, offset


def parse_fields(raw: str | None) -> tuple[str, ...] | None:
    """`fields=title,url,…` (sparse fieldset); None = all properties."""
    if raw is None or not raw.strip():
        return None
    names = tuple(dict.fromkeys(n.strip() for n in raw.split(",") if n.strip()))
    unknown = [n for n in names if n not in PROPERTY_NAMES]
    if unknown:
        raise InvalidParametersError(
            [
                InvalidParam(
                    "fields",
                    f"Unbekannte Eigenschaft(en): {', '.join(unknown[:5])}. "
                    f"Möglich sind: {', '.join(PROPERTY_NAMES)}.",
                )
            ]
        )
    return names


_VALUES = (
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


@dataclass(frozen=True)
class DataVersion:
    latest: datetime | None
    total: int

    @property
    def token(self) -> str:
        return f"{self.latest.isoformat() if self.latest else '-'}|{self.total}"


def practice_geo_version() -> DataVersion:
    """MAX(updated) and COUNT(*) of all practices in one index-only round trip."""
    [(latest, total)] = table_versions(Practice)
    if isinstance(latest, str):  # SQLite returns the stored text
        latest = parse_datetime(latest)
    if latest is not None and is_naive(latest):
        latest = make_aware(latest, UTC)
    return DataVersion(latest=latest, total=int(total or 0))


def _score(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _with_point(qs: QuerySet[Practice], bbox: BBox | None) -> QuerySet[Practice]:
    """Annotate the shown point (exact, else the municipality's centre); filter by `bbox`.

    Rows without a point pass the bbox filter so that they are counted as omitted.
    """
    qs = qs.annotate(
        pt_lat=Coalesce("latitude", "municipality__latitude"),
        pt_lon=Coalesce("longitude", "municipality__longitude"),
    )
    if bbox is None:
        return qs
    inside = Q(pt_lat__gte=bbox.south, pt_lat__lte=bbox.north)
    if bbox.crosses_antimeridian:
        inside &= Q(pt_lon__gte=bbox.west) | Q(pt_lon__lte=bbox.east)
    else:
        inside &= Q(pt_lon__gte=bbox.west, pt_lon__lte=bbox.east)
    return qs.filter(inside | Q(pt_lat__isnull=True) | Q(pt_lon__isnull=True))


def _action_fields(ids: QuerySet[Practice, Any]) -> dict[int, list[tuple[str, str]]]:
    """Action fields (slug, name) of every practice whose id `ids` selects, in one query."""
    through = Practice.action_fields.through
    rows = (
        through.objects.filter(practice_id__in=ids)
        .order_by("practice_id", "actionfield__position", "actionfield__name")
        .values_list("practice_id", "actionfield__slug", "actionfield__name")
    )
    result: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for practice_id, slug, name in rows.iterator(chunk_size=ITERATOR_CHUNK):
        result[practice_id].append((slug, name))
    return result


class _Features:
    """Iterates GeoJSON features from value rows and counts the rows without a point."""

    def __init__(
        self,
        rows: QuerySet[Any, dict[str, Any]],
        action_fields: dict[int, list[tuple[str, str]]],
        detail_prefix: str,
        fields: tuple[str, ...] | None = None,
        *,
        limit: int | None = None,
    ) -> None:
        self.rows = rows
        self.action_fields = action_fields
        self.detail_prefix = detail_prefix
        self.fields = fields
        self.limit = limit
        self.omitted = 0
        self.returned = 0
        self.has_next = False
        with translation.override("de"):
            self.status_names = {k: str(v) for k, v in Practice.Status.choices}
        self.state_names = dict(State.choices)
        self.licences = {
            str(lic.value): (str(lic.value), str(lic.label), LICENCE_URLS[lic]) for lic in Licence
        }

    def __iter__(self) -> Iterator[dict[str, Any]]:
        seen = 0
        for row in self.rows.iterator(chunk_size=ITERATOR_CHUNK):
            if self.limit is not None and seen == self.limit:
                self.has_next = True  # the one row past the page
                break
            seen += 1
            if row["pt_lat"] is None or row["pt_lon"] is None:
                self.omitted += 1
                continue
            self.returned += 1
            yield self.feature(row)

    def feature(self, row: dict[str, Any]) -> dict[str, Any]:
        properties = self.properties(row)
        if self.fields is not None:
            properties = {name: properties[name] for name in self.fields}
        return {
            "type": "Feature",
            "id": row["id"],
            "geometry": point_geometry(row["pt_lon"], row["pt_lat"]),
            "properties": properties,
        }

    def properties(self, row: dict[str, Any]) -> dict[str, Any]:
        fields = self.action_fields.get(row["id"], [])
        state = row["municipality__state"] or None
        licence, licence_name, licence_url = self.licences[row["licence"]]
        return {
            "title": row["title"],
            "slug": row["slug"],
            "url": f"{self.detail_prefix}{row['slug']}/",
            "kind": row["kind__slug"],
            "kind_name": row["kind__name"],
            "type": row["type__slug"],
            "type_name": row["type__name"],
            "summary": row["summary"],
            "municipality": row["municipality__name"],
            "ags": row["municipality__ags"],
            "state": state,
            "state_name": self.state_names.get(state) if state else None,
            "spatial_field": row["spatial_field__slug"],
            "spatial_field_name": row["spatial_field__name"],
            "action_fields": [slug for slug, _name in fields],
            "action_field_names": [name for _slug, name in fields],
            "status": row["status"],
            "status_name": self.status_names.get(row["status"], row["status"]),
            "transfer_score": _score(row["transfer_score"]),
            "innovation_score": _score(row["innovation_score"]),
            "licence": licence,
            "licence_name": licence_name,
            "licence_url": licence_url,
            "point_precision": "exact" if row["latitude"] is not None else "municipality",
        }


def _detail_prefix(request: HttpRequest) -> str:
    """The absolute URL of the German detail pages without the slug (one reverse() per request)."""
    with translation.override("de"):
        return request.build_absolute_uri(_detail_path_prefix())


def _etag(
    version: DataVersion,
    filters: Any,
    bbox: BBox | None,
    fields: tuple[str, ...] | None,
    prefix: str,
    page: tuple[int, int],
) -> str:
    state = json.dumps(
        {
            "v": version.token,
            "filters": filters.as_dict(),
            "bbox": bbox.as_list() if bbox else None,
            "fields": fields,
            "base": prefix,
            "page": page,
            "format": 2,
        },
        sort_keys=True,
    )
    return '"' + hashlib.sha256(state.encode()).hexdigest()[:32] + '"'


def _page_link(request: HttpRequest, rel: str, limit: int, offset: int) -> dict[str, str]:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    if not offset:
        del query["offset"]
    href = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"rel": rel, "type": GEOJSON_CONTENT_TYPE, "href": href}


def _cache_headers(response: HttpResponseBase, etag: str, version: DataVersion) -> None:
    response["ETag"] = etag
    if version.latest is not None:
        response["Last-Modified"] = http_date(version.latest.timestamp())
    patch_cache_control(response, public=True, max_age=GEOJSON_MAX_AGE)
    open_data_headers(response)


def _cache_compressed(chunks: Iterable[bytes], key: str) -> Iterator[bytes]:
    """Pass the chunks through; keep the gzipped document in the cache if it stays small.

    GeoJSON compresses about 25:1, so even the whole collection at 50 000 practices (about
    50 MB, 2 MB gzipped) is kept: repeated requests are served from the cache.
    """
    compressor: Any = zlib.compressobj(1, zlib.DEFLATED, 31)  # gzip container, fast level
    kept: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        if kept is not None:
            part = compressor.compress(chunk)
            size += len(part)
            if size > GEOJSON_CACHE_MAX_BYTES:
                kept = None
            elif part:
                kept.append(part)
        yield chunk
    if kept is not None:
        tail = compressor.flush()
        if size + len(tail) <= GEOJSON_CACHE_MAX_BYTES:
            cache.set(key, b"".join([*kept, tail]), GEOJSON_CACHE_SECONDS)


def _from_cache(request: HttpRequest, gzipped: bytes) -> HttpResponse:
    """The cached document, gzipped when the client accepts it (as every browser does)."""
    if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(gzipped, content_type=GEOJSON_CONTENT_TYPE)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(gzipped), content_type=GEOJSON_CONTENT_TYPE)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


# Public data without secrets in the body, so compression is safe (no BREACH); the ETag turns
# weak under gzip, which If-None-Match on GET compares weakly anyway.
@gzip_page
@require_safe
def practices_geojson(request: HttpRequest) -> HttpResponseBase:
    errors: list[InvalidParam] = []
    bbox: BBox | None = None
    fields: tuple[str, ...] | None = None
    try:
        bbox = parse_bbox(request.GET.get("bbox"))
    except InvalidParametersError as error:
        errors += error.params
    try:
        fields = parse_fields(request.GET.get("fields"))
    except InvalidParametersError as error:
        errors += error.params
    limit, offset = GEOJSON_DEFAULT_LIMIT, 0
    try:
        limit, offset = parse_page(request.GET.get("limit"), request.GET.get("offset"))
    except InvalidParametersError as error:
        errors += error.params
    if errors:
        return invalid_parameters_response(request, InvalidParametersError(errors))
    filters = selectors.PracticeFilters.from_query(request.GET)
    prefix = _detail_prefix(request)
    version = practice_geo_version()
    etag = _etag(version, filters, bbox, fields, prefix, (limit, offset))
    last_modified = int(version.latest.timestamp()) if version.latest else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        _cache_headers(not_modified, etag, version)
        return not_modified
    if request.method == "HEAD":
        response: HttpResponseBase = HttpResponse(content_type=GEOJSON_CONTENT_TYPE)
        _cache_headers(response, etag, version)
        return response
    cache_key = f"practices:geojson:{etag.strip(chr(34))}"
    document = cache.get(cache_key)
    if document is not None:
        response = _from_cache(request, document)
        # Like gzip_page: a compressed body carries a weak ETag (GET compares weakly).
        _cache_headers(response, etag, version)
        if response.has_header("Content-Encoding") and not etag.startswith("W/"):
            response["ETag"] = f"W/{etag}"
        return response

    # Published only, whatever the list's queryset does: drafts never leave the house.
    matching = selectors.practice_list_queryset(filters).filter(state=Practice.State.PUBLISHED)
    located = _with_point(matching, bbox)
    # Pages in a stable order; one row more than the page tells whether a next page exists.
    window = slice(offset, offset + limit + 1)
    by_id = located.order_by("id")
    rows = by_id.values(*_VALUES)[window]
    needs_action_fields = fields is None or not {"action_fields", "action_field_names"}.isdisjoint(
        fields
    )
    action_fields = _action_fields(by_id.values("pk")[window]) if needs_action_fields else {}
    features = _Features(rows, action_fields, prefix, fields, limit=limit)

    def foreign_members() -> dict[str, Any]:
        members: dict[str, Any] = {"omitted": features.omitted}
        members["numberReturned"] = features.returned
        links = [_page_link(request, "self", limit, offset)]
        if features.has_next:
            links.append(_page_link(request, "next", limit, offset + limit))
        if offset:
            links.append(_page_link(request, "prev", limit, max(0, offset - limit)))
        members["links"] = links
        return members

    chunks = stream_feature_collection(features, foreign_members=foreign_members)
    response = StreamingHttpResponse(
        _cache_compressed(chunks, cache_key), content_type=GEOJSON_CONTENT_TYPE
    )
    _cache_headers(response, etag, version)
    return response
