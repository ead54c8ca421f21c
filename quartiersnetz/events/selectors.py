"""What every read of Werkstätten builds on, and the events other pages list.

`visible_events(user)` is the gate of every page: the public sees published and cancelled events,
curators also drafts. The data versions key the cached lists and pages; `event_when` gives an
event's dates in its own time zone (`EventEntry` is a row of any list). Besides: the events of
the iCal feeds and of an actor's profile.

The pages have their own modules: the list with its facets (`list_selectors`), the event page
(`detail_selectors`), series and their rotation over the spatial fields (`series_selectors`),
the curators' pages (`curation_selectors`). Every function returns what its page shows with a
number of queries that does not depend on the number of events, agenda items or registrations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.sections import section_models
from quartiersnetz.core.versions import data_version
from quartiersnetz.practices.models import Practice
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.taxonomy.models import ActionField

from .models import AgendaItem, Event, EventDocument, EventPartner, Registration, Series

# The public calendar: every upcoming event and those of the last twelve months.
CALENDAR_PAST_DAYS = 365


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


# The place on an event's page where higher apps add sections (core.sections), e.g. the
# projects an event accompanies.
DETAIL_SECTIONS = "events.detail"
# The page of the list, for per-request actions of higher apps (core.sections).
LIST_PAGE = "events.list"
# The series page: it has per-request actions of other apps only (core.sections).
SERIES_PAGE = "events.series"


def event_detail_version() -> str:
    """Changes whenever anything the event page shows (outside the viewer's own parts) may have.

    The event itself, its series, programme, partners and documents; registrations (the public
    attendee list, places left); actors (hidden hosts, partners and presenters drop out);
    practices (only published ones are linked) and recommendations with their publications
    (only published ones are listed). Taxonomy labels may lag by
    `detail_selectors.DETAIL_CACHE_SECONDS`.
    """
    return data_version(
        *section_models(
            DETAIL_SECTIONS,
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
    )


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


def date_text(value: dt.datetime) -> str:
    """Weekday and date in the active language ("Do., 23. September 2021")."""
    return f"{formats.date_format(value, 'D')}, {formats.date_format(value, 'DATE_FORMAT')}"


def time_text(value: dt.datetime) -> str:
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
                "start_date": date_text(start),
                "start_time": time_text(start),
                "end_date": date_text(end),
                "end_time": time_text(end),
            }
        )
    else:
        text = str(
            _("%(date)s, %(start)s–%(end)s Uhr")
            % {"date": date_text(start), "start": time_text(start), "end": time_text(end)}
        )
    return EventWhen(start, end, event.time_zone, multi_day, text)


@dataclass
class EventEntry:
    """One row of a list: the event and its dates in its own time zone."""

    event: Event
    when: EventWhen

    @property
    def documentation_url(self) -> str:
        return f"{self.event.get_absolute_url()}#dokumentation" if self.event.documented_at else ""


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


def public_event_participations() -> list[tuple[int, str, str, int]]:
    """(event id, title, slug, actor id) for each public actor hosting, partnering or
    presenting in a public event — what the network derives shared-event connections from."""
    partners = EventPartner.objects.filter(
        Event.PUBLIC.q("event"), Actor.PUBLIC.q("actor")
    ).values_list("event_id", "event__title", "event__slug", "actor_id")
    presenters = AgendaItem.presenters.through.objects.filter(
        Event.PUBLIC.q("agendaitem__event"), Actor.PUBLIC.q("actor")
    ).values_list(
        "agendaitem__event_id", "agendaitem__event__title", "agendaitem__event__slug", "actor_id"
    )
    return sorted(set(partners) | set(presenters))


def public_attendances() -> list[tuple[int, str, str, int]]:
    """(event id, title, slug, user id) for confirmed registrations whose person agreed to
    the public attendee list of a public event that shows one — and only those."""
    return list(
        Registration.objects.filter(
            Event.PUBLIC.q("event"),
            event__public_attendee_list=True,
            status=Registration.Status.CONFIRMED,
            show_publicly=True,
            anonymised_at__isnull=True,
            user__isnull=False,
        )
        .order_by("event_id", "user_id")
        .values_list("event_id", "event__title", "event__slug", "user_id")
        .distinct()
    )


def news_events(ids: list[int]) -> QuerySet[Event]:
    """The public events among `ids` with their terms, public partners, series and municipality
    in a constant number of queries: what the notifications app tells about (decision 0011)."""
    return (
        public_events()
        .filter(pk__in=ids)
        .select_related("municipality")
        .prefetch_related(
            "approaches", Prefetch("partners", queryset=Actor.objects.filter(Actor.PUBLIC.q()))
        )
        .order_by("pk")
    )


def news_registrations(ids: list[int]) -> QuerySet[Registration]:
    """The confirmed registrations among `ids` of a public event that belong to an active user
    account: whom the notifications app tells about a place from the waiting list."""
    return (
        Registration.objects.filter(
            pk__in=ids,
            status=Registration.Status.CONFIRMED,
            user__isnull=False,
            user__is_active=True,
            event__in=public_events(),
        )
        .select_related("event")
        .order_by("pk")
    )
