"""Reads of Werkstätten: the public list with facets, event and series pages, calendars.

`visible_events(user)` is the gate of every page: the public sees published and cancelled events,
curators also drafts. The online link of an event is read only through `viewer_access`, which
asks `Registration` directly and gives the link to a user with a confirmed registration only.
Every function returns what its page shows with a number of queries that does not depend on
the number of events, agenda items or registrations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import (
    Case,
    CharField,
    F,
    IntegerField,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor
from quartiersnetz.core import params
from quartiersnetz.core.facets import (
    CountedPaginator,
    Facet,
    as_text,
    by_pk,
    choice_facet,
    facet_branch,
    term_facet,
    union_counts,
)
from quartiersnetz.core.text import build_search_text, fold
from quartiersnetz.core.versions import data_version
from quartiersnetz.places.models import State
from quartiersnetz.practices.models import Practice, PracticeActor
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.taxonomy.models import ActionField, SpatialField

from .models import (
    AgendaItem,
    Event,
    EventDocument,
    EventFormat,
    EventPartner,
    Registration,
    Series,
)

PAGE_SIZE = 20
# Cached counts, facets and fragments are keyed by data versions and the period bucket, so
# these lifetimes bound memory (and the lag of taxonomy edits), not staleness.
LIST_CACHE_SECONDS = 300
DETAIL_CACHE_SECONDS = 600
SUGGESTION_LIMIT = 12
MAX_QUERY_TERMS = 8
# The public calendar: every upcoming event and those of the last twelve months.
CALENDAR_PAST_DAYS = 365

UPCOMING = "kommend"
PAST = "vergangen"


def event_search_text(event: Event) -> str:
    """What `Event.search_text` holds: title, texts, venue, address, place and documentation.

    The services that write events set it (`event.search_text = event_search_text(event)`);
    the list's `q` filter searches it like the directory and the practices do.
    """
    municipality = event.municipality.name if event.municipality_id and event.municipality else ""
    return build_search_text(
        event.title,
        event.summary,
        event.description,
        event.venue_name,
        event.address,
        municipality,
        event.documentation,
    )


def public_events() -> QuerySet[Event]:
    return Event.objects.published()


def visible_events(user: User | None) -> QuerySet[Event]:
    """Published and cancelled events; curators also see drafts."""
    if user is not None and user.is_authenticated and is_curator(user):
        return Event.objects.all()
    return public_events()


def event_data_version() -> str:
    """Changes whenever an event or a series is added, removed or changed.

    The services save (or touch) the event on every change of its fields, approaches, partners,
    programme and documentation; a list card also shows its series' title.
    """
    return data_version(Event, Series)


def event_detail_version() -> str:
    """Changes whenever anything the event page shows (outside the viewer's own parts) may have.

    The event itself, its series, programme, partners and documents; registrations (the public
    attendee list, places left); actors (hidden hosts, partners and presenters drop out);
    practices (only published ones are linked) and recommendations with their publications
    (only published ones are listed). Taxonomy labels may lag by DETAIL_CACHE_SECONDS.
    """
    return data_version(
        Event,
        Series,
        AgendaItem,
        EventPartner,
        EventDocument,
        Registration,
        Actor,
        Practice,
        Recommendation,
        Publication,
    )


# --- The public list and its facets ------------------------------------------------------


@dataclass(frozen=True)
class EventFilters:
    """The parsed, validated filter state of /werkstaetten/ (unknown values are ignored).

    Names as in the directory and the practices: `state` is the Bundesland; `zeitraum` is
    `kommend`, `vergangen` or a year.
    """

    q: str = ""
    format: str = ""
    spatial_field: str = ""
    action_field: str = ""
    mode: str = ""
    state: str = ""
    zeitraum: str = ""

    NAMES: ClassVar[tuple[str, ...]] = (
        "zeitraum",
        "format",
        "spatial_field",
        "action_field",
        "mode",
        "state",
    )

    @classmethod
    def from_query(cls, query: QueryDict) -> EventFilters:
        period = params.choice_value(query, "zeitraum", (UPCOMING, PAST))
        year = params.bounded_int(query.get("zeitraum", ""), minimum=1901, maximum=2199)
        return cls(
            q=params.text_value(query, "q"),
            format=params.slug_value(query, "format"),
            spatial_field=params.slug_value(query, "spatial_field"),
            action_field=params.slug_value(query, "action_field"),
            mode=params.choice_value(query, "mode", Event.Mode.values),
            state=params.choice_value(query, "state", State.values),
            zeitraum=period or (str(year) if year is not None else ""),
        )

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ("q", *self.NAMES) if getattr(self, name)}

    @property
    def active(self) -> bool:
        return bool(self.as_dict())


_LOOKUPS = {
    "format": "format__slug",
    "spatial_field": "spatial_field__slug",
    "action_field": "action_field__slug",
    "mode": "mode",
    "state": "municipality__state",
}


def _period_condition(period: str, now: dt.datetime) -> Q:
    if period == UPCOMING:
        return Q(end__gte=now)
    if period == PAST:
        return Q(end__lt=now)
    year = int(period)
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    return Q(start__gte=start, start__lt=start.replace(year=year + 1))


def _apply_filters(
    qs: QuerySet[Event], filters: EventFilters, *, now: dt.datetime, skip: str = ""
) -> QuerySet[Event]:
    if filters.q:
        for term in fold(filters.q).split()[:MAX_QUERY_TERMS]:
            qs = qs.filter(search_text__contains=term)
    for name, lookup in _LOOKUPS.items():
        value = getattr(filters, name)
        if value and name != skip:
            qs = qs.filter(**{lookup: value})
    if filters.zeitraum and skip != "zeitraum":
        qs = qs.filter(_period_condition(filters.zeitraum, now))
    return qs


def _ordered(qs: QuerySet[Event], filters: EventFilters, now: dt.datetime) -> QuerySet[Event]:
    """Upcoming (and running) events soonest first, then past events latest first."""
    if filters.zeitraum == PAST:
        return qs.order_by("-start", "-id")
    if filters.zeitraum:
        return qs.order_by("start", "id")
    past = Case(When(end__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    return qs.annotate(is_past=past).order_by(
        "is_past",
        Case(When(is_past=0, then=F("start"))).asc(),
        Case(When(is_past=1, then=F("start"))).desc(),
        "id",
    )


LIST_RELATED = ("format", "series", "municipality", "spatial_field", "action_field")


def event_list_queryset(
    filters: EventFilters, *, now: dt.datetime | None = None
) -> QuerySet[Event]:
    """Public events matching `filters`, in list order, with what a list row needs."""
    now = now or timezone.now()
    qs = _apply_filters(public_events(), filters, now=now).select_related(*LIST_RELATED)
    return _ordered(qs.defer("search_text", "documentation", "accessibility_info"), filters, now)


TOTAL = "total"


def _list_counts(filters: EventFilters, now: dt.datetime) -> dict[str, dict[str, int]]:
    """The result count and every facet's counts in one UNION ALL round trip.

    Facets are disjunctive: each counts under all *other* active filters, so each branch has
    its own WHERE. Keys come back as text (PostgreSQL needs one column type across branches).
    """
    base = public_events()

    def scoped(name: str) -> QuerySet[Event]:
        return _apply_filters(base, filters, now=now, skip=name)

    period = Case(
        When(end__gte=now, then=Value(UPCOMING)),
        default=Value(PAST),
        output_field=CharField(),
    )
    branches = [
        facet_branch(scoped(""), TOTAL, Value(TOTAL, output_field=CharField())),
        facet_branch(scoped("zeitraum"), "period", period),
        facet_branch(scoped("zeitraum"), "year", as_text(ExtractYear("start"))),
        facet_branch(scoped("format"), "format", as_text("format_id")),
        facet_branch(scoped("spatial_field"), "spatial_field", as_text("spatial_field_id")),
        facet_branch(scoped("action_field"), "action_field", as_text("action_field_id")),
        facet_branch(scoped("mode"), "mode", as_text("mode")),
        facet_branch(
            scoped("state").filter(municipality__isnull=False),
            "state",
            as_text("municipality__state"),
        ),
    ]
    return union_counts(branches)


@dataclass
class ListCounts:
    total: int
    facets: list[Facet]


def _count_list(filters: EventFilters, now: dt.datetime) -> ListCounts:
    counts = _list_counts(filters, now)
    years = sorted((int(y) for y in counts.get("year", {})), reverse=True)
    period_counts: dict[Any, int] = {
        UPCOMING: counts.get("period", {}).get(UPCOMING, 0),
        PAST: counts.get("period", {}).get(PAST, 0),
        **{str(y): counts["year"][str(y)] for y in years},
    }
    period_choices: list[tuple[str, Any]] = [
        (UPCOMING, _("kommende")),
        (PAST, _("vergangene")),
        *((str(year), str(year)) for year in years),
    ]
    facets = [
        choice_facet("zeitraum", _("Zeitraum"), period_choices, period_counts, filters.zeitraum),
        term_facet(
            "format",
            _("Format"),
            EventFormat.objects.all(),
            by_pk(counts.get("format", {})),
            filters.format,
        ),
        term_facet(
            "spatial_field",
            _("Räumliches Handlungsfeld"),
            SpatialField.objects.all(),
            by_pk(counts.get("spatial_field", {})),
            filters.spatial_field,
        ),
        term_facet(
            "action_field",
            _("Handlungsfeld"),
            ActionField.objects.all(),
            by_pk(counts.get("action_field", {})),
            filters.action_field,
        ),
        choice_facet("mode", _("Form"), Event.Mode.choices, counts.get("mode", {}), filters.mode),
        choice_facet(
            "state",
            _("Bundesland"),
            sorted(State.choices, key=lambda c: str(c[1])),
            counts.get("state", {}),
            filters.state,
        ),
    ]
    return ListCounts(counts.get(TOTAL, {}).get(TOTAL, 0), facets)


def event_facets(filters: EventFilters, *, now: dt.datetime | None = None) -> list[Facet]:
    """Each facet counts under all *other* active filters (one UNION ALL query)."""
    return _count_list(filters, now or timezone.now()).facets


def period_bucket(version: str, now: dt.datetime) -> str:
    """A key that changes exactly when an event of the list moves from upcoming to past.

    "kommend"/"vergangen", the list's order and the period facet depend on the clock only
    through which events have ended. Remembered under the data version: the earliest end at or
    after the moment it was computed; until then (inclusive) nothing moves, so that end names
    the split. One query when it has passed or the data changed, none otherwise.
    """
    key = f"events:period:{version}"
    cached = cache.get(key)
    if cached is not None:
        since, until = cached
        if since <= now and (until is None or now <= until):
            return until.isoformat() if until else "-"
    until = public_events().filter(end__gte=now).aggregate(next_end=Min("end"))["next_end"]
    cache.set(key, (now, until), LIST_CACHE_SECONDS)
    return until.isoformat() if until else "-"


@dataclass
class EventEntry:
    """One row of a list: the event and its dates in its own time zone."""

    event: Event
    when: EventWhen

    @property
    def documentation_url(self) -> str:
        return f"{self.event.get_absolute_url()}#dokumentation" if self.event.documented_at else ""


@dataclass
class EventListPage:
    """One page of the list. Its rows, facets and map points are read only when a template
    fragment that shows them has to be rendered (`cache_key` names the fragments' state)."""

    page: Page
    counts: Callable[[], ListCounts]
    cache_key: str

    def facets(self) -> list[Facet]:
        return self.counts().facets

    @cached_property
    def entries(self) -> list[EventEntry]:
        return [EventEntry(event, event_when(event)) for event in self.page.object_list]

    @cached_property
    def map_points(self) -> list[dict[str, Any]]:
        points = []
        for entry in self.entries:
            event, municipality = entry.event, entry.event.municipality
            if not event.is_on_site or municipality is None or municipality.latitude is None:
                continue
            points.append(
                {
                    "title": event.title,
                    "url": event.get_absolute_url(),
                    "place": municipality.name,
                    "when": entry.when.text,
                    "lat": municipality.latitude,
                    "lon": municipality.longitude,
                }
            )
        return points


def event_list_page(filters: EventFilters, number: Any) -> EventListPage:
    """One page of the list; one version lookup serves every cache.

    The result count and the facets are cached under the data version, the filter state, the
    language and the period bucket (upcoming/past move with the clock); the template caches
    the rendered sidebar and results under the same key, so a warm request runs the version
    query only.
    """
    now = timezone.now()
    version = event_data_version()
    state = json.dumps(filters.as_dict(), sort_keys=True)
    state_key = hashlib.sha256(state.encode()).hexdigest()[:32]
    cache_key = f"{version}:{period_bucket(version, now)}:{state_key}"
    counts_key = f"events:list:{get_language()}:{cache_key}"
    counted: list[ListCounts] = []

    def counts() -> ListCounts:
        if not counted:
            value = cache.get(counts_key)
            if value is None:
                value = _count_list(filters, now)
                cache.set(counts_key, value, LIST_CACHE_SECONDS)
            counted.append(value)
        return counted[0]

    # The total is stored apart from the facets, so a page whose sidebar is cached does not
    # unpickle them.
    total_key = f"events:list-total:{cache_key}"
    total = cache.get(total_key)
    if total is None:
        total = counts().total
        cache.set(total_key, total, LIST_CACHE_SECONDS)
    page = CountedPaginator(event_list_queryset(filters, now=now), PAGE_SIZE, count=total).get_page(
        number
    )
    return EventListPage(page=page, counts=counts, cache_key=cache_key)


# --- Dates in the event's time zone ------------------------------------------------------


@dataclass
class EventWhen:
    start: dt.datetime  # local to the event's time zone
    end: dt.datetime
    time_zone: str
    multi_day: bool
    text: str  # "Do., 23. September 2021, 10:00–16:00 Uhr" or the two-day form

    @property
    def zone_abbreviation(self) -> str:
        return self.start.tzname() or ""


def _date(value: dt.datetime) -> str:
    return f"{formats.date_format(value, 'D')}, {formats.date_format(value, 'DATE_FORMAT')}"


def _time(value: dt.datetime) -> str:
    return formats.time_format(value, "TIME_FORMAT")


def event_when(event: Event) -> EventWhen:
    """Start and end in the event's own time zone, and a readable range (multi-day aware)."""
    tz = event.tz
    start, end = event.start.astimezone(tz), event.end.astimezone(tz)
    multi_day = start.date() != end.date()
    if multi_day:
        text = str(
            _("%(start_date)s, %(start_time)s Uhr bis %(end_date)s, %(end_time)s Uhr")
            % {
                "start_date": _date(start),
                "start_time": _time(start),
                "end_date": _date(end),
                "end_time": _time(end),
            }
        )
    else:
        text = str(
            _("%(date)s, %(start)s–%(end)s Uhr")
            % {"date": _date(start), "start": _time(start), "end": _time(end)}
        )
    return EventWhen(start, end, event.time_zone, multi_day, text)


# --- The event page ----------------------------------------------------------------------


def event_for_detail(user: User | None, *, slug: str) -> Event | None:
    """The event if `user` may see it, with what the page's header shows."""
    return (
        visible_events(user)
        .select_related("format", "series", "municipality", "spatial_field", "action_field")
        .filter(slug=slug)
        .first()
    )


# What the event page needs outside its cached fragments: the frame (title, description), the
# permission rules, the viewer's access (online link), the registration box and "past".
HEAD_FIELDS = (
    "id", "slug", "title", "summary", "state", "mode", "online_url", "start", "end",
    "time_zone", "admission", "capacity", "registration_opens", "registration_closes",
    "is_sample",
)  # fmt: skip


def event_head(user: User | None, *, slug: str) -> Event | None:
    """The event if `user` may see it, with only the fields of the page's uncached parts."""
    return visible_events(user).filter(slug=slug).only(*HEAD_FIELDS).first()


def event_full(*, pk: int) -> Event:
    """The whole record with what the page's fragments show (visibility checked before)."""
    return Event.objects.select_related(
        "format", "series", "municipality", "spatial_field", "action_field"
    ).get(pk=pk)


def places_left(event: Event, *, version: str) -> int | None:
    """Free places (None: no limit), remembered under the event page's data version."""
    if event.capacity is None:
        return None
    key = f"events:confirmed:{event.pk}:{version}"
    confirmed = cache.get(key)
    if confirmed is None:
        confirmed = Registration.objects.filter(
            event_id=event.pk, status=Registration.Status.CONFIRMED
        ).count()
        cache.set(key, confirmed, DETAIL_CACHE_SECONDS)
    return max(0, event.capacity - confirmed)


@dataclass
class ViewerAccess:
    """The current user's active registration and, if confirmed, the online link."""

    registration: Registration | None = None
    online_url: str = ""


def viewer_access(user: User | None, event: Event) -> ViewerAccess:
    """One query on `Registration`: the online link only for a confirmed registration."""
    if user is None or not user.is_authenticated:
        return ViewerAccess()
    registration = (
        Registration.objects.filter(event=event, user=user, status__in=Registration.ACTIVE)
        .order_by("-created", "-id")
        .first()
    )
    if registration is None:
        return ViewerAccess()
    confirmed = registration.status == Registration.Status.CONFIRMED
    return ViewerAccess(
        registration=registration,
        online_url=event.online_url if confirmed and event.is_online else "",
    )


@dataclass
class ProgrammeEntry:
    item: AgendaItem
    start: str
    end: str
    presenters: list[Actor]


@dataclass
class ProgrammeDay:
    date: dt.date
    label: str
    entries: list[ProgrammeEntry] = field(default_factory=list)


@dataclass
class EventRelations:
    approaches: list[Any]
    hosts: list[EventPartner]
    local_partners: list[EventPartner]
    programme: list[ProgrammeDay]
    documents: list[EventDocument]
    presented_practices: list[Practice]
    recommendations: list[Recommendation]
    attendees: list[Registration]

    @property
    def has_outcomes(self) -> bool:
        return any(e.item.outcome for day in self.programme for e in day.entries)


def _visible_actors() -> QuerySet[Actor]:
    return Actor.objects.visible().only("id", "name", "slug", "kind", "is_hidden")


def agenda_items(event: Event) -> QuerySet[AgendaItem]:
    return (
        event.agenda_items.select_related("practice", "method")
        .prefetch_related(Prefetch("presenters", queryset=_visible_actors().order_by("name")))
        .order_by("start", "id")
    )


def event_programme(event: Event, items: Iterable[AgendaItem]) -> list[ProgrammeDay]:
    """Agenda items grouped by their day in the event's time zone."""
    tz = event.tz
    days: list[ProgrammeDay] = []
    for item in items:
        start = item.start.astimezone(tz)
        if not days or days[-1].date != start.date():
            days.append(ProgrammeDay(start.date(), _date(start)))
        end = _time(item.end.astimezone(tz)) if item.end else ""
        practice = item.practice
        if practice is not None and not practice.is_published:
            # A draft practice is not shown publicly (the item's title stays).
            item.practice = None
        days[-1].entries.append(
            ProgrammeEntry(item, _time(start), end, list(item.presenters.all()))
        )
    return days


def event_relations(event: Event) -> EventRelations:
    """Everything the event page lists besides the event's own fields (constant queries)."""
    partners = list(
        event.event_partners.filter(actor__is_hidden=False)
        .select_related("actor")
        .order_by("role", "actor__name", "id")
    )
    items = list(agenda_items(event))
    practice_ids = {item.practice_id for item in items if item.practice_id}
    presented = list(
        Practice.objects.published()
        .filter(Q(events=event) | Q(pk__in=practice_ids))
        .select_related("kind", "type", "municipality")
        .distinct()
        .order_by("title", "id")
    )
    attendees: list[Registration] = []
    if event.public_attendee_list:
        attendees = list(
            event.registrations.filter(
                status=Registration.Status.CONFIRMED, show_publicly=True, anonymised_at__isnull=True
            )
            .only("id", "name", "organisation_name", "event_id")
            .order_by("name", "id")
        )
    return EventRelations(
        approaches=list(event.approaches.select_related("action_field")),
        hosts=[p for p in partners if p.role == EventPartner.Role.HOST],
        local_partners=[p for p in partners if p.role == EventPartner.Role.LOCAL_PARTNER],
        programme=event_programme(event, items),
        documents=list(event.documents.all()) if event.documented_at else [],
        presented_practices=presented,
        recommendations=list(
            event.recommendations.filter(publication__is_published=True)
            .select_related("publication")
            .order_by("publication__published_on", "publication_id", "number")
        ),
        attendees=attendees,
    )


# --- Series and the rotation over the spatial fields -------------------------------------


def series_for_detail(slug: str) -> Series | None:
    return Series.objects.select_related("format").filter(slug=slug).first()


def series_events(series: Series, user: User | None = None) -> list[EventEntry]:
    """The series' events the user may see, in date order."""
    qs = (
        visible_events(user)
        .filter(series=series)
        .select_related("format", "municipality", "spatial_field", "action_field")
        .defer("search_text", "documentation", "accessibility_info", "description")
        .order_by("start", "id")
    )
    return [EventEntry(event, event_when(event)) for event in qs]


def _rotation_fields() -> list[SpatialField]:
    return list(SpatialField.objects.order_by("position", "name", "id"))


def series_next_spatial_field(
    series: Series, *, public_only: bool = False, fields: list[SpatialField] | None = None
) -> SpatialField | None:
    """The spatial field the next event of a rotating series should cover.

    The field after the one of the series' latest (not cancelled) event with a field, in the
    order of the spatial fields (Zentren → Quartiere → Klein- und Mittelstädte → Zentren …);
    the first field if no event has one. None if the series does not rotate. Curators' plans
    (drafts) count unless `public_only`.
    """
    if not series.rotates_spatial_fields:
        return None
    fields = fields if fields is not None else _rotation_fields()
    if not fields:
        return None
    events = Event.objects.filter(series=series, spatial_field__isnull=False).exclude(
        state=Event.State.CANCELLED
    )
    if public_only:
        events = events.filter(state=Event.State.PUBLISHED)
    last = events.order_by("-start", "-id").values_list("spatial_field_id", flat=True).first()
    if last is None:
        return fields[0]
    ids = [f.pk for f in fields]
    if last not in ids:
        return fields[0]
    return fields[(ids.index(last) + 1) % len(fields)]


@dataclass
class RotationStep:
    entry: EventEntry
    field: SpatialField | None


@dataclass
class SeriesRotation:
    fields: list[SpatialField]
    steps: list[RotationStep]
    next_field: SpatialField | None
    counts: dict[int, int]

    @property
    def field_counts(self) -> list[tuple[SpatialField, int]]:
        return [(f, self.counts.get(f.pk, 0)) for f in self.fields]


def series_rotation(series: Series, entries: list[EventEntry]) -> SeriesRotation | None:
    """Which spatial field each (public) event covered and which comes next."""
    if not series.rotates_spatial_fields:
        return None
    fields = _rotation_fields()
    counts: dict[int, int] = {}
    steps = []
    for entry in entries:
        if entry.event.state == Event.State.CANCELLED:
            continue
        sf = entry.event.spatial_field
        steps.append(RotationStep(entry, sf))
        if sf is not None:
            counts[sf.pk] = counts.get(sf.pk, 0) + 1
    return SeriesRotation(
        fields=fields,
        steps=steps,
        next_field=series_next_spatial_field(series, public_only=True, fields=fields),
        counts=counts,
    )


def series_presenter_ids(series: Series) -> set[int]:
    """Actors who have presented in an event of the series (programme presenters)."""
    return set(
        AgendaItem.presenters.through.objects.filter(agendaitem__event__series=series).values_list(
            "actor_id", flat=True
        )
    )


def suggested_inputs(
    series: Series, spatial_field: SpatialField | None, limit: int = SUGGESTION_LIMIT
) -> list[Practice]:
    """Candidates for the practice inputs of the series' next event (series planning).

    Published practices in the field (any field if None) none of whose actors — the
    organisation that submitted it and the involved actors (`PracticeActor`) — has presented
    in an event of the series, and which no event of the series has shown yet, neither in its
    programme nor in its documentation. Highest transfer, then innovation potential, then
    newest first.
    """
    practices = Practice.objects.published().select_related(
        "kind", "type", "organisation", "municipality"
    )
    if spatial_field is not None:
        practices = practices.filter(spatial_field=spatial_field)
    presenters = series_presenter_ids(series)
    if presenters:
        involved = PracticeActor.objects.filter(actor_id__in=presenters).values("practice_id")
        practices = practices.exclude(organisation_id__in=presenters).exclude(pk__in=involved)
    in_series = Event.objects.filter(series=series).values("pk")
    programme = AgendaItem.objects.filter(event__in=in_series, practice__isnull=False).values(
        "practice_id"
    )
    documented = Event.presented_practices.through.objects.filter(event__in=in_series).values(
        "practice_id"
    )
    return list(
        practices.exclude(pk__in=programme)
        .exclude(pk__in=documented)
        .order_by(
            F("transfer_score").desc(nulls_last=True),
            F("innovation_score").desc(nulls_last=True),
            F("published_at").desc(nulls_last=True),
            "id",
        )[:limit]
    )


# --- Calendars and profiles --------------------------------------------------------------


def calendar_events(
    *, action_field: ActionField | None = None, now: dt.datetime | None = None
) -> QuerySet[Event]:
    """Published events ending after twelve months ago (all upcoming), for the iCal feeds."""
    now = now or timezone.now()
    qs = public_events().filter(end__gte=now - dt.timedelta(days=CALENDAR_PAST_DAYS))
    if action_field is not None:
        qs = qs.filter(action_field=action_field)
    return (
        qs.select_related("format", "municipality")
        .defer("search_text", "documentation", "accessibility_info", "description")
        .order_by("start", "id")
    )


@dataclass
class ActorEvent:
    entry: EventEntry
    roles: list[str]


def actor_events_version() -> str:
    """Changes whenever the "In Werkstätten" list of any profile may change."""
    return data_version(Event, AgendaItem, EventPartner)


def actor_events(actor: Actor, *, limit: int = 50) -> list[ActorEvent]:
    """Public events where the actor presented an agenda item, hosted or partnered (2 queries)."""
    presented = AgendaItem.presenters.through.objects.filter(actor_id=actor.pk).values(
        "agendaitem__event_id"
    )
    partnered = EventPartner.objects.filter(actor_id=actor.pk).values("event_id")
    events = list(
        public_events()
        .filter(Q(pk__in=presented) | Q(pk__in=partnered))
        .select_related("format", "municipality")
        .prefetch_related(
            Prefetch(
                "event_partners",
                queryset=EventPartner.objects.filter(actor_id=actor.pk),
                to_attr="actor_partnerships",
            )
        )
        .defer("search_text", "documentation", "accessibility_info", "description")
        .order_by("-start", "-id")[:limit]
    )
    presented_ids = set(
        AgendaItem.presenters.through.objects.filter(
            actor_id=actor.pk, agendaitem__event_id__in=[e.pk for e in events]
        ).values_list("agendaitem__event_id", flat=True)
    )
    result = []
    for event in events:
        roles = [str(p.get_role_display()) for p in getattr(event, "actor_partnerships", [])]
        if event.pk in presented_ids:
            roles.append(str(_("Vortrag im Programm")))
        result.append(ActorEvent(EventEntry(event, event_when(event)), roles))
    return result
