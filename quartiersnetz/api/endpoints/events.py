"""`/api/v1/events` and `/api/v1/series`: the public Werkstätten and their series.

Read through `events.list_selectors.matching_events` (what `/werkstaetten/` shows: published
and cancelled events, never drafts) and, for an event's programme, partners and documentation,
`events.detail_selectors.event_relations` (what the event page shows). A record holds what the
public page shows and nothing of the people who registered: the registration state and the
places left are computed from a count. The online access link (the page gives it to confirmed
registrants only) is never read. Venue, address, municipality and location belong to events on
site (the page shows no place for an online event); hosts, partners and presenters appear only
while their profiles are public, a programme's practice only while it is published, the
documentation (summary, results of the programme, documents, presented practices) only once
the event is documented.

Series: every series has its public page, listing its public events only.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from quartiersnetz.actors.models import Actor
from quartiersnetz.events import detail_selectors, list_selectors, selectors, series_selectors
from quartiersnetz.events import services as event_services
from quartiersnetz.events.forms import EventProposalForm
from quartiersnetz.events.models import (
    DEFAULT_TIME_ZONE,
    AgendaItem,
    Event,
    EventDocument,
    EventFormat,
    EventPartner,
    Registration,
    Series,
)
from quartiersnetz.events.registration_services import registration_closes_at
from quartiersnetz.places.models import Municipality, State
from quartiersnetz.practices.curation_selectors import author_actors
from quartiersnetz.practices.models import Practice
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.taxonomy import models as taxonomy

from ..auth import write_auth
from ..lists import (
    Check,
    Filter,
    clock_state,
    detail_openapi,
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
from ..problems import InvalidParam
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
    terms,
)
from ..responses import reject_unknown
from ..writes import FormData, Unprocessable, created_response, form_problems, service_problems

events_router = Router(tags=["events"])
series_router = Router(tags=["series"])


def _period(raw: str) -> str:
    """`zeitraum` as on the list page: upcoming, past or a year."""
    value = raw.strip()
    if value in (list_selectors.UPCOMING, list_selectors.PAST):
        return value
    if len(value) == 4 and value.isascii() and value.isdigit() and 1901 <= int(value) <= 2199:
        return value
    raise ValueError(
        f"„{list_selectors.UPCOMING}“, „{list_selectors.PAST}“ oder eine Jahreszahl (z. B. 2021)."
    )


# The years the list page takes (1901–2199), spelled out: `[0-9]{4}` documented 0000–9999.
PERIOD = Check(
    _period,
    {"type": "string", "pattern": "^(kommend|vergangen|19(0[1-9]|[1-9][0-9])|2[01][0-9]{2})$"},
)

FILTERS = [
    Filter("q", text_filter(), "Volltext (Titel, Beschreibungen, Ort, Dokumentation)"),
    Filter(
        "zeitraum",
        PERIOD,
        "Zeitraum: kommend (noch nicht zu Ende), vergangen oder ein Jahr des Beginns",
    ),
    Filter("format", term_filter(EventFormat), "Veranstaltungsformat"),
    Filter("spatial_field", term_filter(taxonomy.SpatialField), "Räumliches Handlungsfeld"),
    Filter("action_field", term_filter(taxonomy.ActionField), "Handlungsfeld"),
    Filter("mode", one_of(Event.Mode.values), "Form (online, on_site, hybrid)"),
    Filter(
        "state", one_of(State.values), "Bundesland des Veranstaltungsorts (Schlüssel, z. B. 05)"
    ),
]
# The tables an event record reads (their data versions make the ETag); registrations for
# the count of confirmed places only.
MODELS = [
    Event,
    Series,
    EventPartner,
    Registration,
    Actor,
    Municipality,
    EventFormat,
    taxonomy.SpatialField,
    taxonomy.ActionField,
    taxonomy.Approach,
]
# The detail adds the programme and the documentation.
DETAIL_MODELS = [
    *MODELS,
    AgendaItem,
    EventDocument,
    taxonomy.Method,
    Practice,
    Recommendation,
    Publication,
]
SERIES_MODELS = [Series, Event, EventFormat, taxonomy.SpatialField]

# What a list row never needs (and the online link, which no record has).
LIST_DEFERRED = ("search_text", "online_url", "description", "documentation", "accessibility_info")

# Registration states: the registration box of the event page as a code.
REGISTRATION_STATES: dict[str, tuple[str, str]] = {
    "none": ("ohne Anmeldung", "no registration"),
    "not_yet_open": ("Anmeldung noch nicht geöffnet", "registration not open yet"),
    "open": ("Anmeldung möglich", "registration open"),
    "full": ("ausgebucht – Anmeldung auf die Warteliste", "fully booked – waiting list"),
    "closed": ("Anmeldung geschlossen", "registration closed"),
}


class VenueOut(Schema):
    name: str
    address: str


class PartnerOut(LinkOut):
    role: CodedOut


class RegistrationOut(Schema):
    admission: CodedOut
    state: CodedOut
    opens: datetime | None
    closes: datetime | None  # the deadline, else the start
    capacity: int | None
    places_left: int | None  # while one can register for a limited number of places


class EventOut(Schema):
    id: int
    slug: str
    url: str
    title: str
    summary: str
    format: CodedOut
    series: LinkOut | None
    status: CodedOut  # published or cancelled
    cancellation_reason: str
    start: datetime
    end: datetime
    time_zone: str
    mode: CodedOut
    venue: VenueOut | None  # on site only
    municipality: MunicipalityOut | None  # on site only
    location: LocationOut | None  # on site only: the municipality's centre
    spatial_field: CodedOut | None
    action_field: CodedOut | None
    approaches: list[CodedOut]
    registration: RegistrationOut
    partners: list[PartnerOut]
    documented_at: datetime | None
    is_sample: bool
    updated: datetime


class AgendaItemOut(Schema):
    start: datetime
    end: datetime | None
    title: str
    kind: CodedOut
    description: str
    presenters: list[LinkOut]
    practice: LinkOut | None
    method: CodedOut | None
    outcome: str | None  # once the event is documented


class DocumentOut(Schema):
    title: str
    url: str
    size: int
    page_count: int | None


class RecommendationLinkOut(Schema):
    id: int
    number: int
    title: str
    url: str
    publication: LinkOut


class DocumentationOut(Schema):
    summary: str
    documents: list[DocumentOut]
    presented_practices: list[LinkOut]


class EventDetailOut(EventOut):
    description: str
    accessibility_info: str | None  # on site only
    agenda: list[AgendaItemOut]
    recommendations: list[RecommendationLinkOut]
    documentation: DocumentationOut | None  # once the event is documented


class EventListOut(PageOut):
    results: list[EventOut | TombstoneOut]


class SeriesEventOut(LinkOut):
    start: datetime
    status: CodedOut


class SeriesOut(Schema):
    id: int
    slug: str
    url: str
    title: str
    format: CodedOut | None
    rotates_spatial_fields: bool
    events: list[SeriesEventOut]
    updated: datetime


class SeriesDetailOut(SeriesOut):
    description: str
    next_spatial_field: CodedOut | None  # rotating series only


class SeriesListOut(PageOut):
    results: list[SeriesOut | TombstoneOut]


def _public_partners() -> Prefetch[Any]:
    # Public profiles only, hosts before local partners, by name (as the page lists them).
    return Prefetch(
        "event_partners",
        queryset=EventPartner.objects.filter(Actor.PUBLIC.q("actor"))
        .select_related("actor")
        .only("id", "event_id", "role", "actor__id", "actor__slug", "actor__name")
        .order_by("role", "actor__name", "id"),
        to_attr="public_partners",
    )


def _public_events() -> Prefetch[Any]:
    return Prefetch(
        "events",
        queryset=selectors.public_events()
        .only("id", "slug", "title", "start", "state", "series_id")
        .order_by("start", "id"),
        to_attr="public_events",
    )


class _Serializer:
    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.urls = Urls(request)
        self.now = timezone.now()
        self.states = state_labels()
        self.status = ChoiceLabels(Event.State)
        self.modes = ChoiceLabels(Event.Mode)
        self.admissions = ChoiceLabels(Event.Admission)
        self.roles = ChoiceLabels(EventPartner.Role)
        self.kinds = ChoiceLabels(AgendaItem.Kind)

    def link(self, view: str, pk: int, slug: str, name: str) -> dict[str, Any]:
        return {"id": pk, "slug": slug, "name": name, "url": self.urls(view, slug)}

    def actor_link(self, actor: Actor) -> dict[str, Any]:
        return self.link("actors:detail", actor.pk, actor.slug, actor.name)

    def registration(self, event: Event) -> dict[str, Any]:
        """The registration box of the page (`registration_services.registration_problem`)
        as data: never anything of the registrations but their count."""
        admission = self.admissions(event.admission)
        capacity = event.capacity if event.needs_registration else None
        places_left = None
        if not event.needs_registration:
            state = "none"
        elif event.state == Event.State.CANCELLED:
            state = "closed"
        elif event.registration_opens and self.now < event.registration_opens:
            state = "not_yet_open"
        elif self.now >= registration_closes_at(event):
            state = "closed"
        elif event.admission == Event.Admission.OPEN and event.capacity is not None:
            confirmed = int(getattr(event, "confirmed_count", 0))
            places_left = max(0, event.capacity - confirmed)
            state = "open" if places_left else "full"
        else:
            state = "open"
        german, english = REGISTRATION_STATES[state]
        return {
            "admission": admission,
            "state": {"code": state, "name_de": german, "name_en": english},
            "opens": event.registration_opens if event.needs_registration else None,
            "closes": registration_closes_at(event) if event.needs_registration else None,
            "capacity": capacity,
            "places_left": places_left,
        }

    def record(
        self, event: Event, partners: list[EventPartner], approaches: list[Any]
    ) -> dict[str, Any]:
        on_site = event.is_on_site
        place = event.municipality if on_site else None
        series = event.series
        return {
            "id": event.pk,
            "slug": event.slug,
            "url": self.urls("events:detail", event.slug),
            "title": event.title,
            "summary": event.summary,
            "format": term(event.format),
            "series": (
                self.link("events:series", series.pk, series.slug, series.title)
                if series is not None
                else None
            ),
            "status": self.status(event.state),
            "cancellation_reason": (
                event.cancellation_reason if event.state == Event.State.CANCELLED else ""
            ),
            "start": event.start,
            "end": event.end,
            "time_zone": event.time_zone,
            "mode": self.modes(event.mode),
            "venue": {"name": event.venue_name, "address": event.address} if on_site else None,
            "municipality": municipality(place, self.states),
            "location": location(None, None, place),
            "spatial_field": term(event.spatial_field),
            "action_field": term(event.action_field),
            "approaches": terms(approaches),
            "registration": self.registration(event),
            "partners": [
                {**self.actor_link(partner.actor), "role": self.roles(partner.role)}
                for partner in partners
            ],
            "documented_at": event.documented_at,
            "is_sample": event.is_sample,
            "updated": event.updated,
        }

    def detail(self, event: Event) -> dict[str, Any]:
        relations = detail_selectors.event_relations(event)
        documented = event.documented_at is not None
        agenda = [
            {
                "start": entry.item.start,
                "end": entry.item.end,
                "title": entry.item.title,
                "kind": self.kinds(entry.item.kind),
                "description": entry.item.description,
                "presenters": [self.actor_link(actor) for actor in entry.presenters],
                "practice": self.practice_link(entry.item.practice),
                "method": term(entry.item.method),
                "outcome": entry.item.outcome if documented else None,
            }
            for day in relations.programme
            for entry in day.entries
        ]
        recommendations = [
            {
                "id": recommendation.pk,
                "number": recommendation.number,
                "title": recommendation.title,
                "url": self.urls("publications:detail", recommendation.publication.slug)
                + f"#{recommendation.anchor}",
                "publication": self.link(
                    "publications:detail",
                    recommendation.publication.pk,
                    recommendation.publication.slug,
                    recommendation.publication.title,
                ),
            }
            for recommendation in relations.recommendations
        ]
        documentation = None
        if documented:
            documentation = {
                "summary": event.documentation,
                "documents": [self.document(event, document) for document in relations.documents],
                "presented_practices": [
                    self.practice_link(practice) for practice in relations.presented_practices
                ],
            }
        partners = [*relations.hosts, *relations.local_partners]
        return {
            **self.record(event, partners, relations.approaches),
            "description": event.description,
            "accessibility_info": event.accessibility_info if event.is_on_site else None,
            "agenda": agenda,
            "recommendations": recommendations,
            "documentation": documentation,
        }

    def practice_link(self, practice: Practice | None) -> dict[str, Any] | None:
        if practice is None or not practice.is_published:
            return None
        return self.link("practices:detail", practice.pk, practice.slug, practice.title)

    def document(self, event: Event, document: EventDocument) -> dict[str, Any]:
        path = reverse("events:document", kwargs={"slug": event.slug, "pk": document.pk})
        return {
            "title": document.title,
            "url": self.request.build_absolute_uri(path),
            "size": document.size,
            "page_count": document.pages,
        }

    def series(self, series: Series) -> dict[str, Any]:
        return {
            "id": series.pk,
            "slug": series.slug,
            "url": self.urls("events:series", series.slug),
            "title": series.title,
            "format": term(series.format),
            "rotates_spatial_fields": series.rotates_spatial_fields,
            "events": [
                {
                    **self.link("events:detail", event.pk, event.slug, event.title),
                    "start": event.start,
                    "status": self.status(event.state),
                }
                for event in getattr(series, "public_events", [])
            ],
            "updated": series.updated,
        }


def _base(filters: list_selectors.EventFilters) -> QuerySet[Event]:
    return list_selectors.with_confirmed_count(
        list_selectors.matching_events(filters)
    ).select_related("format", "series", "municipality", "spatial_field", "action_field")


@events_router.get(
    "",
    response=EventListOut,
    summary="Werkstätten / events",
    openapi_extra=list_openapi(FILTERS),
)
def event_list(request: HttpRequest) -> HttpResponse:
    """Public events (published and cancelled) in ascending id order, filtered as on
    `/werkstaetten/`."""
    list_params = parse_list_params(request, FILTERS)
    filters = list_selectors.EventFilters.from_query(list_params.filter_query())
    serializer = _Serializer(request)

    def serialize(rows: list[Event]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, "approaches", _public_partners())
        return [
            serializer.record(row, getattr(row, "public_partners", []), list(row.approaches.all()))
            for row in rows
        ]

    return list_response(
        request,
        queryset=_base(filters).defer(*LIST_DEFERRED),
        list_params=list_params,
        serialize=serialize,
        models=MODELS,
        state=clock_state(),
    )


@events_router.get(
    "/{key}",
    response=EventDetailOut,
    summary="Eine Werkstatt / one event",
    openapi_extra=detail_openapi(),
)
def event_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One public event by its id or slug, with its description, programme and, once it is
    documented, its documentation."""
    reject_unknown(request, set())
    lookup = record_lookup(key)

    def record() -> dict[str, Any]:
        event = (
            _base(list_selectors.EventFilters())
            .defer("search_text", "online_url")
            .filter(**lookup)
            .first()
        )
        if event is None:
            raise Http404(f"Keine öffentliche Veranstaltung „{key}“.")
        return _Serializer(request).detail(event)

    return record_response(
        request, record=record, models=DETAIL_MODELS, key=key, state=clock_state()
    )


@series_router.get(
    "",
    response=SeriesListOut,
    summary="Veranstaltungsreihen / series",
    openapi_extra=list_openapi([]),
)
def series_list(request: HttpRequest) -> HttpResponse:
    """Every series with its public events (in date order), in ascending id order."""
    list_params = parse_list_params(request, [])
    serializer = _Serializer(request)

    def serialize(rows: list[Series]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, _public_events())
        return [serializer.series(row) for row in rows]

    return list_response(
        request,
        queryset=list_selectors.public_series().select_related("format").defer("description"),
        list_params=list_params,
        serialize=serialize,
        models=SERIES_MODELS,
        state=clock_state(),
    )


@series_router.get(
    "/{key}",
    response=SeriesDetailOut,
    summary="Eine Reihe / one series",
    openapi_extra=detail_openapi(),
)
def series_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One series by its id or slug, with its description and public events."""
    reject_unknown(request, set())
    lookup = record_lookup(key)

    def record() -> dict[str, Any]:
        series = list_selectors.public_series().select_related("format").filter(**lookup).first()
        if series is None:
            raise Http404(f"Keine Veranstaltungsreihe „{key}“.")
        prefetch_related_objects([series], _public_events())
        next_field = None
        if series.rotates_spatial_fields:
            next_field = series_selectors.series_next_spatial_field(series, public_only=True)
        return {
            **_Serializer(request).series(series),
            "description": series.description,
            "next_spatial_field": term(next_field),
        }

    return record_response(
        request, record=record, models=SERIES_MODELS, key=key, state=clock_state()
    )


# Proposals (personal API tokens with the write scope) ----------------------------------------


class EventProposalIn(Schema):
    """A proposed event, as the form on `/werkstaetten/vorschlagen/` takes it: vocabulary terms
    by their codes (`/api/v1/taxonomy`), the proposing profile by its slug, the municipality by
    its AGS, start and end as ISO 8601 times (with an offset, or local in `time_zone`)."""

    model_config = ConfigDict(extra="forbid")

    actor: str = Field(
        max_length=220,
        description="Kürzel (slug) einer Ihrer Organisationen oder Ihres Expertenprofils "
        "(siehe /api/v1/me); wird Gastgeber*in",
    )
    format: str = Field(max_length=100, description="Code aus /api/v1/taxonomy (event_formats)")
    title: str = Field(max_length=200)
    summary: str = Field("", max_length=300)
    description: str = Field("", max_length=50_000, description="Markdown")
    start: datetime
    end: datetime
    time_zone: str = Field(DEFAULT_TIME_ZONE, max_length=64)
    mode: Event.Mode = Event.Mode.ON_SITE
    venue_name: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    municipality: str | None = Field(None, pattern="^[0-9]{8}$", description="AGS, 8 Ziffern")
    online_url: str = Field("", max_length=200)
    spatial_field: str | None = Field(None, max_length=100)
    action_field: str | None = Field(None, max_length=100)
    approaches: list[str] = Field(default_factory=list, max_length=50)
    proposal_note: str = Field("", max_length=5000, description="an die Kuration, nicht öffentlich")


class EventProposedOut(Schema):
    id: int
    slug: str
    title: str
    state: CodedOut
    proposed_by: str
    url: str = Field(
        description="die Seite der Veranstaltung, sobald die Kuration sie veröffentlicht"
    )


# The form's date and time fields answer for the body's `start` and `end`.
_PROPOSAL_FIELD_NAMES = {
    "start_date": "start",
    "start_time": "start",
    "end_date": "end",
    "end_time": "end",
}


def _local_parts(value: datetime, zone_name: str) -> tuple[Any, Any]:
    """The date and time of `value` on the wall clock of `zone_name` (a time without offset
    is read as that wall clock already)."""
    # An unknown zone is left to the form, which names it.
    if timezone.is_aware(value) and zone_name in zoneinfo.available_timezones():
        value = value.astimezone(zoneinfo.ZoneInfo(zone_name))
    return value.date(), value.time().replace(tzinfo=None)


def _proposal_data(payload: EventProposalIn) -> dict[str, Any]:
    data = FormData()
    for name in ("title", "summary", "description", "time_zone", "mode", "venue_name",
                 "address", "online_url", "proposal_note"):  # fmt: skip
        data.value(name, getattr(payload, name))
    for name, value in (("start", payload.start), ("end", payload.end)):
        day, clock = _local_parts(value, payload.time_zone)
        data.value(f"{name}_date", day)
        data.value(f"{name}_time", clock)
    data.code("actor", Actor, payload.actor)
    data.code("format", EventFormat, payload.format)
    data.code("spatial_field", taxonomy.SpatialField, payload.spatial_field)
    data.code("action_field", taxonomy.ActionField, payload.action_field)
    data.codes("approaches", taxonomy.Approach, payload.approaches)
    data.municipality("municipality", payload.municipality)
    data.check()
    return data.data


@events_router.post(
    "",
    auth=write_auth,
    response={201: EventProposedOut},
    summary="Veranstaltung vorschlagen / propose an event",
    openapi_extra={"responses": problem_responses(400, 401, 403, 422, 429)},
)
def event_propose(request: HttpRequest, payload: EventProposalIn) -> HttpResponse:
    """Propose an event to the curators for one of your organisations, as on
    `/werkstaetten/vorschlagen/`: a draft only the curators see; they complete it with you and
    publish it. At most a few undecided proposals per account."""
    reject_unknown(request, set())
    user = request.api_token.user  # type: ignore[attr-defined]
    form = EventProposalForm(_proposal_data(payload), author_actors=author_actors(user))
    if not form.is_valid():
        raise Unprocessable(
            [
                InvalidParam(_PROPOSAL_FIELD_NAMES.get(p.name, p.name), p.reason)
                for p in form_problems(form)
            ]
        )
    try:
        event = event_services.event_propose(
            user=user,
            actor=form.cleaned_data["actor"],
            data=form.service_data(),
            approaches=form.approaches(),
        )
    except ValidationError as exc:
        raise service_problems(exc) from exc
    url = Urls(request)("events:detail", event.slug)
    body = {
        "id": event.pk,
        "slug": event.slug,
        "title": event.title,
        "state": ChoiceLabels(Event.State)(event.state),
        "proposed_by": form.cleaned_data["actor"].slug,
        "url": url,
    }
    return created_response(body)
