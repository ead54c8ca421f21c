"""`/api/v1/practices.geojson`: the open-data GeoJSON of published Praxisbeispiele.

The map page (`/praxis/karte/`) draws its markers from this document, with the list's filter
query string (`practices.list_selectors.PracticeFilters`).

The endpoint streams an RFC 7946 FeatureCollection built from `values()` rows (a few hundred
bytes of Python objects per row at a time), so memory and the number of queries stay constant
at any data size: one query for the data version (ETag, Last-Modified), one for the action
fields, one for the features. Documents up to 8 MB gzipped (the whole collection at 50 000
practices is about 2 MB) are also kept gzipped in the cache under their ETag, so a repeated
request takes the version query only.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from quartiersnetz.core import params
from quartiersnetz.core.textquery import meaning_version
from quartiersnetz.places.models import State
from quartiersnetz.practices import list_selectors, point_selectors
from quartiersnetz.practices.models import LICENCE_URLS, Licence, Practice

from ..geo import GEOJSON_CONTENT_TYPE, BBox, parse_bbox, point_geometry, stream_feature_collection
from ..problems import (
    InvalidParam,
    InvalidParametersError,
    invalid_parameters_response,
    open_data_headers,
)

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


def parse_page(
    limit_raw: str | None, offset_raw: str | None, after_raw: str | None = None
) -> tuple[int, int, int | None]:
    """`limit` (1 … GEOJSON_MAX_LIMIT, default GEOJSON_DEFAULT_LIMIT), `offset`
    (0 … GEOJSON_MAX_OFFSET, default 0) and `after` (keyset paging: only records whose id is
    greater; 0 … GEOJSON_MAX_OFFSET, default None). `offset` and `after` exclude each other."""
    errors: list[InvalidParam] = []
    limit, offset, after = GEOJSON_DEFAULT_LIMIT, 0, None
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
    if after_raw not in (None, ""):
        parsed = params.bounded_int(after_raw, minimum=0, maximum=GEOJSON_MAX_OFFSET)
        if parsed is None:
            errors.append(
                InvalidParam(
                    "after", f"Erwartet wird eine ganze Zahl von 0 bis {GEOJSON_MAX_OFFSET}."
                )
            )
        elif offset_raw not in (None, ""):
            errors.append(
                InvalidParam("after", "after und offset schließen einander aus: eines von beiden.")
            )
        else:
            after = parsed
    if errors:
        raise InvalidParametersError(errors)
    return limit, offset, after


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


@dataclass(frozen=True)
class DataVersion:
    latest: datetime | None
    total: int

    @property
    def token(self) -> str:
        return f"{self.latest.isoformat() if self.latest else '-'}|{self.total}"


def practice_geo_version() -> DataVersion:
    """MAX(updated) and COUNT(*) of all practices in one index-only round trip."""
    latest, total = point_selectors.practice_table_version()
    return DataVersion(latest=latest, total=total)


def _score(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


class _Features:
    """Iterates GeoJSON features from point rows and counts the rows without a point."""

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
        self.last_id = 0  # id of the page's last record (with or without a point)
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
            self.last_id = row["id"]
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
    marker = "slug-placeholder"
    with translation.override("de"):
        path = reverse("practices:detail", kwargs={"slug": marker})
        return request.build_absolute_uri(path[: path.rindex(marker)])


def _etag(
    version: DataVersion,
    filters: Any,
    bbox: BBox | None,
    fields: tuple[str, ...] | None,
    prefix: str,
    page: tuple[int, int, int | None],
) -> str:
    state = json.dumps(
        {
            "v": version.token,
            "filters": filters.as_dict(),
            # A text query finds practices by meaning too: the vectors' state is part of it.
            "meaning": meaning_version(filters.q),
            "bbox": bbox.as_list() if bbox else None,
            "fields": fields,
            "base": prefix,
            "page": page,
            "format": 2,
        },
        sort_keys=True,
    )
    return '"' + hashlib.sha256(state.encode()).hexdigest()[:32] + '"'


def _page_link(
    request: HttpRequest, rel: str, limit: int, offset: int, *, after: int | None = None
) -> dict[str, str]:
    """A link to the page at `offset`, or (keyset paging) to the records after id `after`."""
    query = request.GET.copy()
    query["limit"] = str(limit)
    if after is not None:
        query["after"] = str(after)
    else:
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
    limit, offset, after = GEOJSON_DEFAULT_LIMIT, 0, None
    try:
        limit, offset, after = parse_page(
            request.GET.get("limit"), request.GET.get("offset"), request.GET.get("after")
        )
    except InvalidParametersError as error:
        errors += error.params
    if errors:
        return invalid_parameters_response(request, InvalidParametersError(errors))
    filters = list_selectors.PracticeFilters.from_query(request.GET)
    prefix = _detail_prefix(request)
    version = practice_geo_version()
    etag = _etag(version, filters, bbox, fields, prefix, (limit, offset, after))
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

    # Pages in a stable order; one row more than the page tells whether a next page exists.
    bounds = (bbox.west, bbox.south, bbox.east, bbox.north) if bbox else None
    rows = point_selectors.practice_point_rows(
        filters, bbox=bounds, offset=offset, limit=limit + 1, after=after
    )
    needs_action_fields = fields is None or not {"action_fields", "action_field_names"}.isdisjoint(
        fields
    )
    action_fields = (
        point_selectors.practice_point_action_fields(
            filters, bbox=bounds, offset=offset, limit=limit + 1, after=after
        )
        if needs_action_fields
        else {}
    )
    features = _Features(rows, action_fields, prefix, fields, limit=limit)

    def foreign_members() -> dict[str, Any]:
        members: dict[str, Any] = {"omitted": features.omitted}
        members["numberReturned"] = features.returned
        links = [_page_link(request, "self", limit, offset, after=after)]
        if features.has_next and after is not None:
            # Keyset paging: the next page starts after this page's last record, so every page
            # costs the same however deep into the collection it lies (no OFFSET to skip).
            links.append(_page_link(request, "next", limit, 0, after=features.last_id))
        elif features.has_next:
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
