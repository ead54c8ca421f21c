"""Where the records of each dataset come from: the open-data API's own querysets and record
builders (`quartiersnetz/api/endpoints/*.py`), unfiltered — so a download, the dump and the API
answer with the same public records in the same shape, and nothing the API hides (drafts,
hidden profiles, unconsented partners, personal data) can appear here either.

A `Source` reads its records in keyset batches (ascending primary key, `pk > last`), each batch
costing the same queries: its rows and one query per related list the records show (the API's
page loading, reused as is).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import Model, Q, QuerySet, prefetch_related_objects
from django.http import HttpRequest, QueryDict
from django.utils import translation

from quartiersnetz.actors import selectors as actor_selectors
from quartiersnetz.alliances import selectors as alliance_selectors
from quartiersnetz.api.endpoints import actors as api_actors
from quartiersnetz.api.endpoints import alliances as api_alliances
from quartiersnetz.api.endpoints import connections as api_connections
from quartiersnetz.api.endpoints import events as api_events
from quartiersnetz.api.endpoints import places as api_places
from quartiersnetz.api.endpoints import practices as api_practices
from quartiersnetz.api.endpoints import projects as api_projects
from quartiersnetz.api.endpoints import publications as api_publications
from quartiersnetz.api.endpoints import recommendations as api_recommendations
from quartiersnetz.api.endpoints import taxonomy as api_taxonomy
from quartiersnetz.events import list_selectors as event_selectors
from quartiersnetz.events.models import Event, EventFormat
from quartiersnetz.network import selectors as network_selectors
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices import list_selectors as practice_selectors
from quartiersnetz.projects import selectors as project_selectors
from quartiersnetz.publications import selectors as publication_selectors
from quartiersnetz.taxonomy import models as taxonomy_models

BATCH_SIZE = 500
PRACTICE_DEFERRED = (
    "description",
    "search_text",
    "terms",
    "co_creation",
    "organisational_structure",
    "financing",
    "cultural_strategy",
    "self_sustaining_dynamics",
    "sources",
)

Serialize = Callable[[list[Any]], list[dict[str, Any]]]


class SiteRequest:
    """Stands in for a request where there is none (the dump, built by the worker): absolute
    URLs from `settings.SITE_URL`. The record builders only ask it for absolute URLs."""

    def __init__(self, site_url: str | None = None) -> None:
        self.site_url = (site_url or settings.SITE_URL).rstrip("/") + "/"

    def build_absolute_uri(self, location: str = "/") -> str:
        return urljoin(self.site_url, location)


AnyRequest = HttpRequest | SiteRequest


@dataclass
class Source:
    """The public records of one dataset, built for one request (their links are absolute)."""

    queryset: QuerySet[Any] | None
    serialize: Serialize
    # For records that are not rows (the taxonomy): all of them at once.
    everything: Callable[[], list[dict[str, Any]]] | None = None
    # For a queryset whose condition is costly to repeat per batch (the municipalities in use):
    # its primary keys, read once (one query), then the rows batch by batch.
    ids: Callable[[], list[Any]] | None = None

    def batches(self, batch_size: int | None = None) -> Iterator[list[dict[str, Any]]]:
        """The records in batches of `batch_size`, in ascending primary-key order."""
        if self.everything is not None:
            with translation.override("de"):
                yield self.everything()
            return
        assert self.queryset is not None  # noqa: S101 - every other source has one
        size = batch_size or BATCH_SIZE
        if self.ids is not None:
            keys = self.ids()
            for start in range(0, len(keys), size):
                chunk = keys[start : start + size]
                rows = list(self.queryset.filter(pk__in=chunk).order_by("pk"))
                with translation.override("de"):
                    yield self.serialize(rows)
            return
        last: Any = None
        while True:
            page = self.queryset.order_by("pk")
            if last is not None:
                page = page.filter(pk__gt=last)
            rows = list(page[:size])
            if not rows:
                return
            with translation.override("de"):
                yield self.serialize(rows)
            if len(rows) < size:
                return
            last = rows[-1].pk

    def records(self, batch_size: int | None = None) -> Iterator[dict[str, Any]]:
        for batch in self.batches(batch_size):
            yield from batch


def _empty() -> QueryDict:
    return QueryDict()


def _http(request: AnyRequest) -> HttpRequest:
    # The record builders are typed for a request; they only build absolute URLs with it.
    return cast(HttpRequest, request)


def actors(request: AnyRequest) -> Source:
    serializer = api_actors._Serializer(_http(request))

    def serialize(rows: list[Any]) -> list[dict[str, Any]]:
        serializer.load(rows)
        return [serializer.record(row) for row in rows]

    filters = actor_selectors.DirectoryFilters.from_query(_empty())
    return Source(api_actors._base(filters), serialize)


def practices(request: AnyRequest) -> Source:
    serializer = api_practices._Serializer(_http(request))

    def serialize(rows: list[Any]) -> list[dict[str, Any]]:
        serializer.load(rows)
        return [serializer.record(row) for row in rows]

    filters = practice_selectors.PracticeFilters.from_query(_empty())
    # The long texts of the detail (not in a list record) are not read.
    return Source(api_practices._base(filters).defer(*PRACTICE_DEFERRED), serialize)


def publications(request: AnyRequest) -> Source:
    serializer = api_publications._Serializer(_http(request))

    def serialize(rows: list[Any]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, api_publications._authors())
        return [serializer.record(row) for row in rows]

    filters = publication_selectors.PublicationFilters.from_query(_empty())
    return Source(api_publications._base(filters).defer("body", "search_text"), serialize)


def recommendations(request: AnyRequest) -> Source:
    filters = publication_selectors.RecommendationFilters.from_query(_empty())
    return Source(
        api_recommendations._base(filters), api_recommendations._serialize(_http(request))
    )


def events(request: AnyRequest) -> Source:
    serializer = api_events._Serializer(_http(request))

    def serialize(rows: list[Any]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, "approaches", api_events._public_partners())
        return [
            serializer.record(row, getattr(row, "public_partners", []), list(row.approaches.all()))
            for row in rows
        ]

    filters = event_selectors.EventFilters.from_query(_empty())
    return Source(api_events._base(filters).defer(*api_events.LIST_DEFERRED), serialize)


def series(request: AnyRequest) -> Source:
    serializer = api_events._Serializer(_http(request))

    def serialize(rows: list[Any]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, api_events._public_events())
        return [serializer.series(row) for row in rows]

    queryset = event_selectors.public_series().select_related("format").defer("description")
    return Source(queryset, serialize)


def learnings(request: AnyRequest) -> Source:
    serializer = api_projects._Serializer(_http(request))

    def serialize(rows: list[Any]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, api_projects._learning_practices())
        return [serializer.learning(row) for row in rows]

    return Source(api_projects._learnings(), serialize)


def projects(request: AnyRequest) -> Source:
    serializer = api_projects._Serializer(_http(request))

    def serialize(rows: list[Any]) -> list[dict[str, Any]]:
        related = api_projects._PageRelations(rows)
        return [related.record(serializer, row) for row in rows]

    filters = project_selectors.ProjectFilters.from_query(_empty())
    return Source(api_projects._projects(filters).defer(*api_projects.LIST_DEFERRED), serialize)


def alliances(request: AnyRequest) -> Source:
    serializer = api_alliances._Serializer(_http(request))

    def serialize(rows: list[Any]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, *api_alliances._relations())
        return [serializer.record(row) for row in rows]

    filters = alliance_selectors.AllianceFilters.from_query(_empty())
    return Source(api_alliances._base(filters).defer("goals", "search_text"), serialize)


def connections(request: AnyRequest) -> Source:
    filters = network_selectors.ConnectionFilters.from_query(_empty())
    return Source(
        api_connections._base(filters), api_connections._Serializer(_http(request)).records
    )


def used_municipalities() -> QuerySet[Municipality]:
    """The municipalities the public records name (profiles, practices, events on site,
    projects, alliances) — through the same querysets as their datasets."""
    used = Q()
    for queryset in (
        api_actors._base(actor_selectors.DirectoryFilters.from_query(_empty())),
        api_practices._base(practice_selectors.PracticeFilters.from_query(_empty())),
        api_events._base(event_selectors.EventFilters.from_query(_empty())).exclude(
            mode=Event.Mode.ONLINE
        ),
        api_projects._projects(project_selectors.ProjectFilters.from_query(_empty())),
        api_alliances._base(alliance_selectors.AllianceFilters.from_query(_empty())),
    ):
        ids = queryset.order_by().filter(municipality__isnull=False).values("municipality_id")
        used |= Q(pk__in=ids)
    return Municipality.objects.filter(used).defer("search_name", "search_label")


def places(request: AnyRequest) -> Source:
    serializer = api_places._Serializer()

    def serialize(rows: list[Any]) -> list[dict[str, Any]]:
        return [serializer.record(row) for row in rows]

    def ids() -> list[int]:
        # At most the directory's ~11 000 municipalities, whatever the number of records.
        return list(used_municipalities().order_by("pk").values_list("pk", flat=True))

    queryset = Municipality.objects.defer("search_name", "search_label")
    return Source(queryset, serialize, ids=ids)


def taxonomy_terms() -> list[dict[str, Any]]:
    """Every term of every vocabulary, one row each (one query per curated vocabulary)."""
    rows = []
    for vocabulary in api_taxonomy.VOCABULARIES:
        for found in vocabulary.terms():
            rows.append(
                {
                    "vocabulary": vocabulary.code,
                    "code": found["code"],
                    "name_de": found["name_de"],
                    "name_en": found["name_en"],
                    "description": found["description"],
                    "parent_vocabulary": vocabulary.parent_vocabulary,
                    "parent": found["parent"],
                }
            )
    return rows


def taxonomy(request: AnyRequest) -> Source:
    return Source(None, lambda rows: [], everything=taxonomy_terms)


# The tables each dataset reads: their data versions make the downloads' ETags.
MODELS: dict[str, list[type[Model]]] = {
    "actors": api_actors.MODELS,
    "practices": api_practices.MODELS,
    "publications": api_publications.MODELS,
    "recommendations": api_recommendations.MODELS,
    "events": api_events.MODELS,
    "series": api_events.SERIES_MODELS,
    "projects": api_projects.MODELS,
    "learnings": api_projects.LEARNING_MODELS,
    "alliances": api_alliances.MODELS,
    "connections": api_connections.MODELS,
    "places": sorted(
        {
            Municipality,
            *api_actors.MODELS,
            *api_practices.MODELS,
            *api_events.MODELS,
            *api_projects.MODELS,
            *api_alliances.MODELS,
        },
        key=lambda model: model._meta.label,
    ),
    "taxonomy": [
        taxonomy_models.SpatialField,
        taxonomy_models.ActionField,
        taxonomy_models.Approach,
        taxonomy_models.Sector,
        taxonomy_models.PracticeKind,
        taxonomy_models.PracticeType,
        taxonomy_models.Method,
        taxonomy_models.ExchangeCategory,
        EventFormat,
    ],
}
