"""The map of published Praxisbeispiele (/praxis/karte/).

The map page is progressive enhancement: the server renders every matching record as a list
grouped by Bundesland and municipality (paginated), and `static/js/practice-map.js` adds a
Leaflet map whose markers come from the open-data API's `/api/v1/practices.geojson` (the `api`
app, addressed by URL name only) with the same filter query string, following its `next`
links (keyset pages, `after`) up to MAP_MAX_MARKERS and, when more match, loading the visible
part (`bbox`) on zooming in. Both honour the list's filters (`PracticeFilters`) and show
published records only.

Like the list `/praxis/`, the page costs the same at any data size: its content is made of
template fragments cached under the practices' data version, the filter state, the page, the
language and the tile setting, so a warm request runs the version query only; the page never
embeds markers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quartiersnetz.core.maps import tile_origin
from quartiersnetz.places.maps import plain_background
from quartiersnetz.places.models import State

from . import list_selectors
from .models import Practice

MAP_PAGE_SIZE = list_selectors.MAP_PAGE_SIZE
# Features per GeoJSON page the map asks for (`limit`, docs/api.md); the map follows the
# `next` links (keyset paging with `after`) up to MAP_MAX_MARKERS features.
MAP_GEOJSON_LIMIT = 5_000
MAP_MAX_MARKERS = 10_000
# The feature properties the map's popups show (`fields=`, a third of the full document's size).
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
    filters = list_selectors.PracticeFilters.from_query(request.GET)
    # Like the list /praxis/: the data version is the only query of a warm request; the
    # filters, the facets and the page of the list are fragments cached under it, and rows and
    # facets are read only when their fragment has to be rendered.
    listing = list_selectors.practice_map_page(filters, request.GET.get("seite"))
    page = listing.page
    query = urlencode(filters.as_dict())
    tile_url = settings.MAP_TILE_URL.strip()
    context = {
        "filters": filters,
        "facets": SimpleLazyObject(lambda: listing.facets()),
        "page": page,
        "groups": SimpleLazyObject(lambda: group_by_place(list(page.object_list))),
        # The fragments' key: data version and filter state (`listing`), and the tile setting
        # (the configuration and the canvas depend on it).
        "cache_key": f"{listing.cache_key}:{_setting_key(tile_url)}",
        "query": query,
        # Called by the template only when the fragment is rendered.
        "map_config": lambda: _map_config(filters, tile_url),
        "tile_url": tile_url,
        "geojson_url": lambda: _geojson_url(query),
    }
    response = render(request, "practices/practice_map.html", context)
    origin = tile_origin(tile_url)
    if origin:
        # Tiles are images from the tile server: allow its origin on this page only.
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response


def _setting_key(tile_url: str) -> str:
    """The tile settings in the fragments' key (a changed setting renders them anew)."""
    setting = f"{tile_url}\n{settings.MAP_TILE_ATTRIBUTION if tile_url else ''}"
    return hashlib.sha256(setting.encode()).hexdigest()[:16]


def _map_config(filters: list_selectors.PracticeFilters, tile_url: str) -> dict[str, Any]:
    """What practice-map.js reads (json_script): the GeoJSON URL of the page's filters, the
    marker cap, the background and the translated texts."""
    map_query = urlencode(
        {
            **filters.as_dict(),
            "fields": ",".join(MAP_FIELDS),
            "limit": MAP_GEOJSON_LIMIT,
            "after": 0,
        }
    )
    return {
        "geojsonUrl": _geojson_url(map_query),
        # At most this many markers at once (constant work in the browser at any data size);
        # when more match, zooming in loads those of the visible part (`bbox`).
        "maxMarkers": MAP_MAX_MARKERS,
        # Popups link to the detail pages in the page's language (the API's `url` is German).
        "detailPrefix": _detail_path_prefix(),
        "tileUrl": tile_url,
        "attribution": settings.MAP_TILE_ATTRIBUTION if tile_url else "",
        # Without a tile background the names of the Bundesländer give some orientation.
        **plain_background(tile_url),
        "texts": {
            "loading": _("Die Karte wird geladen …"),
            "none": _("Keine Praxisbeispiele mit Ortsangabe für diese Filter."),
            "one": _("1 Praxisbeispiel auf der Karte."),
            "many": _("%s Praxisbeispiele auf der Karte."),
            "failed": _(
                "Die Karte konnte nicht geladen werden. "
                "Die Liste unten enthält alle Praxisbeispiele."
            ),
            "capped": _(
                "%s Praxisbeispiele auf der Karte; zu diesen Filtern gibt es mehr. "
                "Vergrößern Sie einen Ausschnitt, um dort alle zu sehen. "
                "Die Liste unten enthält alle Praxisbeispiele."
            ),
            "area": _("%s Praxisbeispiele in diesem Ausschnitt auf der Karte."),
            "areaCapped": _(
                "%s Praxisbeispiele in diesem Ausschnitt auf der Karte; "
                "vergrößern Sie weiter, um dort alle zu sehen."
            ),
            "cluster": _("%s Praxisbeispiele – hineinzoomen"),
            "approximate": _("Lage: Mittelpunkt der Gemeinde"),
        },
    }
