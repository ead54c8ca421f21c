"""Links from a practice to the events it was presented in ("vorgestellt in …"), and from a
publication's recommendations to the events they came from.

The practice detail page shows `practice_events(practice)`, a publication's page
`recommendation_events(publication)` as a section (see `events.sections`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from quartiersnetz.practices.models import Practice
from quartiersnetz.publications.models import Publication, Recommendation

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


def recommendation_events(publication: Publication) -> list[tuple[Recommendation, list[Event]]]:
    """For each recommendation of the publication, the public events it came from (their
    documentation names it), in the recommendations' order; those without events are left out."""
    links = (
        Event.recommendations.through.objects.filter(
            recommendation__publication=publication, event__in=Event.objects.published()
        )
        .select_related("recommendation", "event__format", "event__municipality")
        .order_by("recommendation__number", "-event__start", "event_id")
    )
    grouped: dict[int, tuple[Recommendation, list[Event]]] = {}
    for link in links:
        grouped.setdefault(link.recommendation_id, (link.recommendation, []))[1].append(link.event)
    return list(grouped.values())
