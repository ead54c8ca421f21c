"""`scale_data --events N --event-registrations M` (quartiersnetz/demo/scale/events.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from quartiersnetz.events.models import AgendaItem, Event, Registration
from quartiersnetz.events.services import event_search_text

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("scale_data", *args, stdout=out)
    return out.getvalue()


def test_scale_events_idempotent_with_registrations(client):
    output = _run("--organisations", "5", "--events", "30", "--event-registrations", "40")
    assert "30 Werkstätten mit Programm und 40 Anmeldungen" in output
    events = Event.objects.filter(slug__startswith="werkstatt-s1-")
    assert events.count() == 30
    assert AgendaItem.objects.filter(event__in=events).count() == 90
    assert AgendaItem.presenters.through.objects.filter(agendaitem__event__in=events).exists()
    first = Event.objects.get(slug="werkstatt-s1-1")
    assert first.registrations.filter(status=Registration.Status.CONFIRMED).count() == 40
    sample = events.select_related("municipality").first()
    assert sample.search_text == event_search_text(sample)
    again = _run("--organisations", "5", "--events", "30", "--event-registrations", "40")
    assert "0 Werkstätten mit Programm und 0 Anmeldungen" in again
    assert Event.objects.filter(slug__startswith="werkstatt-s1-").count() == 30
    assert client.get("/werkstaetten/").status_code == 200
    assert client.get(first.get_absolute_url()).status_code == 200
