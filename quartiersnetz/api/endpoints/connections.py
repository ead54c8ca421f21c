"""`/api/v1/connections`: the explicit connections between public profiles that the pages show
(the profile's "Verbindungen", `/mitwirkende/<slug>/verbindungen/`, and the network view).

Read through `network.selectors.matching_connections`: confirmed connections between two public
profiles only — never a proposal, never one with a hidden profile, nothing of who proposed or
confirmed it nor the proposal's message. Like the pages, a record keeps no direction: the two
actors come in the order of their ids (which side proposed is not public), and "ist Mitglied
von" reads as the pages' neutral "Mitglied / Netzwerk". `sources` are what the two share
according to the computed network (the profile's "gemeinsam in: …"), only records that are
public now.

Whether a connection is public also depends on both profiles, so `updated_since` counts a
change of either actor (hidden, renamed …) as a change of the connection (tombstones for
connections that stopped being public).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet, TextChoices
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import public_actors
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.core import params
from quartiersnetz.events.models import Event
from quartiersnetz.network import selectors
from quartiersnetz.network.models import Connection, Edge
from quartiersnetz.places.models import Municipality, State
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project
from quartiersnetz.taxonomy import models as taxonomy

from ..lists import (
    SLUG_PATTERN,
    Check,
    Filter,
    detail_openapi,
    list_openapi,
    one_of,
    parse_list_params,
    record_response,
)
from ..lists import term_of as term_filter
from ..parents import Parent, list_response_with_parents, record_id
from ..records import (
    ChoiceLabels,
    CodedOut,
    LinkOut,
    MunicipalityOut,
    PageOut,
    TombstoneOut,
    Urls,
    municipality,
    state_labels,
    term,
)
from ..responses import reject_unknown

router = Router(tags=["connections"])


def _public_profile(raw: str) -> str:
    """The slug of a public profile (a hidden one is as unknown as one that does not exist)."""
    value = raw.strip()
    if not params.slug_value({"v": value}, "v"):
        raise ValueError("Ein Kurzname aus Kleinbuchstaben, Ziffern und Bindestrichen.")
    if not public_actors().filter(slug=value).exists():
        raise ValueError(f"Kein öffentliches Profil „{value}“. Siehe /api/v1/actors.")
    return value


public_profile = Check(_public_profile, {"type": "string", "pattern": SLUG_PATTERN})

FILTERS = [
    Filter("actor", public_profile, "Mitwirkende auf einer der beiden Seiten (Kurzname)"),
    Filter("kind", one_of(Connection.Kind.values), "Art der Verbindung"),
    Filter("sector", term_filter(taxonomy.Sector), "Bereich (beider Seiten, wie /netzwerk/)"),
    Filter("state", one_of(State.values), "Bundesland beider Seiten (Schlüssel, z. B. 05)"),
    Filter(
        "spatial_field",
        term_filter(taxonomy.SpatialField),
        "Räumliches Handlungsfeld beider Seiten",
    ),
    Filter("action_field", term_filter(taxonomy.ActionField), "Handlungsfeld beider Seiten"),
]
# The tables a connection record reads (their data versions make the ETag): the connection,
# both profiles (and their vocabularies, for the filters), the computed edges with their
# sources and the records the sources link to.
MODELS = [
    Connection,
    Actor,
    Edge,
    Municipality,
    taxonomy.Sector,
    Practice,
    Project,
    Alliance,
    Event,
]
PARENTS = [Parent("from_actor_id", Actor), Parent("to_actor_id", Actor)]


class SourceType(TextChoices):
    """What two actors share, as the profile names it."""

    ALLIANCE = "alliance", _("Allianz")
    PRACTICE = "practice", _("Praxisbeispiel")
    PROJECT = "project", _("Vorhaben")
    EVENT = "event", _("Werkstatt")
    # Both on the public attendee list of the same Werkstatt.
    ATTENDANCE = "attendance", _("teilgenommen")


SOURCE_PAGES = {
    SourceType.ALLIANCE: "alliances:detail",
    SourceType.PRACTICE: "practices:detail",
    SourceType.PROJECT: "projects:detail",
    SourceType.EVENT: "events:detail",
    SourceType.ATTENDANCE: "events:detail",
}


class ConnectedActorOut(LinkOut):
    sector: CodedOut | None
    municipality: MunicipalityOut | None


class SourceOut(LinkOut):
    type: CodedOut


class ConnectionOut(Schema):
    id: int
    kind: CodedOut
    actors: list[ConnectedActorOut]  # the two sides, by id
    sources: list[SourceOut]
    updated: datetime


class ConnectionListOut(PageOut):
    results: list[ConnectionOut | TombstoneOut]


class _Serializer:
    def __init__(self, request: HttpRequest) -> None:
        self.urls = Urls(request)
        self.states = state_labels()
        self.source_types = ChoiceLabels(SourceType)
        self.kinds = ChoiceLabels(Connection.Kind)
        # Without a direction, "ist Mitglied von" reads as the pages' "Mitglied / Netzwerk".
        with translation.override("de"):
            german = str(selectors.MEMBERSHIP_LABEL)
        with translation.override("en"):
            english = str(selectors.MEMBERSHIP_LABEL)
        self.kinds.labels[Connection.Kind.MEMBER_OF] = (german, english)

    def actor(self, actor: Actor) -> dict[str, Any]:
        return {
            "id": actor.pk,
            "slug": actor.slug,
            "name": actor.name,
            "url": self.urls("actors:detail", actor.slug),
            "sector": term(actor.sector),
            "municipality": municipality(actor.municipality, self.states),
        }

    def source(self, source: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": self.source_types(source["type"]),
            "id": source["id"],
            "slug": source["slug"],
            "name": source["title"],
            "url": self.urls(SOURCE_PAGES[source["type"]], source["slug"]),
        }

    def records(self, rows: list[Connection]) -> list[dict[str, Any]]:
        shared = selectors.shared_sources((row.from_actor_id, row.to_actor_id) for row in rows)
        result = []
        for row in rows:
            sides = sorted((row.from_actor, row.to_actor), key=lambda actor: actor.pk)
            pair = (sides[0].pk, sides[1].pk)
            result.append(
                {
                    "id": row.pk,
                    "kind": self.kinds(row.kind),
                    "actors": [self.actor(side) for side in sides],
                    "sources": [self.source(source) for source in shared.get(pair, [])],
                    "updated": row.updated,
                }
            )
        return result


def _base(filters: selectors.ConnectionFilters) -> QuerySet[Connection]:
    return selectors.matching_connections(filters).select_related(
        "from_actor__sector",
        "from_actor__municipality",
        "to_actor__sector",
        "to_actor__municipality",
    )


@router.get(
    "",
    response=ConnectionListOut,
    summary="Verbindungen / connections",
    openapi_extra=list_openapi(FILTERS),
)
def connection_list(request: HttpRequest) -> HttpResponse:
    """Confirmed connections between public profiles in ascending id order."""
    list_params = parse_list_params(request, FILTERS)
    filters = selectors.ConnectionFilters.from_query(list_params.filter_query())
    return list_response_with_parents(
        request,
        queryset=_base(filters),
        list_params=list_params,
        serialize=_Serializer(request).records,
        models=MODELS,
        parents=PARENTS,
    )


@router.get(
    "/{key}",
    response=ConnectionOut,
    summary="Eine Verbindung / one connection",
    openapi_extra=detail_openapi(),
)
def connection_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One confirmed connection between public profiles, by its id."""
    reject_unknown(request, set())
    pk = record_id(key)

    def record() -> dict[str, Any]:
        found = (
            _base(selectors.ConnectionFilters()).filter(pk=pk).first() if pk is not None else None
        )
        if found is None:
            raise Http404(f"Keine öffentliche Verbindung „{key}“.")
        return _Serializer(request).records([found])[0]

    return record_response(request, record=record, models=MODELS, key=key)
