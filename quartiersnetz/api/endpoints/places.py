"""`/api/v1/places`: the municipalities of the official directory (Destatis GV-ISys), by their
Amtlicher Gemeindeschlüssel (AGS), licensed dl-de/by-2-0.

Read through `places.selectors.matching_municipalities` (`q` finds what the site's
municipality picker finds). The directory is reference data, loaded as a whole from the
project's data file at a release (`places.importer`); its rows have no change times and no
row-change log, so a list of places has no `updated_since` (a 400 that says so).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import WithJsonSchema

from quartiersnetz.places import models as places
from quartiersnetz.places import selectors
from quartiersnetz.places.models import Municipality, SizeClass, State, Urbanisation

from ..lists import (
    Filter,
    ListParams,
    detail_openapi,
    digits,
    list_openapi,
    list_response,
    one_of,
    parse_list_params,
    record_response,
)
from ..lists import text as text_filter
from ..problems import InvalidParam, InvalidParametersError
from ..records import ChoiceLabels, CodedOut, PageOut, StateOut, state_labels
from ..responses import reject_unknown

router = Router(tags=["places"])

FILTERS = [
    Filter(
        "q",
        text_filter(selectors.QUERY_MAX_LENGTH),
        "Anfang des Namens („Her“, „Herne (Nordrhein-Westfalen)“) oder des AGS (Ziffern)",
    ),
    Filter("state", one_of(State.values), "Bundesland (Schlüssel, z. B. 05)"),
    Filter("size_class", one_of(SizeClass.values), "Gemeindegrößenklasse"),
]
MODELS = [Municipality]
NO_SYNC = (
    "Gemeinden haben keinen Änderungsverlauf: das Verzeichnis wird als Ganzes mit einem neuen "
    "Stand geladen (siehe `licence.source`). Ohne `updated_since` abfragen."
)
LICENCE = {
    "code": "dl-de/by-2-0",
    "name": places.LICENCE_NAME,
    "url": places.LICENCE_URL,
    "attribution": places.ATTRIBUTION,
    "source": places.SOURCE_LABEL,
}


class PlaceLicenceOut(Schema):
    code: str
    name: str
    url: str
    attribution: str
    source: str


class PlaceOut(Schema):
    ags: str
    ars: str
    name: str
    label: str
    official_name: str
    state: StateOut
    district: str
    population: int
    area_km2: float | None
    postal_code: str
    latitude: float | None
    longitude: float | None
    size_class: CodedOut | None
    urbanisation: CodedOut | None
    licence: PlaceLicenceOut


class PlaceListOut(PageOut):
    results: list[PlaceOut]


class _Serializer:
    def __init__(self) -> None:
        self.states = state_labels()
        self.sizes = ChoiceLabels(SizeClass)
        self.urbanisation = ChoiceLabels(Urbanisation)

    def record(self, place: Municipality) -> dict[str, Any]:
        return {
            "ags": place.ags,
            "ars": place.ars,
            "name": place.name,
            "label": place.label,
            "official_name": place.official_name,
            "state": self.states(place.state),
            "district": place.district,
            "population": place.population,
            "area_km2": _float(place.area_km2),
            "postal_code": place.postal_code,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "size_class": self.sizes(place.size_class),
            "urbanisation": self.urbanisation(place.urbanisation),
            "licence": LICENCE,
        }


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _parameters(request: HttpRequest) -> ListParams:
    """The shared parser, and `updated_since` refused — with every other error at once."""
    errors: list[InvalidParam] = []
    if "updated_since" in request.GET:
        errors.append(InvalidParam("updated_since", NO_SYNC))
    try:
        list_params = parse_list_params(request, FILTERS)
    except InvalidParametersError as error:
        errors = [*(p for p in error.params if p.name != "updated_since"), *errors]
        raise InvalidParametersError(errors) from None
    if errors:
        raise InvalidParametersError(errors)
    return list_params


# The shared description without `updated_since`: the API page must not promise it.
LIST_OPENAPI = list_openapi(FILTERS)
LIST_OPENAPI["parameters"] = [p for p in LIST_OPENAPI["parameters"] if p["name"] != "updated_since"]


@router.get(
    "",
    response=PlaceListOut,
    summary="Gemeinden / municipalities",
    openapi_extra=LIST_OPENAPI,
)
def place_list(request: HttpRequest) -> HttpResponse:
    """Municipalities in a stable order (not by size: the site's picker sorts its few
    matches, a list pages through all of them), filtered by name or AGS, Land and size."""
    list_params = _parameters(request)
    queryset = selectors.matching_municipalities(
        query=list_params.filters.get("q", ""),
        state=list_params.filters.get("state", ""),
        size_class=list_params.filters.get("size_class", ""),
    ).defer("search_name", "search_label")
    serializer = _Serializer()

    def serialize(rows: list[Municipality]) -> list[dict[str, Any]]:
        return [serializer.record(row) for row in rows]

    # The directory has no change times: its Stand is part of the ETag (a new import, new tags).
    return list_response(
        request,
        queryset=queryset,
        list_params=list_params,
        serialize=serialize,
        models=MODELS,
        state=(places.SOURCE_LABEL,),
    )


# The key's form in the OpenAPI document; the view checks it itself (with its own message).
AGS_SCHEMA = WithJsonSchema(
    {**digits(8).schema, "description": "Amtlicher Gemeindeschlüssel (AGS), 8 Ziffern"}
)


@router.get(
    "/{ags}",
    response=PlaceOut,
    summary="Eine Gemeinde / one municipality",
    openapi_extra=detail_openapi(),
)
def place_detail(request: HttpRequest, ags: Annotated[str, AGS_SCHEMA]) -> HttpResponse:
    """One municipality by its Amtlicher Gemeindeschlüssel (8 digits)."""
    reject_unknown(request, set())
    if len(ags) != 8 or not (ags.isascii() and ags.isdigit()):
        raise InvalidParametersError(
            [InvalidParam("ags", "Ein Amtlicher Gemeindeschlüssel: genau 8 Ziffern.")]
        )

    def record() -> dict[str, Any]:
        place = selectors.matching_municipalities().filter(ags=ags).first()
        if place is None:
            raise Http404(f"Keine Gemeinde mit dem Schlüssel „{ags}“.")
        return _Serializer().record(place)

    return record_response(
        request, record=record, models=MODELS, key=ags, state=(places.SOURCE_LABEL,)
    )
