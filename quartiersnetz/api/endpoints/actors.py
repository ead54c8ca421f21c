"""`/api/v1/actors`: the public profiles of the directory (organisations and experts).

Read through `actors.selectors.matching_actors` (what `/mitwirkende/` shows: no hidden
profile). A person's record holds what their public profile shows — except the contact
address, which only organisations' records carry: a page is read by people, an API by
harvesters, and a person's address in bulk would serve spam more than contact (the profile
page and the platform's own contact form remain).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from quartiersnetz.actors import selectors
from quartiersnetz.actors.models import Actor
from quartiersnetz.places.models import Municipality, State
from quartiersnetz.taxonomy import models as taxonomy

from ..lists import (
    Filter,
    detail_openapi,
    digits,
    list_openapi,
    list_response,
    one_of,
    parse_list_params,
    record_lookup,
    record_response,
)
from ..lists import term_of as term_filter
from ..lists import text as text_filter
from ..records import (
    ChoiceLabels,
    CodedOut,
    MunicipalityOut,
    PageOut,
    RelatedTerms,
    TombstoneOut,
    Urls,
    municipality,
    state_labels,
    term,
)
from ..responses import reject_unknown

router = Router(tags=["actors"])

FILTERS = [
    Filter("q", text_filter(), "Volltext (Name, Profiltext, Angebote und Bedarfe)"),
    Filter("kind", one_of(Actor.Kind.values), "organisation oder person"),
    Filter("sector", term_filter(taxonomy.Sector), "Bereich"),
    Filter("spatial_field", term_filter(taxonomy.SpatialField), "Räumliches Handlungsfeld"),
    Filter("action_field", term_filter(taxonomy.ActionField), "Handlungsfeld"),
    Filter("approach", term_filter(taxonomy.Approach), "Handlungsansatz"),
    Filter("state", one_of(State.values), "Bundesland (Schlüssel, z. B. 05)"),
    Filter("municipality", digits(8), "Gemeinde (AGS, 8 Ziffern)"),
]
MODELS = [
    Actor,
    Municipality,
    taxonomy.Sector,
    taxonomy.SpatialField,
    taxonomy.ActionField,
    taxonomy.Approach,
    taxonomy.ExchangeCategory,
]


class ActorOut(Schema):
    id: int
    slug: str
    url: str
    kind: CodedOut
    name: str
    summary: str
    sector: CodedOut | None
    municipality: MunicipalityOut | None
    spatial_fields: list[CodedOut]
    action_fields: list[CodedOut]
    approaches: list[CodedOut]
    website: str
    logo: str | None
    is_unclaimed: bool
    updated: datetime


class ActorDetailOut(ActorOut):
    description: str
    offers: str
    seeks: str
    offer_categories: list[CodedOut]
    need_categories: list[CodedOut]
    links: list[str]
    contact_email: str | None  # organisations only


class ActorListOut(PageOut):
    results: list[ActorOut | TombstoneOut]


LIST_RELATIONS = ("spatial_fields", "action_fields", "approaches")


class _Serializer:
    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.urls = Urls(request)
        self.states = state_labels()
        self.kinds = ChoiceLabels(Actor.Kind)

    def load(self, rows: Sequence[Actor], fields: Sequence[str] = LIST_RELATIONS) -> None:
        """Read the terms of the page's records (one query per field)."""
        self.related = RelatedTerms(Actor, fields, rows)

    def record(self, actor: Actor) -> dict[str, Any]:
        return {
            "id": actor.pk,
            "slug": actor.slug,
            "url": self.urls("actors:detail", actor.slug),
            "kind": self.kinds(actor.kind),
            "name": actor.name,
            "summary": actor.summary,
            "sector": term(actor.sector),
            "municipality": municipality(actor.municipality, self.states),
            "spatial_fields": self.related("spatial_fields", actor.pk),
            "action_fields": self.related("action_fields", actor.pk),
            "approaches": self.related("approaches", actor.pk),
            "website": actor.website,
            "logo": self.request.build_absolute_uri(actor.logo.url) if actor.logo else None,
            "is_unclaimed": actor.is_unclaimed,
            "updated": actor.updated,
        }

    def detail(self, actor: Actor) -> dict[str, Any]:
        return {
            **self.record(actor),
            "description": actor.description,
            "offers": actor.offers,
            "seeks": actor.seeks,
            "offer_categories": self.related("offer_categories", actor.pk),
            "need_categories": self.related("need_categories", actor.pk),
            "links": actor.link_list,
            "contact_email": (actor.contact_email or None) if actor.is_organisation else None,
        }


def _base(filters: selectors.DirectoryFilters) -> Any:
    return selectors.matching_actors(filters).select_related("sector", "municipality")


@router.get(
    "",
    response=ActorListOut,
    summary="Mitwirkende / actors",
    openapi_extra=list_openapi(FILTERS),
)
def actor_list(request: HttpRequest) -> HttpResponse:
    """Public profiles in ascending id order, filtered as on `/mitwirkende/`."""
    list_params = parse_list_params(request, FILTERS)
    filters = selectors.DirectoryFilters.from_query(list_params.filter_query())
    serializer = _Serializer(request)

    def serialize(rows: list[Actor]) -> list[dict[str, Any]]:
        serializer.load(rows)
        return [serializer.record(row) for row in rows]

    return list_response(
        request,
        queryset=_base(filters),
        list_params=list_params,
        serialize=serialize,
        models=MODELS,
    )


@router.get(
    "/{key}",
    response=ActorDetailOut,
    summary="Ein Profil / one actor",
    openapi_extra=detail_openapi(),
)
def actor_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One public profile by its id or slug."""
    reject_unknown(request, set())
    lookup = record_lookup(key)

    def record() -> dict[str, Any]:
        actor = _base(selectors.DirectoryFilters()).filter(**lookup).first()
        if actor is None:
            raise Http404(f"Kein öffentliches Profil „{key}“.")
        serializer = _Serializer(request)
        serializer.load([actor], (*LIST_RELATIONS, "offer_categories", "need_categories"))
        return serializer.detail(actor)

    return record_response(request, record=record, models=MODELS, key=key)
