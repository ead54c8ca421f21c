"""`/api/v1/recommendations`: the numbered Handlungsempfehlungen of the published publications,
with the filters of `/impulse/handlungsempfehlungen/`.

Read through `publications.selectors.matching_recommendations` (recommendations of published
publications only). Linked practices appear only while they are published.

Whether a recommendation is public is decided by its publication's row, so `updated_since`
also counts a change of the publication (unpublished, retitled …) as a change of each of its
recommendations: `list_response_with_parents` (api/parents.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db.models import (
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.selectors import published_practices
from quartiersnetz.publications import selectors
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.taxonomy import models as taxonomy

from ..lists import (
    Filter,
    detail_openapi,
    list_openapi,
    parse_list_params,
    record_response,
)
from ..lists import term_of as term_filter
from ..parents import Parent, list_response_with_parents, record_id
from ..records import CodedOut, LinkOut, PageOut, TombstoneOut, Urls, term
from ..responses import reject_unknown

router = Router(tags=["recommendations"])

FILTERS = [
    Filter(
        "action_field",
        term_filter(taxonomy.ActionField),
        "Handlungsfeld (das der Empfehlung, sonst das ihrer Veröffentlichung)",
    ),
    Filter("approach", term_filter(taxonomy.Approach), "Handlungsansatz"),
]
# The tables a recommendation record reads (their data versions make the ETag).
MODELS = [Recommendation, Publication, Practice, taxonomy.ActionField, taxonomy.Approach]


class PublicationLinkOut(LinkOut):
    published_on: date | None


class RecommendationOut(Schema):
    id: int
    number: int
    url: str
    title: str
    text: str
    reasoning: str
    publication: PublicationLinkOut
    action_field: CodedOut | None
    approach: CodedOut | None
    practices: list[LinkOut]
    updated: datetime


class RecommendationListOut(PageOut):
    results: list[RecommendationOut | TombstoneOut]


PARENTS = [Parent("publication_id", Publication)]


def _practices() -> Prefetch[Any]:
    # Published ones only, by title (as the publication's page lists them).
    return Prefetch(
        "practices",
        queryset=published_practices().only("id", "slug", "title").order_by("title", "id"),
        to_attr="published_practices",
    )


class _Serializer:
    def __init__(self, request: HttpRequest) -> None:
        self.urls = Urls(request)

    def record(self, recommendation: Recommendation) -> dict[str, Any]:
        publication = recommendation.publication
        publication_url = self.urls("publications:detail", publication.slug)
        return {
            "id": recommendation.pk,
            "number": recommendation.number,
            "url": f"{publication_url}#{recommendation.anchor}",
            "title": recommendation.title,
            "text": recommendation.text,
            "reasoning": recommendation.reasoning,
            "publication": {
                "id": publication.pk,
                "slug": publication.slug,
                "name": publication.title,
                "url": publication_url,
                "published_on": publication.published_on,
            },
            # The recommendation's own, else its publication's (as the filter reads it).
            "action_field": term(recommendation.action_field or publication.action_field),
            "approach": term(recommendation.approach),
            "practices": [
                {
                    "id": practice.pk,
                    "slug": practice.slug,
                    "name": practice.title,
                    "url": self.urls("practices:detail", practice.slug),
                }
                for practice in getattr(recommendation, "published_practices", [])
            ],
            "updated": recommendation.updated,
        }


def _base(filters: selectors.RecommendationFilters) -> QuerySet[Recommendation]:
    return (
        selectors.matching_recommendations(filters)
        .select_related("publication__action_field", "action_field", "approach")
        .defer("publication__body", "publication__search_text", "publication__review_note")
    )


def _serialize(request: HttpRequest) -> Callable[[list[Recommendation]], list[dict[str, Any]]]:
    serializer = _Serializer(request)

    def serialize(rows: list[Recommendation]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, _practices())
        return [serializer.record(row) for row in rows]

    return serialize


@router.get(
    "",
    response=RecommendationListOut,
    summary="Handlungsempfehlungen / recommendations",
    openapi_extra=list_openapi(FILTERS),
)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """Recommendations of published publications in ascending id order, filtered as on
    `/impulse/handlungsempfehlungen/`."""
    list_params = parse_list_params(request, FILTERS)
    filters = selectors.RecommendationFilters.from_query(list_params.filter_query())
    return list_response_with_parents(
        request,
        queryset=_base(filters),
        list_params=list_params,
        serialize=_serialize(request),
        models=MODELS,
        parents=PARENTS,
    )


@router.get(
    "/{key}",
    response=RecommendationOut,
    summary="Eine Handlungsempfehlung / one recommendation",
    openapi_extra=detail_openapi(),
)
def recommendation_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One recommendation of a published publication, by its id."""
    reject_unknown(request, set())
    pk = record_id(key)

    def record() -> dict[str, Any]:
        found = (
            _base(selectors.RecommendationFilters()).filter(pk=pk).first()
            if pk is not None
            else None
        )
        if found is None:
            raise Http404(f"Keine veröffentlichte Handlungsempfehlung „{key}“.")
        return _serialize(request)([found])[0]

    return record_response(request, record=record, models=MODELS, key=key)
