"""The basics of every read: an event's dates in its time zone; the events of an actor's profile."""

from __future__ import annotations

import datetime as dt

import pytest

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.events import selectors
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    EventPartnerFactory,
)

pytestmark = pytest.mark.django_db


def test_actor_events(db):
    actor = OrganisationFactory(name="Stadtlabor")
    hosted = EventFactory(title="Gastgeberin")
    EventPartnerFactory(event=hosted, actor=actor)
    presented = EventFactory(title="Vortrag")
    AgendaItemFactory(event=presented).presenters.add(actor)
    both = EventFactory(title="Beides")
    EventPartnerFactory(event=both, actor=actor, role="local_partner")
    AgendaItemFactory(event=both).presenters.add(actor)
    draft = EventFactory(title="Entwurf", state=Event.State.DRAFT)
    EventPartnerFactory(event=draft, actor=actor)
    EventFactory(title="Fremd")
    result = {e.entry.event.title: e.roles for e in selectors.actor_events(actor)}
    assert set(result) == {"Gastgeberin", "Vortrag", "Beides"}
    assert result["Gastgeberin"] == ["Gastgeber*in"]
    assert result["Vortrag"] == ["Vortrag im Programm"]
    assert result["Beides"] == ["lokaler Partner", "Vortrag im Programm"]


def test_event_when_single_and_multi_day(db):
    event = EventFactory()
    when = selectors.event_when(event)
    assert not when.multi_day
    assert "–" in when.text
    event.end = event.start + dt.timedelta(days=1)
    assert selectors.event_when(event).multi_day
