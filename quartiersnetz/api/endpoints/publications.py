"""`/api/v1/publications`: the published Impulsbeiträge, interviews, position papers,
documentations and Handlungsempfehlungen of the network partners, by field of action.

Read through `publications.selectors.matching_publications` (published ones only); author
organisations appear only while their profiles are public.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from quartiersnetz.actors.models import Actor
from quartiersnetz.publications import selectors
from quartiersnetz.publications.models import Attachment, Publication
from quartiersnetz.taxonomy import models as taxonomy

from ..lists import (
    Filter,
    detail_openapi,
    list_openapi,
    list_response,
    one_of,
    parse_list_params,
    record_lookup,
    record_response,
)
from ..lists import term_of as term_filter
from ..records import ChoiceLabels, CodedOut, LinkOut, PageOut, TombstoneOut, Urls, term
from ..responses import reject_unknown

router = Router(tags=["publications"])

FILTERS = [
    Filter("kind", one_of(Publication.Kind.values), "Art des Beitrags"),
    Filter("action_field", term_filter(taxonomy.ActionField), "Handlungsfeld"),
]
MODELS = [Publication, Attachment, Actor, taxonomy.ActionField]


class AttachmentOut(Schema):
    title: str
    url: str
    size: int
    page_count: int | None


class PublicationOut(Schema):
    id: int
    slug: str
    url: str
    kind: CodedOut
    title: str
    summary: str
    action_field: CodedOut | None
    author_names: str
    author_organisations: list[LinkOut]
    published_on: date | None
    is_summary_only: bool
    updated: datetime


class PublicationDetailOut(PublicationOut):
    body: str
    attachments: list[AttachmentOut]


class PublicationListOut(PageOut):
    results: list[PublicationOut | TombstoneOut]


def _authors() -> Prefetch[Any]:
    # Public profiles only, by name (as the page lists them).
    return Prefetch(
        "author_organisations",
        queryset=Actor.objects.visible().only("id", "name", "slug").order_by("name", "id"),
    )


class _Serializer:
    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.urls = Urls(request)
        self.kinds = ChoiceLabels(Publication.Kind)

    def record(self, publication: Publication) -> dict[str, Any]:
        return {
            "id": publication.pk,
            "slug": publication.slug,
            "url": self.urls("publications:detail", publication.slug),
            "kind": self.kinds(publication.kind),
            "title": publication.title,
            "summary": publication.summary,
            "action_field": term(publication.action_field),
            "author_names": publication.author_names,
            "author_organisations": [
                {
                    "id": actor.pk,
                    "slug": actor.slug,
                    "name": actor.name,
                    "url": self.urls("actors:detail", actor.slug),
                }
                for actor in publication.author_organisations.all()
            ],
            "published_on": publication.published_on,
            "is_summary_only": publication.is_summary_only,
            "updated": publication.updated,
        }

    def detail(self, publication: Publication) -> dict[str, Any]:
        attachments = [
            {
                "title": attachment.title,
                "url": self.request.build_absolute_uri(
                    reverse(
                        "publications:attachment",
                        kwargs={
                            "slug": publication.slug,
                            "pk": attachment.pk,
                            "file_name": attachment.file_name,
                        },
                    )
                ),
                "size": attachment.size,
                "page_count": attachment.page_count,
            }
            for attachment in publication.attachments.all()
        ]
        return {**self.record(publication), "body": publication.body, "attachments": attachments}


def _base(filters: selectors.PublicationFilters) -> Any:
    return selectors.matching_publications(filters).select_related("action_field")


@router.get(
    "",
    response=PublicationListOut,
    summary="Impulse und Handlungsempfehlungen / publications",
    openapi_extra=list_openapi(FILTERS),
)
def publication_list(request: HttpRequest) -> HttpResponse:
    """Published publications in ascending id order, filtered as on `/impulse/`."""
    list_params = parse_list_params(request, FILTERS)
    filters = selectors.PublicationFilters.from_query(list_params.filter_query())
    serializer = _Serializer(request)

    def serialize(rows: list[Publication]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, _authors())
        return [serializer.record(row) for row in rows]

    return list_response(
        request,
        queryset=_base(filters).defer("body", "search_text"),
        list_params=list_params,
        serialize=serialize,
        models=MODELS,
    )


@router.get(
    "/{key}",
    response=PublicationDetailOut,
    summary="Ein Beitrag / one publication",
    openapi_extra=detail_openapi(),
)
def publication_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One published publication by its id or slug, with its text and attachments."""
    reject_unknown(request, set())
    lookup = record_lookup(key)

    def record() -> dict[str, Any]:
        publication = _base(selectors.PublicationFilters()).filter(**lookup).first()
        if publication is None:
            raise Http404(f"Kein veröffentlichter Beitrag „{key}“.")
        prefetch_related_objects(
            [publication],
            _authors(),
            Prefetch("attachments", queryset=Attachment.objects.order_by("position", "id")),
        )
        return _Serializer(request).detail(publication)

    return record_response(request, record=record, models=MODELS, key=key)
