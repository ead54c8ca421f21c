"""Werkstätten in chromium: find an event by filter and search, open it and its series.

Every public events page (list, event, series) is checked with axe-core; the list, its facets,
its search and its pagination also work without JavaScript (the map island stays hidden then).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory, PersonFactory
from quartiersnetz.events.models import Event, EventFormat
from quartiersnetz.events.services import event_search_text
from quartiersnetz.events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    EventPartnerFactory,
    SeriesFactory,
)
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import SpatialField

from .helpers import axe_violations
from .test_journeys import expect_path, facet

pytestmark = pytest.mark.e2e

TITLE = "Leerstand als Chance am Kornmarkt"


def _axe(page: Any, name: str, problems: list[str]) -> None:
    problems.extend(f"{name}: {v}" for v in axe_violations(page))


def _create_events() -> Event:
    series = SeriesFactory(title="Perspektiven-Werkstätten Test", slug="perspektiven-test")
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    for i, field in enumerate(["centres", "quarters"]):
        earlier = EventFactory(
            title=f"Perspektive {i + 1}",
            slug=f"perspektive-{i + 1}",
            series=series,
            format=EventFormat.objects.get(slug="perspektiven-werkstatt"),
            mode=Event.Mode.ONLINE,
            municipality=None,
            online_url="https://meet.example.org/geheim",
            spatial_field=SpatialField.objects.get(slug=field),
            start=start - dt.timedelta(days=60 - 20 * i),
            end=start - dt.timedelta(days=60 - 20 * i) + dt.timedelta(hours=3),
            documented_at=timezone.now(),
            documentation="Die Ergebnisse der Werkstatt.",
        )
        Event.objects.filter(pk=earlier.pk).update(search_text=event_search_text(earlier))
    event = EventFactory(
        title=TITLE,
        slug="leerstand-kornmarkt",
        series=series,
        municipality=Municipality.objects.get(ags="06413000"),
        address="Kornmarkt 3, 63065 Offenbach am Main",
        spatial_field=SpatialField.objects.get(slug="small_towns"),
        start=start + dt.timedelta(days=20),
        end=start + dt.timedelta(days=21, hours=6),
    )
    Event.objects.filter(pk=event.pk).update(search_text=event_search_text(event))
    EventPartnerFactory(event=event, actor=OrganisationFactory(name="Stadt Offenbach"))
    item = AgendaItemFactory(
        event=event,
        title="Praxis-Input: Der Kornmarkt-Laden",
        practice=PracticeFactory(title="Kornmarkt-Laden"),
    )
    item.presenters.add(PersonFactory(name="Jana Beispiel"))
    return event


def test_find_event_open_it_and_its_series(page: Any, server: Any) -> None:
    with server.quiet():
        _create_events()
    problems: list[str] = []

    page.goto("/werkstaetten/")
    _axe(page, "list", problems)
    # The map island appears with JavaScript (the page has on-site events).
    page.locator("[data-event-map]").wait_for(state="visible")
    assert page.locator("#event-map .leaflet-marker-icon").count() >= 1
    _axe(page, "list with map", problems)

    facet(page, "Räumliches Handlungsfeld", "Klein- und Mittelstädte und ländlicher Raum").click()
    expect_path(page, "/werkstaetten/")
    assert "spatial_field=small_towns" in page.url
    page.get_by_label("Suche in Titeln und Beschreibungen").fill("Kornmarkt")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_url(re.compile(r".*q=Kornmarkt.*"))
    results = page.locator("#results")
    assert "1 Veranstaltung" in results.inner_text()
    results.get_by_role("link", name=TITLE, exact=True).click()
    expect_path(page, "/werkstaetten/leerstand-kornmarkt/")
    main = page.locator("main").inner_text()
    assert "Praxis-Input: Der Kornmarkt-Laden" in main
    assert "Jana Beispiel" in main
    assert "Zeitzone Europe/Berlin" in main
    _axe(page, "detail", problems)

    page.locator("main").get_by_role("link", name="Perspektiven-Werkstätten Test").first.click()
    expect_path(page, "/werkstaetten/reihen/perspektiven-test/")
    assert "Als Nächstes an der Reihe:" in page.locator("main").inner_text()
    _axe(page, "series", problems)

    page.locator("main").get_by_role("link", name="Perspektive 1", exact=True).click()
    expect_path(page, "/werkstaetten/perspektive-1/")
    assert "Die Ergebnisse der Werkstatt." in page.locator("#dokumentation").inner_text()
    assert "meet.example.org" not in page.content()
    _axe(page, "documented event", problems)
    assert not problems, "\n".join(problems)


def test_list_works_without_javascript(nojs_context: Any, server: Any) -> None:
    with server.quiet():
        _create_events()
    page = nojs_context.new_page()
    page.goto("/werkstaetten/")
    assert page.locator("[data-event-map]").is_hidden()
    facet(page, "Form", "online").click()
    assert "mode=online" in page.url
    results = page.locator("#results")
    assert results.get_by_role("link", name="Perspektive 1", exact=True).count() == 1
    assert results.get_by_role("link", name=TITLE, exact=True).count() == 0
    page.get_by_label("Suche in Titeln und Beschreibungen").fill("Perspektive")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_url(re.compile(r".*q=Perspektive.*"))
    assert "mode=online" in page.url
    assert "2 Veranstaltungen" in page.locator("#results").inner_text()
    page.locator("#results a[href='/werkstaetten/perspektive-2/#dokumentation']").click()
    page.wait_for_url(re.compile(r".*/werkstaetten/perspektive-2/#dokumentation$"))
    assert "Die Ergebnisse der Werkstatt." in page.locator("#dokumentation").inner_text()
