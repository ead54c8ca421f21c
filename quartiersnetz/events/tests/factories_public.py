"""Factories and helpers for the public pages' tests (on top of factories.py)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import factory
from django.utils import timezone

from quartiersnetz.events.models import AgendaItem, Event, EventFormat
from quartiersnetz.events.services import event_search_text
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import ActionField, SpatialField


class SearchableEventFactory(EventFactory):
    """An EventFactory event whose `search_text` is filled as the services fill it."""

    @factory.post_generation
    def index(obj: Event, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        obj.search_text = event_search_text(obj)
        if create:
            Event.objects.filter(pk=obj.pk).update(search_text=obj.search_text)


def bulk_events(count: int, *, prefix: str = "masse", agenda: bool = False) -> list[Event]:
    """`count` published events (bulk-created), half past and half upcoming, over all formats."""
    formats = list(EventFormat.objects.all())
    fields = list(SpatialField.objects.all())
    action_fields = list(ActionField.objects.all())
    places = list(Municipality.objects.filter(ags__in=["05916000", "08222000", "06413000"]))
    now = timezone.now().replace(microsecond=0)
    modes = list(Event.Mode.values)
    events = []
    for i in range(count):
        start = now + dt.timedelta(days=(i % 400) - 200, hours=i % 7)
        event = Event(
            title=f"Massenwerkstatt {prefix} {i}",
            slug=f"{prefix}-{i}",
            format=formats[i % len(formats)],
            state=Event.State.CANCELLED if i % 17 == 0 else Event.State.PUBLISHED,
            summary="Eine Werkstatt der Massenprüfung.",
            start=start,
            end=start + dt.timedelta(hours=6 if i % 5 else 30),
            mode=modes[i % len(modes)],
            municipality=places[i % len(places)],
            spatial_field=fields[i % len(fields)],
            action_field=action_fields[i % len(action_fields)],
            admission=Event.Admission.OPEN,
            capacity=20,
            online_url="https://meet.example.org/geheim-" + secrets.token_hex(4),
        )
        event.search_text = event_search_text(event)
        events.append(event)
    created = Event.objects.bulk_create(events, batch_size=500)
    if agenda:
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    event=e, start=e.start, end=e.start + dt.timedelta(hours=1), title="Input"
                )
                for e in created
            ],
            batch_size=500,
        )
    return created
