"""The programme services: items within the event's days, presenters, update, delete, move."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events import agenda_services, curation_selectors
from quartiersnetz.events.models import AgendaItem
from quartiersnetz.events.tests.factories import AgendaItemFactory, EventFactory, berlin
from quartiersnetz.practices.tests.factories import (
    DraftPracticeFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db


def test_agenda_item_within_event_days(curator):
    event = EventFactory(
        start=berlin(2026, 7, 1, 10, 0), end=berlin(2026, 7, 2, 16, 0), state="draft"
    )
    practice = PracticeFactory()
    speaker = OrganisationFactory()
    item = agenda_services.agenda_item_create(
        event=event,
        user=curator,
        data={
            "start": berlin(2026, 7, 2, 9, 0), "end": berlin(2026, 7, 2, 9, 30),
            "title": "Input", "kind": AgendaItem.Kind.PRACTICE_INPUT, "practice": practice,
        },
        presenters=[speaker.pk],
    )  # fmt: skip
    assert list(item.presenters.all()) == [speaker]
    assert item.start == dt.datetime(2026, 7, 2, 7, 0, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as exc:
        agenda_services.agenda_item_create(
            event=event, user=curator,
            data={"start": berlin(2026, 7, 3, 9, 0), "title": "Zu spät", "kind": "impulse"},
        )  # fmt: skip
    assert "start" in exc.value.message_dict
    assert event.agenda_items.count() == 1


def test_agenda_item_refuses_unpublished_practice(curator):
    event = EventFactory()
    draft = DraftPracticeFactory()
    with pytest.raises(ValidationError) as exc:
        agenda_services.agenda_item_create(
            event=event, user=curator,
            data={"start": event.start, "title": "Input", "kind": "practice_input",
                  "practice": draft},
        )  # fmt: skip
    assert "practice" in exc.value.message_dict


def test_agenda_update_delete_and_move(curator):
    event = EventFactory()
    first = AgendaItemFactory(event=event, title="Begrüßung")
    second = AgendaItemFactory(
        event=event,
        title="Input",
        start=event.start + dt.timedelta(minutes=30),
        end=event.start + dt.timedelta(minutes=75),
    )
    agenda_services.agenda_item_move(item=second, user=curator, up=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.start == event.start
    assert second.end == event.start + dt.timedelta(minutes=45)
    assert first.start == event.start + dt.timedelta(minutes=45)
    assert first.end == event.start + dt.timedelta(minutes=75)
    assert [i.title for i in curation_selectors.agenda(event)] == ["Input", "Begrüßung"]
    agenda_services.agenda_item_update(item=first, user=curator, data={"title": "Willkommen"})
    assert AgendaItem.objects.get(pk=first.pk).title == "Willkommen"
    agenda_services.agenda_item_delete(item=first, user=curator)
    assert list(event.agenda_items.values_list("title", flat=True)) == ["Input"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"event.agenda_item_move", "event.agenda_item_update", "event.agenda_item_delete"} <= (
        actions
    )
