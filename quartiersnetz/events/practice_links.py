"""Links from a practice to the events it was presented in ("vorgestellt in …").

The practice detail page shows `practice_events(practice)` as a section (see `events.sections`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from quartiersnetz.practices.models import Practice

from .models import AgendaItem, Event


def events_presenting(practice: Practice) -> QuerySet[Event]:
    """Public (published or cancelled) events where the practice was presented: listed in the
    documentation's presented practices or linked from a programme item. Newest first."""
    in_programme = AgendaItem.objects.filter(practice=practice).values("event_id")
    presented = Event.presented_practices.through.objects.filter(practice=practice).values(
        "event_id"
    )
    return (
        Event.objects.published()
        .filter(Q(pk__in=presented) | Q(pk__in=in_programme))
        .select_related("format", "municipality")
        .distinct()
        .order_by("-start", "-id")
    )


def practice_events(practice: Practice) -> list[Event]:
    """The events presenting the practice, for the "Vorgestellt in" section of its page."""
    return list(events_presenting(practice))
