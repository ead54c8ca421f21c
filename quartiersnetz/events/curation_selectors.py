"""Reads for the curators' pages (planning list, editing, programme, documentation).

The series planning page reads the field of the next event and the suggested practice inputs
from `series_selectors` (`series_next_spatial_field`, `suggested_inputs`), so that the series
page and the planning page agree.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from quartiersnetz.actors.models import Actor
from quartiersnetz.publications.models import Recommendation

from .models import AgendaItem, Event, EventDocument, EventPartner, Registration, Series


def event_for_edit(slug: str) -> Event | None:
    return (
        Event.objects.select_related(
            "format",
            "series",
            "municipality",
            "spatial_field",
            "action_field",
            "proposed_by",
            "created_by",
        )
        .filter(slug=slug)
        .first()
    )


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    active = Q(registrations__status__in=Registration.ACTIVE)
    return events.select_related("format", "series", "municipality").annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
        pending_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.PENDING)
        ),
        active_count=Count("registrations", filter=active),
    )


def planning_drafts() -> QuerySet[Event]:
    """Drafts, the next first; members' proposals carry the profile they were proposed for."""
    return (
        _with_counts(Event.objects.filter(state=Event.State.DRAFT))
        .select_related("proposed_by")
        .order_by("start", "id")
    )


def draft_counts() -> dict[str, int]:
    """How many drafts wait, and how many of them are members' proposals (one query)."""
    return Event.objects.filter(state=Event.State.DRAFT).aggregate(
        drafts=Count("id"), proposals=Count("id", filter=Q(proposed_by__isnull=False))
    )


def planning_upcoming() -> QuerySet[Event]:
    return _with_counts(Event.objects.filter(Event.PUBLIC.q(), end__gte=timezone.now())).order_by(
        "start", "id"
    )


def planning_undocumented() -> QuerySet[Event]:
    """Published events that have taken place and still lack a documentation."""
    return _with_counts(
        Event.objects.filter(
            state=Event.State.PUBLISHED, end__lt=timezone.now(), documented_at__isnull=True
        )
    ).order_by("-start", "-id")


def all_series() -> QuerySet[Series]:
    return Series.objects.select_related("format").annotate(event_count=Count("events"))


def agenda(event: Event) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(event=event)
        .select_related("practice", "method")
        .prefetch_related(Prefetch("presenters", queryset=Actor.objects.order_by("name")))
        .order_by("start", "id")
    )


def partners(event: Event) -> list[EventPartner]:
    return list(
        EventPartner.objects.filter(event=event)
        .select_related("actor")
        .order_by("role", "actor__name")
    )


def documents(event: Event) -> list[EventDocument]:
    return list(EventDocument.objects.filter(event=event).order_by("title", "id"))


def document_for_download(slug: str, pk: int) -> EventDocument | None:
    return EventDocument.objects.select_related("event").filter(pk=pk, event__slug=slug).first()


def recommendations() -> QuerySet[Recommendation]:
    return Recommendation.objects.select_related("publication").order_by(
        "publication__title", "number", "id"
    )


def cancellation_reason(event: Event) -> str:
    """The reason given when the event was cancelled (`Event.cancellation_reason`)."""
    return event.cancellation_reason if event.state == Event.State.CANCELLED else ""
