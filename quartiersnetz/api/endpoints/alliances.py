"""`/api/v1/alliances`: the public Allianzen vor Ort, with the list's filters.

Read through `alliances.selectors.matching_alliances` (what `/allianzen/` shows to everybody:
the alliances the curators have not hidden). Members are the memberships the alliance page
shows (`alliances.selectors.public_members`: both sides consented, the actor's profile public)
— never an invitation or a request to join that is still open, nothing of who consented, and
of a member only its public profile's name and link, its role and its sector. The linked
projects, practices and events appear only while they are public
(`alliances.selectors.linkable_records`, the lower apps' own gates).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from quartiersnetz.actors.models import Actor
from quartiersnetz.alliances import selectors
from quartiersnetz.alliances.models import Alliance, AllianceMember
from quartiersnetz.events.models import Event
from quartiersnetz.places.models import Municipality, State
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project
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
    LinkOut,
    LocationOut,
    MunicipalityOut,
    PageOut,
    TombstoneOut,
    Urls,
    location,
    municipality,
    state_labels,
    term,
)
from ..responses import reject_unknown

router = Router(tags=["alliances"])

FILTERS = [
    Filter("q", text_filter(), "Volltext (Name, Kurzbeschreibung, Ziele, Ort)"),
    Filter("status", one_of(Alliance.Status.values), "Status (forming, active, dormant)"),
    Filter("state", one_of(State.values), "Bundesland (Schlüssel, z. B. 05)"),
    Filter("municipality", digits(8), "Gemeinde (AGS, 8 Ziffern)"),
    Filter("sector", term_filter(taxonomy.Sector), "Bereich eines Mitglieds"),
]
# The tables an alliance record reads (their data versions make the ETag; Alliance brings the
# tables of its linked projects, practices and events along).
MODELS = [
    Alliance,
    AllianceMember,
    Actor,
    taxonomy.Sector,
    Municipality,
    Project,
    Practice,
    Event,
]


class AllianceMemberOut(LinkOut):
    role: CodedOut
    role_text: str  # the role in the member's own words
    is_lead: bool  # koordinierend
    sector: CodedOut | None  # the member's Bereich


class AllianceEventOut(LinkOut):
    start: datetime.datetime


class AllianceOut(Schema):
    id: int
    slug: str
    url: str
    name: str
    summary: str
    status: CodedOut
    founded: datetime.date | None
    municipality: MunicipalityOut
    location: LocationOut | None  # the municipality's centre
    members: list[AllianceMemberOut]
    projects: list[LinkOut]
    practices: list[LinkOut]
    events: list[AllianceEventOut]
    is_sample: bool
    updated: datetime.datetime


class AllianceDetailOut(AllianceOut):
    goals: str


class AllianceListOut(PageOut):
    results: list[AllianceOut | TombstoneOut]


def _relations() -> list[Prefetch[Any]]:
    """Members (leads first, as the page orders them) and the public linked records: one query
    each for a whole page."""
    members = (
        selectors.public_members()
        .select_related("actor__sector")
        .only(
            "id",
            "alliance_id",
            "role",
            "role_text",
            "is_lead",
            "actor__id",
            "actor__slug",
            "actor__name",
            "actor__sector__slug",
            "actor__sector__name",
            "actor__sector__name_en",
        )
        .order_by("-is_lead", "role", "actor__name", "id")
    )
    linked = {
        kind: selectors.linkable_records(kind).only("id", "slug", "title")
        for kind in selectors.LINK_KINDS
    }
    return [
        Prefetch("memberships", queryset=members, to_attr="public_memberships"),
        Prefetch(
            "projects",
            queryset=linked["projects"].order_by("title", "id"),
            to_attr="public_projects",
        ),
        Prefetch(
            "practices",
            queryset=linked["practices"].order_by("title", "id"),
            to_attr="public_practices",
        ),
        Prefetch(
            "events",
            queryset=linked["events"].only("id", "slug", "title", "start").order_by("-start", "id"),
            to_attr="public_events",
        ),
    ]


class _Serializer:
    def __init__(self, request: HttpRequest) -> None:
        self.urls = Urls(request)
        self.states = state_labels()
        self.status = ChoiceLabels(Alliance.Status)
        self.roles = ChoiceLabels(AllianceMember.Role)

    def link(self, view: str, pk: int, slug: str, name: str) -> dict[str, Any]:
        return {"id": pk, "slug": slug, "name": name, "url": self.urls(view, slug)}

    def record(self, alliance: Alliance) -> dict[str, Any]:
        members: list[AllianceMember] = getattr(alliance, "public_memberships", [])
        projects: list[Project] = getattr(alliance, "public_projects", [])
        practices: list[Practice] = getattr(alliance, "public_practices", [])
        events: list[Event] = getattr(alliance, "public_events", [])
        return {
            "id": alliance.pk,
            "slug": alliance.slug,
            "url": self.urls("alliances:detail", alliance.slug),
            "name": alliance.name,
            "summary": alliance.summary,
            "status": self.status(alliance.status),
            "founded": alliance.founded,
            "municipality": municipality(alliance.municipality, self.states),
            "location": location(None, None, alliance.municipality),
            "members": [
                {
                    **self.link(
                        "actors:detail", member.actor.pk, member.actor.slug, member.actor.name
                    ),
                    "role": self.roles(member.role),
                    "role_text": member.role_text,
                    "is_lead": member.is_lead,
                    "sector": term(member.actor.sector),
                }
                for member in members
            ],
            "projects": [self.link("projects:detail", p.pk, p.slug, p.title) for p in projects],
            "practices": [self.link("practices:detail", p.pk, p.slug, p.title) for p in practices],
            "events": [
                {**self.link("events:detail", e.pk, e.slug, e.title), "start": e.start}
                for e in events
            ],
            "is_sample": alliance.is_sample,
            "updated": alliance.updated,
        }

    def detail(self, alliance: Alliance) -> dict[str, Any]:
        return {**self.record(alliance), "goals": alliance.goals}


def _base(filters: selectors.AllianceFilters) -> QuerySet[Alliance]:
    return selectors.matching_alliances(filters).select_related("municipality")


@router.get(
    "",
    response=AllianceListOut,
    summary="Allianzen / alliances",
    openapi_extra=list_openapi(FILTERS),
)
def alliance_list(request: HttpRequest) -> HttpResponse:
    """Public alliances in ascending id order, filtered as on `/allianzen/`."""
    list_params = parse_list_params(request, FILTERS)
    filters = selectors.AllianceFilters.from_query(list_params.filter_query())
    serializer = _Serializer(request)

    def serialize(rows: list[Alliance]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, *_relations())
        return [serializer.record(row) for row in rows]

    return list_response(
        request,
        queryset=_base(filters).defer("goals", "search_text"),
        list_params=list_params,
        serialize=serialize,
        models=MODELS,
    )


@router.get(
    "/{key}",
    response=AllianceDetailOut,
    summary="Eine Allianz / one alliance",
    openapi_extra=detail_openapi(),
)
def alliance_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One public alliance by its id or slug, with its goals."""
    reject_unknown(request, set())
    lookup = record_lookup(key)

    def record() -> dict[str, Any]:
        alliance = _base(selectors.AllianceFilters()).filter(**lookup).first()
        if alliance is None:
            raise Http404(f"Keine öffentliche Allianz „{key}“.")
        prefetch_related_objects([alliance], *_relations())
        return _Serializer(request).detail(alliance)

    return record_response(request, record=record, models=MODELS, key=key)
