"""The event page: its header, the viewer's access, places left, programme and relations.

The page caches its fragments under `selectors.event_detail_version()`; outside them it reads
only `event_head` (and the viewer's own parts). The online link of an event is read only
through `viewer_access`, which asks `Registration` directly and gives the link to a user with a
confirmed registration only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.practices.models import Practice
from quartiersnetz.publications.models import Publication, Recommendation

from .models import AgendaItem, Event, EventDocument, EventPartner, Registration
from .selectors import date_text, time_text, visible_events

# Cached fragments and counts are keyed by the page's data version, so this lifetime bounds
# memory (and the lag of taxonomy edits), not staleness.
DETAIL_CACHE_SECONDS = 600


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
            days.append(ProgrammeDay(start.date(), date_text(start)))
        end = time_text(item.end.astimezone(tz)) if item.end else ""
        practice = item.practice
        if practice is not None and not practice.is_published:
            # A draft practice is not shown publicly (the item's title stays).
            item.practice = None
        days[-1].entries.append(
            ProgrammeEntry(item, time_text(start), end, list(item.presenters.all()))
        )
    return days


def event_relations(event: Event) -> EventRelations:
    """Everything the event page lists besides the event's own fields (constant queries)."""
    partners = list(
        event.event_partners.filter(Actor.PUBLIC.q("actor"))
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
            event.recommendations.filter(Publication.PUBLIC.q("publication"))
            .select_related("publication")
            .order_by("publication__published_on", "publication_id", "number")
        ),
        attendees=attendees,
    )
