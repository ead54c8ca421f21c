"""Calendars: /werkstaetten/kalender.ics, per action field, and one event's termin.ics."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from quartiersnetz.events import ical
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.taxonomy.models import ActionField

from .factories_public import bulk_events

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
SECRET = "https://meet.example.org/nur-fuer-bestaetigte"


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def summaries(calendar: Calendar) -> list[str]:
    return [str(c["SUMMARY"]) for c in calendar.walk("VEVENT")]


@pytest.fixture
def events():
    now = timezone.now()
    innen = ActionField.objects.get(slug="innenstadtstrategien")
    upcoming = EventFactory(
        title="Kommende Werkstatt",
        slug="kommend",
        start=dt.datetime(2031, 7, 1, 10, tzinfo=BERLIN),
        end=dt.datetime(2031, 7, 1, 16, tzinfo=BERLIN),
        mode=Event.Mode.HYBRID,
        online_url=SECRET,
        action_field=innen,
    )
    cancelled = EventFactory(
        title="Abgesagte Werkstatt",
        slug="abgesagt",
        state=Event.State.CANCELLED,
        start=now + dt.timedelta(days=3),
        end=now + dt.timedelta(days=3, hours=2),
        action_field=ActionField.objects.get(slug="lebendige-quartiere"),
    )
    recent = EventFactory(
        title="Letzten Monat", slug="letzter-monat", start=now - dt.timedelta(days=30),
        end=now - dt.timedelta(days=30) + dt.timedelta(hours=3), action_field=innen,
    )  # fmt: skip
    old = EventFactory(
        title="Vor zwei Jahren", slug="alt", start=now - dt.timedelta(days=800),
        end=now - dt.timedelta(days=800) + dt.timedelta(hours=3),
    )  # fmt: skip
    draft = EventFactory(
        title="Entwurf", slug="entwurf", state=Event.State.DRAFT, online_url=SECRET
    )
    return upcoming, cancelled, recent, old, draft


def test_calendar_feed(client, events):
    response = client.get("/werkstaetten/kalender.ics")
    calendar = parse(response)
    assert set(summaries(calendar)) == {
        "Kommende Werkstatt",
        "Abgesagte Werkstatt",
        "Letzten Monat",
    }
    assert str(calendar["X-WR-CALNAME"]).startswith("Werkstätten")
    assert any(str(tz["TZID"]) == "Europe/Berlin" for tz in calendar.walk("VTIMEZONE"))
    by_title = {str(c["SUMMARY"]): c for c in calendar.walk("VEVENT")}
    upcoming = by_title["Kommende Werkstatt"]
    assert upcoming["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert upcoming.decoded("DTSTART") == dt.datetime(2031, 7, 1, 10, tzinfo=BERLIN)
    assert str(upcoming["URL"]) == "http://127.0.0.1:8000/werkstaetten/kommend/"
    assert str(upcoming["STATUS"]) == "CONFIRMED"
    assert str(by_title["Abgesagte Werkstatt"]["STATUS"]) == "CANCELLED"
    assert b"nur-fuer-bestaetigte" not in response.content
    assert b"Entwurf" not in response.content
    assert "public" in response["Cache-Control"]
    assert response["ETag"]
    assert response["Last-Modified"]


def test_calendar_revalidates_with_etag_and_changes_with_data(client, events):
    first = client.get("/werkstaetten/kalender.ics")
    etag = first["ETag"]
    assert client.get("/werkstaetten/kalender.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
    EventFactory(title="Neu dazu", slug="neu-dazu")
    second = client.get("/werkstaetten/kalender.ics", HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 200
    assert "Neu dazu" in summaries(parse(second))


def test_action_field_calendar(client, events):
    calendar = parse(client.get("/werkstaetten/kalender/innenstadtstrategien.ics"))
    assert set(summaries(calendar)) == {"Kommende Werkstatt", "Letzten Monat"}
    assert "Innenstadtstrategien" in str(calendar["X-WR-CALNAME"])
    assert client.get("/werkstaetten/kalender/gibt-es-nicht.ics").status_code == 404
    empty = parse(client.get("/werkstaetten/kalender/kleinstadtperspektiven.ics"))
    assert summaries(empty) == []


def test_event_ics(client, events):
    upcoming = events[0]
    response = client.get("/werkstaetten/kommend/termin.ics")
    calendar = parse(response)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Kommende Werkstatt"
    assert str(vevent["UID"]) == ical.event_uid(upcoming)
    assert "Kulturzentrum" in str(vevent["LOCATION"])
    assert b"nur-fuer-bestaetigte" not in response.content
    assert calendar.walk("VTIMEZONE")
    assert (
        client.get(
            "/werkstaetten/kommend/termin.ics", HTTP_IF_NONE_MATCH=response["ETag"]
        ).status_code
        == 304
    )
    assert client.get("/werkstaetten/entwurf/termin.ics").status_code == 404


def test_online_link_never_in_public_calendars_even_for_confirmed(client, events):
    from quartiersnetz.accounts.tests.factories import UserFactory
    from quartiersnetz.events.tests.factories import RegistrationFactory

    user = UserFactory()
    RegistrationFactory(event=events[0], user=user, email=user.email)
    client.force_login(user)
    for url in (
        "/werkstaetten/kalender.ics",
        "/werkstaetten/kalender/innenstadtstrategien.ics",
        "/werkstaetten/kommend/termin.ics",
    ):
        assert b"nur-fuer-bestaetigte" not in client.get(url).content


def test_vevent_carries_online_url_only_when_given(events):
    upcoming = events[0]
    assert SECRET not in ical.vevent(upcoming).to_ical().decode()
    assert "nur-fuer-bestaetigte" in ical.vevent(
        upcoming, online_url=SECRET
    ).to_ical().decode().replace("\r\n ", "")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", ["/werkstaetten/kalender.ics", "/werkstaetten/kalender/innenstadtstrategien.ics"]
)
def test_calendar_query_count_constant(client, django_assert_num_queries, url):
    bulk_events(10, prefix="klein")
    small = _queries(client, url)
    bulk_events(990, prefix="gross")
    with django_assert_num_queries(small):
        response = client.get(url)
    calendar = parse(response)
    assert len(summaries(calendar)) > 100
    assert b"meet.example.org" not in response.content


def test_cancelled_event_carries_its_reason(client, events, curator):
    from quartiersnetz.events import services

    upcoming = events[0]
    services.event_cancel(event=upcoming, user=curator, reason="Der Saal ist überflutet.")
    for url in ("/werkstaetten/kalender.ics", f"/werkstaetten/{upcoming.slug}/termin.ics"):
        component = next(
            c for c in parse(client.get(url)).walk("VEVENT") if str(c["SUMMARY"]) == upcoming.title
        )
        assert str(component["STATUS"]) == "CANCELLED"
        description = str(component["DESCRIPTION"])
        assert description.startswith(
            "Diese Veranstaltung ist abgesagt. Grund: Der Saal ist überflutet."
        )
    # A scheduled event says nothing about a cancellation.
    assert "abgesagt" not in str(ical.vevent(events[2])["DESCRIPTION"])
