"""The public list of Werkstätten (/werkstaetten/): filters, facets, order and pages.

The count and the facets come from one UNION ALL query; they, and the rendered fragments, are
cached under the data version, the filter state, the language and the period bucket (the
moment the next listed event ends), so that a warm request runs one version query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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
from quartiersnetz.core.textquery import keyed_with_meaning, ranked_by_text, text_search_q
from quartiersnetz.places.models import State
from quartiersnetz.taxonomy.models import ActionField, SpatialField

from .models import Event, EventFormat, Registration, Series
from .selectors import EventEntry, event_data_version, event_when, public_events

PAGE_SIZE = 20
# Cached counts, facets and fragments are keyed by data versions and the period bucket, so
# this lifetime bounds memory (and the lag of taxonomy edits), not staleness.
LIST_CACHE_SECONDS = 300

UPCOMING = "kommend"
PAST = "vergangen"


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
        qs = qs.filter(text_search_q("search_text", filters.q, kind="event"))
    for name, lookup in _LOOKUPS.items():
        value = getattr(filters, name)
        if value and name != skip:
            qs = qs.filter(**{lookup: value})
    if filters.zeitraum and skip != "zeitraum":
        qs = qs.filter(_period_condition(filters.zeitraum, now))
    return qs


def _ordered(qs: QuerySet[Event], filters: EventFilters, now: dt.datetime) -> QuerySet[Event]:
    """Upcoming (and running) events soonest first, then past events latest first; with a text
    query, the events with the most of its words before the others."""
    if filters.zeitraum == PAST:
        return ranked_by_text(qs, "search_text", filters.q, ("-start", "-id"), kind="event")
    if filters.zeitraum:
        return ranked_by_text(qs, "search_text", filters.q, ("start", "id"), kind="event")
    past = Case(When(end__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    order = (
        "is_past",
        Case(When(is_past=0, then=F("start"))).asc(),
        Case(When(is_past=1, then=F("start"))).desc(),
        "id",
    )
    return ranked_by_text(qs.annotate(is_past=past), "search_text", filters.q, order, kind="event")


LIST_RELATED = ("format", "series", "municipality", "spatial_field", "action_field")


def event_list_queryset(
    filters: EventFilters, *, now: dt.datetime | None = None
) -> QuerySet[Event]:
    """Public events matching `filters`, in list order, with what a list row needs."""
    now = now or timezone.now()
    qs = _apply_filters(public_events(), filters, now=now).select_related(*LIST_RELATED)
    return _ordered(qs.defer("search_text", "documentation", "accessibility_info"), filters, now)


def matching_events(filters: EventFilters, *, now: dt.datetime | None = None) -> QuerySet[Event]:
    """Public events matching `filters`, unordered and without related rows: the open-data
    API orders and pages them itself (by id) and loads what its records show."""
    return _apply_filters(public_events(), filters, now=now or timezone.now())


def with_confirmed_count(events: QuerySet[Event]) -> QuerySet[Event]:
    """`events` annotated with `confirmed_count`, the number of confirmed registrations: what
    the places left and "fully booked" are computed from (a count, nothing of the people)."""
    confirmed = (
        Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return events.annotate(
        confirmed_count=Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0))
    )


def public_series() -> QuerySet[Series]:
    """The series the public sees: every one (the series page lists only its public events,
    `selectors.public_events`), unordered."""
    return Series.objects.all()


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
class EventListPage:
    """One page of the list. Its rows, facets and map points are read only when a template
    fragment that shows them has to be rendered (`cache_key` names the fragments' state)."""

    page: Page
    counts: Callable[[], ListCounts]
    cache_key: str
    version: str = ""  # the events' data version

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
    data = event_data_version()
    version = keyed_with_meaning(data, filters.q)
    state = json.dumps(filters.as_dict(), sort_keys=True)
    state_key = hashlib.sha256(state.encode()).hexdigest()[:32]
    cache_key = f"{version}:{period_bucket(data, now)}:{state_key}"
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
    return EventListPage(page=page, counts=counts, cache_key=cache_key, version=version)
