"""The curators' event pages: forms, German errors that keep the input, time zones, programme,
series planning, documentation and the PDF download."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core.testing import count_queries
from quartiersnetz.events.models import AgendaItem, Event, EventDocument, EventFormat
from quartiersnetz.events.tests.factories import AgendaItemFactory, EventFactory, SeriesFactory
from quartiersnetz.practices.tests.factories import DraftPracticeFactory, PracticeFactory
from quartiersnetz.publications.tests.factories import RecommendationFactory
from quartiersnetz.publications.tests.pdfs import simple_pdf
from quartiersnetz.taxonomy.models import Method, SpatialField

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def partner_management(prefix: str = "partner", total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }


def event_post(**overrides: Any) -> dict[str, Any]:
    data = {
        "format": EventFormat.objects.get(slug="praxiswerkstatt").pk,
        "title": "Praxiswerkstatt Sommer",
        "summary": "Kurz",
        "description": "Lang",
        "start_date": "2026-07-01",
        "start_time": "10:00",
        "end_date": "2026-07-01",
        "end_time": "16:00",
        "time_zone": "Europe/Berlin",
        "mode": "on_site",
        "venue_name": "Kulturzentrum",
        "address": "Bahnhofstraße 1",
        "municipality": "Herne",
        "admission": "open",
        "capacity": "20",
        "ask_accessibility": "on",
        **partner_management(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def test_create_event_in_berlin_summer_time(curator_client):
    host = OrganisationFactory(name="Stadtteilverein Herne-Mitte")
    data = event_post(**partner_management(total=1))
    data.update({"partner-0-actor": "Stadtteilverein Herne-Mitte", "partner-0-role": "host"})
    response = curator_client.post(reverse("events:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(created_by__isnull=False)
    assert response["Location"] == reverse("events:edit", args=[event.slug])
    assert event.state == Event.State.DRAFT
    assert event.start == dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC)
    assert event.end == dt.datetime(2026, 7, 1, 14, 0, tzinfo=dt.UTC)
    assert event.municipality is not None
    assert event.municipality.name == "Herne"
    assert list(event.event_partners.values_list("actor", "role")) == [(host.pk, "host")]
    # The edit form shows the local time again.
    page = curator_client.get(reverse("events:edit", args=[event.slug])).content.decode()
    assert 'value="10:00"' in page
    assert 'value="2026-07-01"' in page


def test_other_time_zone_and_multi_day(curator_client):
    data = event_post(
        time_zone="Europe/London", end_date="2026-07-03", end_time="12:00", title="Drei Tage"
    )
    response = curator_client.post(reverse("events:create"), data)
    assert response.status_code == 302
    event = Event.objects.get(created_by__isnull=False)
    assert event.time_zone == "Europe/London"
    assert event.start == dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
    assert event.end == dt.datetime(2026, 7, 3, 11, 0, tzinfo=dt.UTC)


def test_errors_are_german_and_keep_the_input(curator_client):
    data = event_post(
        end_time="09:00", mode="hybrid", venue_name="", online_url="", municipality="Hernee"
    )
    response = curator_client.post(reverse("events:create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben." in page
    assert "Das Ende darf nicht vor dem Beginn liegen." in page
    assert "Bitte nennen Sie den Veranstaltungsort" in page
    assert "Bitte geben Sie den Online-Zugang an" in page
    assert "Keine Gemeinde „Hernee“ gefunden" in page
    assert 'value="Praxiswerkstatt Sommer"' in page
    assert 'value="Bahnhofstraße 1"' in page
    assert not Event.objects.filter(created_by__isnull=False).exists()


def test_unknown_partner_name_suggests(curator_client):
    OrganisationFactory(name="Quartiersbüro Wanne")
    data = event_post(**partner_management(total=1))
    data.update({"partner-0-actor": "Quartiersbüro", "partner-0-role": "host"})
    response = curator_client.post(reverse("events:create"), data)
    assert response.status_code == 400
    assert "Meinten Sie" in response.content.decode()
    assert not Event.objects.filter(created_by__isnull=False).exists()


def test_edit_publish_and_cancel(curator_client):
    event = EventFactory(state=Event.State.DRAFT)
    response = curator_client.post(
        reverse("events:edit", args=[event.slug]),
        event_post(title="Neuer Titel", municipality="05916000"),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Neuer Titel"
    curator_client.post(reverse("events:publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.state == Event.State.PUBLISHED
    response = curator_client.post(
        reverse("events:cancel_event", args=[event.slug]), {"reason": ""}
    )
    assert response.status_code == 400
    assert "Bitte geben Sie einen Grund für die Absage an." in response.content.decode()
    curator_client.post(reverse("events:cancel_event", args=[event.slug]), {"reason": "Unwetter"})
    event.refresh_from_db()
    assert event.state == Event.State.CANCELLED
    page = curator_client.get(reverse("events:edit", args=[event.slug])).content.decode()
    assert "Unwetter" in page


def test_planning_lists_drafts_and_upcoming_with_counts(curator_client, django_assert_num_queries):
    from quartiersnetz.events.tests.factories import RegistrationFactory

    draft = EventFactory(state=Event.State.DRAFT, title="Entwurf Hafen")
    upcoming = EventFactory(title="Werkstatt Markt")
    RegistrationFactory(event=upcoming)
    RegistrationFactory(event=upcoming)
    RegistrationFactory(event=upcoming, status="waitlisted")
    response = curator_client.get(reverse("events:planning"))
    page = response.content.decode()
    assert draft.title in page
    assert upcoming.title in page
    assert "2 bestätigt von 20, 1 auf der Warteliste" in page
    for _ in range(5):
        EventFactory(state=Event.State.DRAFT)
    # The number of queries does not grow with the number of events.
    with django_assert_num_queries(
        count_queries(curator_client, reverse("events:planning"), status=None)
    ):
        curator_client.get(reverse("events:planning"))


# Programme ------------------------------------------------------------------------------------


def test_programme_add_edit_move_delete(curator_client):
    event = EventFactory(
        start=dt.datetime(2026, 7, 1, 10, tzinfo=BERLIN),
        end=dt.datetime(2026, 7, 2, 16, tzinfo=BERLIN),
    )
    practice = PracticeFactory(title="Kaufhaus am Markt", slug="kaufhaus-am-markt")
    speaker = OrganisationFactory(name="Kaufhausverein")
    method = Method.objects.first()
    url = reverse("events:agenda", args=[event.slug])
    response = curator_client.post(
        url,
        {
            "action": "add", "day": "2026-07-02", "start_time": "09:00", "end_time": "09:30",
            "title": "Vom Kaufhaus zum Quartierszentrum", "kind": "practice_input",
            "presenters": "Kaufhausverein\n", "practice": "/praxis/kaufhaus-am-markt/",
            "method": method.pk if method else "",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    item = AgendaItem.objects.get()
    assert item.start == dt.datetime(2026, 7, 2, 7, 0, tzinfo=dt.UTC)
    assert item.practice == practice
    assert list(item.presenters.all()) == [speaker]
    second = AgendaItemFactory(event=event, title="Begrüßung")
    page = curator_client.get(url).content.decode()
    table = page[page.index("<table") :]
    assert table.index("Begrüßung") < table.index("Vom Kaufhaus")
    curator_client.post(url, {"action": "up", "item": item.pk})
    assert list(AgendaItem.objects.order_by("start").values_list("pk", flat=True)) == [
        item.pk,
        second.pk,
    ]
    edit_url = reverse("events:agenda_item", args=[event.slug, item.pk])
    page = curator_client.get(edit_url).content.decode()
    assert "Kaufhausverein" in page
    assert "kaufhaus-am-markt" in page
    response = curator_client.post(
        edit_url,
        {"day": "2026-07-01", "start_time": "11:00", "end_time": "10:00", "title": "Neu",
         "kind": "impulse"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()
    curator_client.post(url, {"action": "delete", "item": second.pk})
    assert list(AgendaItem.objects.values_list("pk", flat=True)) == [item.pk]


def test_programme_refuses_unpublished_practice_and_day_outside(curator_client):
    event = EventFactory()
    DraftPracticeFactory(slug="geheim")
    day = timezone.localtime(event.start).date()
    response = curator_client.post(
        reverse("events:agenda", args=[event.slug]),
        {"action": "add", "day": (day + dt.timedelta(days=5)).isoformat(),
         "start_time": "10:00", "title": "X", "kind": "impulse", "practice": "geheim"},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kein veröffentlichtes Praxisbeispiel „geheim“ gefunden." in page
    assert "Bitte eine gültige Auswahl treffen." in page
    assert not AgendaItem.objects.exists()


# Series ---------------------------------------------------------------------------------------


def test_series_create_and_plan(curator_client):
    response = curator_client.post(
        reverse("events:series_create"),
        {"title": "Perspektiven-Werkstätten 2027", "rotates_spatial_fields": "on",
         "format": EventFormat.objects.get(slug="perspektiven-werkstatt").pk},
    )  # fmt: skip
    assert response.status_code == 302
    series = SeriesFactory._meta.model.objects.get(title="Perspektiven-Werkstätten 2027")
    fields = list(SpatialField.objects.order_by("position", "name", "id"))
    practice = PracticeFactory(spatial_field=fields[0], title="Zentrum im Wandel")
    url = reverse("events:series_plan", args=[series.slug])
    page = curator_client.get(url).content.decode()
    assert f"als Nächstes ist „{fields[0].label}“" in page
    assert "Zentrum im Wandel" in page
    response = curator_client.post(
        url,
        {"feld": fields[0].slug, "title": "PW Zentren", "date": "2027-03-04",
         "start_time": "10:00", "end_time": "12:00", "time_zone": "Europe/Berlin",
         "mode": "online", "practices": [practice.pk]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(series=series)
    assert event.spatial_field == fields[0]
    assert event.agenda_items.get().practice == practice
    # The next plan proposes the next field.
    page = curator_client.get(url).content.decode()
    assert f"als Nächstes ist „{fields[1].label}“" in page


# Documentation --------------------------------------------------------------------------------


def past_event(**kwargs: Any) -> Event:
    start = timezone.now() - dt.timedelta(days=3)
    return EventFactory(start=start, end=start + dt.timedelta(hours=3), **kwargs)


def test_documentation_preselects_programme_practices(curator_client):
    event = past_event()
    practice = PracticeFactory(title="Dritter Ort Bahnhof")
    extra = PracticeFactory(slug="extra-beispiel")
    item = AgendaItemFactory(event=event, practice=practice)
    recommendation = RecommendationFactory()
    url = reverse("events:document_edit", args=[event.slug])
    page = curator_client.get(url).content.decode()
    assert f'value="{practice.pk}" id="id_practices_0" checked' in page
    response = curator_client.post(
        url,
        {"action": "save", "documentation": "## Ergebnis", f"outcome_{item.pk}": "Gut.",
         "practices": [practice.pk], "more_practices": "extra-beispiel",
         "recommendations": [recommendation.pk]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.documented_at is not None
    assert set(event.presented_practices.all()) == {practice, extra}
    assert list(event.recommendations.all()) == [recommendation]


def test_documentation_upload_download_remove(curator_client):
    from django.test import Client

    client = Client()
    event = past_event()
    url = reverse("events:document_edit", args=[event.slug])
    response = curator_client.post(
        url,
        {"action": "upload", "title": "",
         "file": SimpleUploadedFile("Foto.pdf", b"GIF89a....", "application/pdf")},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Die Datei ist kein lesbares PDF-Dokument." in response.content.decode()
    assert not EventDocument.objects.exists()
    response = curator_client.post(
        url,
        {"action": "upload", "title": "Protokoll",
         "file": SimpleUploadedFile("Protokoll Werkstatt.pdf", simple_pdf(2), "application/pdf")},
    )  # fmt: skip
    assert response.status_code == 302
    document = EventDocument.objects.get()
    assert document.pages == 2
    download = client.get(reverse("events:document", args=[event.slug, document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    curator_client.post(url, {"action": "remove", "document": document.pk})
    assert not EventDocument.objects.exists()


def test_document_of_draft_is_hidden_from_public(curator_client):
    from django.core.files.base import ContentFile
    from django.test import Client

    client = Client()
    event = past_event()
    document = EventDocument(event=event, title="Intern", size=10)
    document.file.save("intern.pdf", ContentFile(simple_pdf(1)), save=True)
    Event.objects.filter(pk=event.pk).update(state=Event.State.DRAFT)
    url = reverse("events:document", args=[event.slug, document.pk])
    assert client.get(url).status_code == 404
    assert curator_client.get(url).status_code == 200
    assert (
        client.get(reverse("events:document", args=["gibt-es-nicht", document.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("path", ["programm/", "dokumentation/"])
def test_programme_and_documentation_queries_do_not_grow(curator_client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = past_event()
    url = f"/werkstaetten/{event.slug}/{path}"

    def add_items(n: int) -> None:
        for _ in range(n):
            item = AgendaItemFactory(event=event, practice=PracticeFactory())
            item.presenters.set([OrganisationFactory(), OrganisationFactory()])

    add_items(2)
    with CaptureQueriesContext(connection) as few:
        assert curator_client.get(url).status_code == 200
    add_items(5)
    with CaptureQueriesContext(connection) as many:
        assert curator_client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
