"""A curator plans, programmes, publishes and documents a Werkstatt in chromium.

The curator creates an event (first submitting the empty form), adds a programme item with a
practice input (first with an error), publishes the event and documents it with the presented
practice and a PDF. Every form page, also with its errors, is checked with axe-core (WCAG 2.1
A/AA); the pages' HTML goes to the Nu HTML Checker when it is installed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.events.models import AgendaItem, Event, EventDocument
from quartiersnetz.events.practice_links import events_presenting
from quartiersnetz.events.tests.factories import SeriesFactory
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications.tests.pdfs import simple_pdf

from .helpers import PageTour, log_in
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e

TITLE = "Praxiswerkstatt Leerstand Wanne"


def test_curator_plans_publishes_and_documents_an_event(page: Any, server: Any, tmp_path) -> None:
    with server.quiet():
        curator = UserFactory(email="kuration@example.org", display_name="Kim Kuration")
        curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
        host = OrganisationFactory(name="Bahnhofsverein Wanne", slug="bahnhofsverein")
        practice = PracticeFactory(title="Kiosk als Nachbarschaftsdepot", slug="kiosk-depot")
        series = SeriesFactory(title="Perspektiven-Werkstätten", slug="pw-e2e")
    tour = PageTour(page)
    log_in(page.context, curator, server)
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    tour.visit("planning", "/werkstaetten/planung/")
    tour.follow(
        "event form",
        page.locator("main").get_by_role("link", name="Veranstaltung anlegen"),
        path="/werkstaetten/neu/",
    )
    tour.follow(
        "event form with errors",
        page.get_by_role("button", name="Entwurf anlegen"),
        status=400,
        path="/werkstaetten/neu/",
    )
    assert page.locator("main [role=alert]").count(), "the form errors are not shown"

    # The event, on site, yesterday 10–16 h Berlin time, with a host.
    page.get_by_label("Format", exact=True).select_option(label="Praxiswerkstatt")
    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.locator("#id_summary").fill("Wie aus leeren Läden Orte werden.")
    page.get_by_label("Beginn: Datum").fill(yesterday.isoformat())
    page.get_by_label("Beginn: Uhrzeit").fill("10:00")
    page.get_by_label("Ende: Datum").fill(yesterday.isoformat())
    page.get_by_label("Ende: Uhrzeit").fill("16:00")
    page.get_by_label("vor Ort", exact=True).check()
    page.locator("#id_venue_name").fill("Kulturzentrum")
    page.locator("#id_address").fill("Bahnhofstraße 1, 44623 Herne")
    municipality = page.locator("#id_municipality")
    municipality.fill("Herne (Nordrhein-Westfalen)")
    municipality.press("Escape")
    page.locator("#id_partner-0-actor").fill("Bahnhofsverein Wanne")
    page.get_by_role("button", name="Entwurf anlegen").click()
    with server.quiet():
        event = Event.objects.get(title=TITLE)
    expect_path(page, f"/werkstaetten/{event.slug}/bearbeiten/")
    tour.audit_state("event edit form")
    with server.quiet():
        assert event.state == Event.State.DRAFT
        assert list(event.event_partners.values_list("actor_id", flat=True)) == [host.pk]

    # The programme: a practice input, first without a title.
    tour.follow(
        "programme",
        page.locator("main nav").get_by_role("link", name="Programm"),
        path=f"/werkstaetten/{event.slug}/programm/",
    )
    page.locator("#id_start_time").fill("10:30")
    page.locator("#id_end_time").fill("11:00")
    page.locator("#id_kind").select_option(label="Praxis-Input")
    page.locator("#id_presenters").fill("Bahnhofsverein Wanne")
    page.locator("#id_practice").fill("kiosk-depot")
    tour.follow(
        "programme with errors",
        page.get_by_role("button", name="Programmpunkt hinzufügen"),
        status=400,
        path=f"/werkstaetten/{event.slug}/programm/",
    )
    assert page.locator("main [role=alert]").count()
    page.locator("#id_title").fill("Vom Kiosk zum Depot")
    page.get_by_role("button", name="Programmpunkt hinzufügen").click()
    programme = f"/werkstaetten/{event.slug}/programm/"
    expect_path(page, programme, pattern=re.escape(programme) + "(#neu)?")
    tour.audit_state("programme with an item")
    with server.quiet():
        item = AgendaItem.objects.get(event=event)
        assert item.practice == practice
        assert timezone.localtime(item.start).strftime("%H:%M") == "10:30"
    tour.follow(
        "programme item form",
        page.locator("main table").get_by_role("link", name="Bearbeiten"),
        path=f"/werkstaetten/{event.slug}/programm/{item.pk}/",
    )

    # Publish.
    page.goto(f"/werkstaetten/{event.slug}/bearbeiten/")
    page.get_by_role("button", name="Veröffentlichen").click()
    expect_path(page, f"/werkstaetten/{event.slug}/bearbeiten/")
    with server.quiet():
        event.refresh_from_db()
        assert event.state == Event.State.PUBLISHED
    tour.visit("cancel form", f"/werkstaetten/{event.slug}/absagen/")

    # Document: summary, the preselected practice, a PDF (first a file that is none).
    tour.visit("documentation", f"/werkstaetten/{event.slug}/dokumentation/")
    assert page.get_by_label("Kiosk als Nachbarschaftsdepot (").is_checked()
    page.locator("#id_documentation").fill("## Ergebnisse\n\nDrei Ideen für den Leerstand.")
    page.locator(f"#id_outcome_{item.pk}").fill("Werkzeugverleih als Anker.")
    page.get_by_role("button", name="Dokumentation speichern").click()
    expect_path(page, f"/werkstaetten/{event.slug}/dokumentation/")
    fake = tmp_path / "bild.pdf"
    fake.write_bytes(b"GIF89a kein PDF")
    page.locator("#id_file").set_input_files(str(fake))
    tour.follow(
        "documentation upload with errors",
        page.get_by_role("button", name="PDF hinzufügen"),
        status=400,
        path=f"/werkstaetten/{event.slug}/dokumentation/",
    )
    assert "kein lesbares PDF" in page.locator("main").inner_text()
    real = tmp_path / "protokoll.pdf"
    real.write_bytes(simple_pdf(2))
    page.locator("#id_title").fill("Protokoll")
    page.locator("#id_file").set_input_files(str(real))
    page.get_by_role("button", name="PDF hinzufügen").click()
    documentation = f"/werkstaetten/{event.slug}/dokumentation/"
    expect_path(page, documentation, pattern=re.escape(documentation) + "(#dokumente)?")
    tour.audit_state("documentation with a document")
    with server.quiet():
        event.refresh_from_db()
        assert event.documented_at is not None
        assert list(event.presented_practices.all()) == [practice]
        assert list(events_presenting(practice)) == [event]
        assert EventDocument.objects.get(event=event).pages == 2

    # Series pages.
    tour.visit("series form", "/werkstaetten/reihen/neu/")
    tour.follow(
        "series form with errors",
        page.get_by_role("button", name="Reihe anlegen"),
        status=400,
        path="/werkstaetten/reihen/neu/",
    )
    tour.visit("series planning", f"/werkstaetten/reihen/{series.slug}/planen/")
    tour.follow(
        "series planning with errors",
        page.get_by_role("button", name="Entwurf mit diesem Feld anlegen"),
        status=400,
        path=f"/werkstaetten/reihen/{series.slug}/planen/",
    )
    tour.visit("planning with events", "/werkstaetten/planung/")

    tour.assert_clean()


def test_event_and_programme_without_javascript(nojs_context: Any, server: Any) -> None:
    with server.quiet():
        curator = UserFactory(email="kuration-nojs@example.org")
        curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
        PracticeFactory(title="Leerstandsbörse", slug="leerstandsboerse")
    log_in(nojs_context, curator, server)
    page = nojs_context.new_page()
    page.goto("/werkstaetten/neu/")
    page.get_by_label("Format", exact=True).select_option(label="Perspektiven-Werkstatt")
    page.get_by_label("Titel", exact=True).fill("Online-Werkstatt ohne Skript")
    page.get_by_label("Beginn: Datum").fill("2026-12-03")
    page.get_by_label("Beginn: Uhrzeit").fill("18:00")
    page.get_by_label("Ende: Datum").fill("2026-12-03")
    page.get_by_label("Ende: Uhrzeit").fill("19:30")
    page.get_by_label("online", exact=True).press("Space")
    page.locator("#id_online_url").fill("https://meet.example.org/werkstatt")
    page.locator("#id_municipality").fill("Herne")
    page.get_by_role("button", name="Entwurf anlegen").press("Enter")
    with server.quiet():
        event = Event.objects.get(title="Online-Werkstatt ohne Skript")
        assert event.municipality is not None
    expect_path(page, f"/werkstaetten/{event.slug}/bearbeiten/")
    page.goto(f"/werkstaetten/{event.slug}/programm/")
    page.locator("#id_start_time").fill("18:15")
    page.locator("#id_title").fill("Die Leerstandsbörse")
    page.locator("#id_practice").fill("Leerstandsbörse")
    page.get_by_role("button", name="Programmpunkt hinzufügen").press("Enter")
    programme = f"/werkstaetten/{event.slug}/programm/"
    expect_path(page, programme, pattern=re.escape(programme) + "(#neu)?")
    with server.quiet():
        item = AgendaItem.objects.get(event=event)
        assert item.practice is not None
        assert item.practice.slug == "leerstandsboerse"
        # 18:15 in Berlin in winter (CET, UTC+1) is 17:15 UTC.
        assert item.start == dt.datetime(2026, 12, 3, 17, 15, tzinfo=dt.UTC)
