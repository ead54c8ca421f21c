"""Every event form that combines a date, a time and the event's time zone refuses times the
clock change skips or repeats, with a German message at the field and the input kept."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from quartiersnetz.events.models import AgendaItem, Event
from quartiersnetz.events.tests.factories import EventFactory, SeriesFactory
from quartiersnetz.events.tests.test_curation_views import event_post

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
GAP = "Diese Uhrzeit gibt es am 28.03.2027 in Europe/Berlin wegen der Zeitumstellung nicht"
FOLD = "02:30 Uhr kommt am 31.10.2027 in Europe/Berlin wegen der Zeitumstellung zweimal vor"


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def created() -> bool:
    return Event.objects.filter(created_by__isnull=False).exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"start_date": "2027-03-28", "start_time": "02:30", "end_date": "2027-03-28"}, GAP),
        ({"start_date": "2027-10-31", "start_time": "02:30", "end_date": "2027-10-31"}, FOLD),
        ({"start_date": "2027-03-27", "end_date": "2027-03-28", "end_time": "02:30"}, GAP),
    ],
)
def test_event_form_refuses_skipped_and_repeated_times(curator_client, overrides, expected):
    response = curator_client.post(reverse("events:create"), event_post(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert expected in page
    assert 'value="02:30"' in page  # the input stays
    assert not created()


def test_event_form_refuses_skipped_registration_deadline(curator_client):
    data = event_post(registration_closes="2027-03-28T02:15", start_date="2027-04-01",
                      end_date="2027-04-01")  # fmt: skip
    response = curator_client.post(reverse("events:create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert GAP in page
    assert 'value="2027-03-28T02:15"' in page
    assert not created()


def test_event_form_accepts_the_hours_around_the_clock_change(curator_client):
    data = event_post(start_date="2027-03-28", start_time="03:00", end_date="2027-03-28",
                      end_time="04:00")  # fmt: skip
    response = curator_client.post(reverse("events:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(created_by__isnull=False)
    assert event.start == dt.datetime(2027, 3, 28, 1, 0, tzinfo=dt.UTC)
    assert event.end == dt.datetime(2027, 3, 28, 2, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("day", "expected"), [("2027-03-28", GAP), ("2027-10-31", FOLD)])
def test_programme_refuses_skipped_and_repeated_times(curator_client, day, expected):
    start = dt.datetime.fromisoformat(day).replace(hour=0, tzinfo=BERLIN)
    event = EventFactory(start=start, end=start + dt.timedelta(hours=20))
    response = curator_client.post(
        reverse("events:agenda", args=[event.slug]),
        {"action": "add", "day": day, "start_time": "02:30", "end_time": "05:00",
         "title": "Nachtprogramm", "kind": "impulse"},
    )  # fmt: skip
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not AgendaItem.objects.exists()
    response = curator_client.post(
        reverse("events:agenda", args=[event.slug]),
        {"action": "add", "day": day, "start_time": "04:00", "end_time": "05:00",
         "title": "Frühprogramm", "kind": "impulse"},
    )  # fmt: skip
    assert response.status_code == 302
    assert AgendaItem.objects.get().start.astimezone(BERLIN).hour == 4


def test_series_plan_refuses_a_skipped_time(curator_client):
    series = SeriesFactory()
    response = curator_client.post(
        reverse("events:series_plan", args=[series.slug]),
        {"title": "Nachts", "date": "2027-03-28", "start_time": "02:30", "end_time": "04:00",
         "time_zone": "Europe/Berlin", "mode": "online"},
    )  # fmt: skip
    assert response.status_code == 400
    assert GAP in response.content.decode()
    assert not Event.objects.filter(series=series).exists()
