"""The curators' admin for Werkstätten writes through the services (audited)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events.models import AgendaItem, Event, EventFormat, Registration, Series
from quartiersnetz.events.tests.factories import EventFactory, RegistrationFactory, SeriesFactory

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
ADMIN = "/verwaltung/events/"


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def event_data(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Praxiswerkstatt im Admin",
        "format": str(EventFormat.objects.get(slug="praxiswerkstatt").pk),
        "start_0": "01.07.2026", "start_1": "10:00:00",
        "end_0": "01.07.2026", "end_1": "16:00:00",
        "time_zone": "Europe/Berlin", "mode": "online",
        "online_url": "https://meet.example.org/admin",
        "admission": "open",
        **management("event_partners", 0),
        **management("agenda_items", 0),
        **management("documents", 0),
    }  # fmt: skip
    data.update(overrides)
    return data


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_pages_load(client, staff_curator):
    event = EventFactory()
    RegistrationFactory(event=event)
    series = SeriesFactory()
    for url in (
        ADMIN,
        f"{ADMIN}event/",
        f"{ADMIN}event/add/",
        f"{ADMIN}event/{event.pk}/change/",
        f"{ADMIN}event/?state__exact=published",
        f"{ADMIN}event/?q=Leerstand",
        f"{ADMIN}series/",
        f"{ADMIN}series/{series.pk}/change/",
        f"{ADMIN}eventformat/",
        f"{ADMIN}eventformat/add/",
        f"{ADMIN}registration/",
        f"{ADMIN}registration/?status__exact=confirmed",
        f"{ADMIN}registration/{event.registrations.get().pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


def test_add_event_with_partner_and_programme_is_audited(client, staff_curator):
    host = OrganisationFactory()
    data = event_data(
        **management("event_partners", 1),
        **management("agenda_items", 1),
        **{
            "event_partners-0-actor": str(host.pk),
            "event_partners-0-role": "host",
            "agenda_items-0-start_0": "01.07.2026",
            "agenda_items-0-start_1": "10:00:00",
            "agenda_items-0-title": "Begrüßung",
            "agenda_items-0-kind": "impulse",
            "agenda_items-0-presenters": [str(host.pk)],
        },
    )
    response = client.post(f"{ADMIN}event/add/", data)
    assert response.status_code == 302, response.content.decode()[:5000]
    event = Event.objects.get(title="Praxiswerkstatt im Admin")
    assert event.state == Event.State.DRAFT
    assert event.slug == "praxiswerkstatt-im-admin"
    assert event.start == dt.datetime(2026, 7, 1, 10, tzinfo=BERLIN)
    assert list(event.event_partners.values_list("actor", "role")) == [(host.pk, "host")]
    item = AgendaItem.objects.get(event=event)
    assert list(item.presenters.all()) == [host]
    assert actions() == ["event.create", "event.update", "event.agenda_item_create"]


def test_admin_shows_service_rules_as_errors(client, staff_curator):
    response = client.post(f"{ADMIN}event/add/", event_data(online_url="", end_0="30.06.2026"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte geben Sie den Online-Zugang an" not in page  # drafts may stay incomplete
    assert "Das Ende darf nicht vor dem Beginn liegen." in page
    assert not Event.objects.filter(title="Praxiswerkstatt im Admin").exists()
    assert actions() == []


def test_change_and_publish_action(client, staff_curator):
    event = EventFactory(state=Event.State.DRAFT)
    data = event_data(
        title="Neuer Titel", mode="on_site", online_url="", venue_name="Halle",
        address="Markt 1", municipality=str(event.municipality_id),
    )  # fmt: skip
    response = client.post(f"{ADMIN}event/{event.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:5000]
    event.refresh_from_db()
    assert event.title == "Neuer Titel"
    assert event.slug.startswith("werkstatt-")  # stable
    response = client.post(f"{ADMIN}event/", {"action": "publish", "_selected_action": [event.pk]})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.state == Event.State.PUBLISHED
    assert actions() == ["event.update", "event.publish"]


def test_series_and_format_by_curator(client, staff_curator):
    response = client.post(
        f"{ADMIN}series/add/", {"title": "Kleinstadt-Werkstätten", "description": ""}
    )
    assert response.status_code == 302
    series = Series.objects.get(title="Kleinstadt-Werkstätten")
    assert series.slug == "kleinstadt-werkstaetten"
    assert actions() == ["series.create"]
    response = client.post(
        f"{ADMIN}eventformat/add/",
        {"slug": "zukunftslabor", "name": "Zukunftslabor", "name_en": "", "description": "",
         "position": "9"},
    )  # fmt: skip
    assert response.status_code == 302
    assert EventFormat.objects.filter(slug="zukunftslabor").exists()


def test_registrations_are_read_only(client, staff_curator):
    registration = RegistrationFactory()
    url = f"{ADMIN}registration/{registration.pk}/change/"
    response = client.post(url, {"name": "Geändert", "status": "cancelled"})
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.name != "Geändert"
    assert client.get(f"{ADMIN}registration/add/").status_code == 403
    assert Registration.objects.count() == 1


def test_plain_staff_member_has_no_access(client):
    from quartiersnetz.accounts.tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(f"{ADMIN}event/").status_code == 403
    assert client.get(f"{ADMIN}eventformat/add/").status_code == 403
    assert client.get(f"{ADMIN}registration/").status_code == 403
