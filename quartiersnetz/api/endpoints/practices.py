"""`/api/v1/practices`: the published Praxisbeispiele of the typology, with the list's filters.

Read through `practices.list_selectors.matching_practices` (what the list page shows: published
ones only). The organisation and involved actors appear only while their profiles are public;
a practice it was adapted from only while that one is published.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from quartiersnetz.actors.models import Actor
from quartiersnetz.places.models import Municipality, SizeClass, State
from quartiersnetz.practices import list_selectors
from quartiersnetz.practices import services as practice_services
from quartiersnetz.practices.curation_selectors import author_actors
from quartiersnetz.practices.forms import PracticeForm
from quartiersnetz.practices.models import LICENCE_URLS, Licence, Practice, PracticeActor
from quartiersnetz.taxonomy import models as taxonomy

from ..auth import write_auth
from ..lists import (
    Filter,
    detail_openapi,
    digits,
    list_openapi,
    list_response,
    one_of,
    parse_list_params,
    problem_responses,
    record_lookup,
    record_response,
)
from ..lists import term_of as term_filter
from ..lists import text as text_filter
from ..records import (
    ChoiceLabels,
    CodedOut,
    LinkOut,
    LocationOut,
    MunicipalityOut,
    PageOut,
    RelatedTerms,
    TombstoneOut,
    Urls,
    location,
    municipality,
    state_labels,
    term,
)
from ..responses import reject_unknown
from ..writes import FormData, created_response, service_problems, validated

router = Router(tags=["practices"])

FILTERS = [
    Filter("q", text_filter(), "Volltext (Titel, Beschreibung, Begriffe)"),
    Filter("kind", term_filter(taxonomy.PracticeKind), "Kategorie (ORTE, FORMATE, STRATEGIEN)"),
    Filter("type", term_filter(taxonomy.PracticeType), "Praxistyp"),
    Filter("spatial_field", term_filter(taxonomy.SpatialField), "Räumliches Handlungsfeld"),
    Filter("action_field", term_filter(taxonomy.ActionField), "Handlungsfeld"),
    Filter("approach", term_filter(taxonomy.Approach), "Handlungsansatz"),
    Filter("sector", term_filter(taxonomy.Sector), "Bereich der Beteiligten"),
    Filter("state", one_of(State.values), "Bundesland (Schlüssel, z. B. 05)"),
    Filter("size_class", one_of(SizeClass.values), "Gemeindegrößenklasse"),
    Filter("status", one_of(Practice.Status.values), "Stand des Praxisbeispiels"),
    Filter("rating", one_of(list_selectors.RATINGS), "hohes Transfer-/Innovationspotenzial"),
    Filter("municipality", digits(8), "Gemeinde (AGS, 8 Ziffern)"),
]
# The tables a practice record reads (their data versions make the ETag).
MODELS = [
    Practice,
    PracticeActor,
    Actor,
    Municipality,
    taxonomy.PracticeKind,
    taxonomy.PracticeType,
    taxonomy.SpatialField,
    taxonomy.ActionField,
    taxonomy.Approach,
    taxonomy.Method,
]


class LicenceOut(Schema):
    code: str
    name: str
    url: str


class PracticeOut(Schema):
    id: int
    slug: str
    url: str
    title: str
    summary: str
    kind: CodedOut | None
    type: CodedOut | None
    spatial_field: CodedOut | None
    action_fields: list[CodedOut]
    approaches: list[CodedOut]
    municipality: MunicipalityOut | None
    location: LocationOut | None
    status: CodedOut | None
    start_year: int | None
    end_year: int | None
    innovation_score: float | None
    transfer_score: float | None
    licence: LicenceOut
    organisation: LinkOut | None
    published_at: datetime | None
    updated: datetime


class InvolvedOut(LinkOut):
    role: CodedOut | None


class PracticeDetailOut(PracticeOut):
    description: str
    methods: list[CodedOut]
    co_creation_level: CodedOut | None
    co_creation: str
    organisational_structure: str
    financing: str
    cultural_strategy: str
    self_sustaining_dynamics: str
    sources: str
    involved_actors: list[InvolvedOut]
    adapted_from: LinkOut | None


class PracticeListOut(PageOut):
    results: list[PracticeOut | TombstoneOut]


LIST_RELATIONS = ("action_fields", "approaches")


class _Serializer:
    def __init__(self, request: HttpRequest) -> None:
        self.urls = Urls(request)
        self.states = state_labels()
        self.status = ChoiceLabels(Practice.Status)
        self.levels = ChoiceLabels(Practice.CoCreationLevel)
        self.roles = ChoiceLabels(PracticeActor.Role)
        self.licences = {str(lic.value): (str(lic.label), LICENCE_URLS[lic]) for lic in Licence}

    def actor_link(self, actor: Actor | None) -> dict[str, Any] | None:
        if actor is None or not Actor.PUBLIC.holds(actor):
            return None
        return {
            "id": actor.pk,
            "slug": actor.slug,
            "name": actor.name,
            "url": self.urls("actors:detail", actor.slug),
        }

    def load(self, rows: Sequence[Practice], fields: Sequence[str] = LIST_RELATIONS) -> None:
        """Read the terms of the page's records (one query per field)."""
        self.related = RelatedTerms(Practice, fields, rows)

    def record(self, practice: Practice) -> dict[str, Any]:
        licence_name, licence_url = self.licences.get(practice.licence, (practice.licence, ""))
        return {
            "id": practice.pk,
            "slug": practice.slug,
            "url": self.urls("practices:detail", practice.slug),
            "title": practice.title,
            "summary": practice.summary,
            "kind": term(practice.kind),
            "type": term(practice.type),
            "spatial_field": term(practice.spatial_field),
            "action_fields": self.related("action_fields", practice.pk),
            "approaches": self.related("approaches", practice.pk),
            "municipality": municipality(practice.municipality, self.states),
            "location": location(practice.latitude, practice.longitude, practice.municipality),
            "status": self.status(practice.status),
            "start_year": practice.start_year,
            "end_year": practice.end_year,
            "innovation_score": _score(practice.innovation_score),
            "transfer_score": _score(practice.transfer_score),
            "licence": {"code": practice.licence, "name": licence_name, "url": licence_url},
            "organisation": self.actor_link(practice.organisation),
            "published_at": practice.published_at,
            "updated": practice.updated,
        }

    def detail(self, practice: Practice) -> dict[str, Any]:
        involved = [
            {**link, "role": self.roles(row.role)}
            for row in practice.roles.all()
            if (link := self.actor_link(row.actor)) is not None
        ]
        origin = practice.adapted_from
        adapted = None
        if origin is not None and origin.state == Practice.State.PUBLISHED:
            adapted = {
                "id": origin.pk,
                "slug": origin.slug,
                "name": origin.title,
                "url": self.urls("practices:detail", origin.slug),
            }
        return {
            **self.record(practice),
            "description": practice.description,
            "methods": self.related("methods", practice.pk),
            "co_creation_level": self.levels(practice.co_creation_level),
            "co_creation": practice.co_creation,
            "organisational_structure": practice.organisational_structure,
            "financing": practice.financing,
            "cultural_strategy": practice.cultural_strategy,
            "self_sustaining_dynamics": practice.self_sustaining_dynamics,
            "sources": practice.sources,
            "involved_actors": involved,
            "adapted_from": adapted,
        }


def _score(value: Any) -> float | None:
    return float(value) if value is not None else None


def _base(filters: list_selectors.PracticeFilters) -> Any:
    return list_selectors.matching_practices(filters).select_related(
        "kind", "type", "spatial_field", "municipality", "organisation"
    )


@router.get(
    "",
    response=PracticeListOut,
    summary="Praxisbeispiele / practices",
    openapi_extra=list_openapi(FILTERS),
)
def practice_list(request: HttpRequest) -> HttpResponse:
    """Published practices in ascending id order, filtered as on `/praxis/`."""
    list_params = parse_list_params(request, FILTERS)
    filters = list_selectors.PracticeFilters.from_query(list_params.filter_query())
    queryset = _base(filters)
    if ags := list_params.filters.get("municipality"):
        queryset = queryset.filter(municipality__ags=ags)
    serializer = _Serializer(request)

    def serialize(rows: list[Practice]) -> list[dict[str, Any]]:
        serializer.load(rows)
        return [serializer.record(row) for row in rows]

    return list_response(
        request, queryset=queryset, list_params=list_params, serialize=serialize, models=MODELS
    )


@router.get(
    "/{key}",
    response=PracticeDetailOut,
    summary="Ein Praxisbeispiel / one practice",
    openapi_extra=detail_openapi(),
)
def practice_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One published practice by its id or slug, with its description and everyone involved."""
    reject_unknown(request, set())
    lookup = record_lookup(key)

    def record() -> dict[str, Any]:
        empty = list_selectors.PracticeFilters()
        practice = _base(empty).select_related("adapted_from").filter(**lookup).first()
        if practice is None:
            raise Http404(f"Kein veröffentlichtes Praxisbeispiel „{key}“.")
        prefetch_related_objects([practice], "roles__actor")
        serializer = _Serializer(request)
        serializer.load([practice], (*LIST_RELATIONS, "methods"))
        return serializer.detail(practice)

    return record_response(request, record=record, models=MODELS, key=key)


# Writes (personal API tokens with the write scope) -------------------------------------------


# What the form (the model's validators) accepts: years of the last and this century, a point in
# Germany's bounding box — documented as such, not as any year or any point on earth.
YEARS = (1900, 2100)
LATITUDES = (47.0, 55.2)
LONGITUDES = (5.8, 15.1)


class PracticeIn(Schema):
    """A new practice, as the form on `/praxis/neu/` takes it: vocabulary terms by their codes
    (`/api/v1/taxonomy`), the organisation by its slug, the municipality by its AGS."""

    model_config = ConfigDict(extra="forbid")

    organisation: str = Field(
        description="Kürzel (slug) einer Ihrer Organisationen oder Ihres Expertenprofils "
        "(siehe /api/v1/me)",
        max_length=220,
    )
    title: str = Field(max_length=200)
    summary: str = Field(max_length=400, description="zwei bis drei Sätze")
    description: str = Field(
        "", max_length=50_000, description="Markdown; zum Einreichen (`submit`) nötig"
    )
    kind: str = Field(max_length=100, description="Code aus /api/v1/taxonomy (practice_kinds)")
    type: str = Field(max_length=100, description="ein Praxistyp dieser Kategorie")
    spatial_field: str = Field(max_length=100)
    action_fields: list[str] = Field(default_factory=list, max_length=50)
    approaches: list[str] = Field(default_factory=list, max_length=50)
    methods: list[str] = Field(default_factory=list, max_length=50)
    municipality: str | None = Field(None, pattern="^[0-9]{8}$", description="AGS, 8 Ziffern")
    latitude: float | None = Field(
        None, ge=LATITUDES[0], le=LATITUDES[1], description="in Deutschland"
    )
    longitude: float | None = Field(
        None, ge=LONGITUDES[0], le=LONGITUDES[1], description="in Deutschland"
    )
    status: Practice.Status = Practice.Status.IMPLEMENTATION
    start_year: int | None = Field(None, ge=YEARS[0], le=YEARS[1])
    end_year: int | None = Field(None, ge=YEARS[0], le=YEARS[1])
    co_creation_level: Practice.CoCreationLevel | None = None
    co_creation: str = Field("", max_length=20_000)
    organisational_structure: str = Field("", max_length=20_000)
    financing: str = Field("", max_length=20_000)
    cultural_strategy: str = Field("", max_length=20_000)
    self_sustaining_dynamics: str = Field("", max_length=20_000)
    sources: str = Field("", max_length=20_000)
    licence: Licence = Licence.CC_BY
    adapted_from: str | None = Field(
        None, max_length=220, description="Kürzel (slug) eines veröffentlichten Praxisbeispiels"
    )
    submit: bool = Field(
        False, description="gleich zur Prüfung einreichen (sonst bleibt es ein Entwurf)"
    )


class PracticeCreatedOut(Schema):
    id: int
    slug: str
    title: str
    state: CodedOut
    url: str = Field(description="Seite des Eintrags (bis zur Veröffentlichung nur für Sie)")
    edit_url: str


TEXT_FIELDS = (
    "title", "summary", "description", "latitude", "longitude", "start_year", "end_year",
    "co_creation", "organisational_structure", "financing", "cultural_strategy",
    "self_sustaining_dynamics", "sources", "adapted_from",
)  # fmt: skip


def _form_data(payload: PracticeIn) -> dict[str, Any]:
    data = FormData()
    for name in TEXT_FIELDS:
        data.value(name, getattr(payload, name))
    data.value("status", payload.status)
    data.value("co_creation_level", payload.co_creation_level or "")
    data.value("licence", payload.licence)
    data.code("organisation", Actor, payload.organisation)
    data.code("kind", taxonomy.PracticeKind, payload.kind)
    data.code("type", taxonomy.PracticeType, payload.type)
    data.code("spatial_field", taxonomy.SpatialField, payload.spatial_field)
    data.codes("action_fields", taxonomy.ActionField, payload.action_fields)
    data.codes("approaches", taxonomy.Approach, payload.approaches)
    data.codes("methods", taxonomy.Method, payload.methods)
    data.municipality("municipality", payload.municipality)
    data.check()
    return data.data


@router.post(
    "",
    auth=write_auth,
    response={201: PracticeCreatedOut},
    summary="Praxisbeispiel einreichen / submit a practice",
    openapi_extra={"responses": problem_responses(400, 401, 403, 422, 429)},
)
def practice_create(request: HttpRequest, payload: PracticeIn) -> HttpResponse:
    """A new practice for one of your organisations, as a draft that only you and the curators
    see — or, with `submit`, handed in for review at once. The curators publish it."""
    reject_unknown(request, set())
    user = request.api_token.user  # type: ignore[attr-defined]
    form = PracticeForm(_form_data(payload), author_actors=author_actors(user))
    validated(form)
    try:
        with transaction.atomic():  # a refused submission keeps no draft either
            practice = practice_services.practice_create(
                user=user,
                organisation=form.cleaned_data["organisation"],
                data=form.service_data(),
            )
            if payload.submit:
                practice = practice_services.practice_submit(practice=practice, user=user)
    except ValidationError as exc:
        raise service_problems(exc) from exc
    urls = Urls(request)
    url = urls("practices:detail", practice.slug)
    body = {
        "id": practice.pk,
        "slug": practice.slug,
        "title": practice.title,
        "state": ChoiceLabels(Practice.State)(practice.state),
        "url": url,
        "edit_url": urls("practices:edit", practice.slug),
    }
    return created_response(body, location=url)
