"""A practice from submission to discovery, in chromium.

A member of an organisation writes a Praxisbeispiel and submits it; a curator finds it in the
review queue and publishes it; an anonymous visitor then finds it through the full-text search,
a facet of the practice list, the map's list and a marker on the map. Every page on the way is
checked with axe-core. The same record is invisible to the public before it is published.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.practices.models import Practice

from .helpers import axe_violations, log_in, log_out
from .test_journeys import expect_path, facet

pytestmark = pytest.mark.e2e

TITLE = "Nachbarschaftsdepot am Bahnhof Wanne"
HERNE = "Herne (Nordrhein-Westfalen)"


def _axe(page: Any, name: str, problems: list[str]) -> None:
    problems.extend(f"{name}: {v}" for v in axe_violations(page))


def _fill_practice_form(page: Any) -> None:
    page.get_by_label("Typologie-Kategorie").select_option(label="Ort")
    page.get_by_label("Praxistyp").select_option(label="Dritter Ort")
    page.get_by_label("Räumliches Handlungsfeld").select_option(label="Quartiere")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Kurzbeschreibung").fill(
        "Ein ehemaliger Kiosk wird zum Werkzeug- und Begegnungsdepot der Nachbarschaft."
    )
    page.get_by_label("Beschreibung (Markdown)").fill(
        "## Ausgangslage\n\nDer Kiosk stand leer.\n\n## Vorgehen\n\nDie Bürgerinnen und Bürger "
        "bauen ihn gemeinsam um."
    )
    municipality = page.locator("#id_municipality")
    municipality.fill(HERNE)
    municipality.press("Escape")


def test_submit_review_publish_and_find_practice(page: Any, server: Any) -> None:
    with server.quiet():
        organisation = OrganisationFactory(name="Bahnhofsverein Wanne", slug="bahnhofsverein")
        author = MembershipFactory(organisation=organisation).user
        curator = UserFactory(email="kuration@example.org", display_name="Kim Kuration")
        curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
    problems: list[str] = []

    # The author writes the practice and submits it.
    log_in(page.context, author, server)
    page.goto("/konto/mein-bereich/")
    page.locator("main").get_by_role("link", name="Praxisbeispiel einreichen").first.click()
    expect_path(page, "/praxis/neu/")
    _axe(page, "practice form", problems)
    _fill_practice_form(page)
    page.get_by_role("button", name="Speichern und zur Prüfung einreichen").click()
    expect_path(page, "/praxis/meine/")
    assert TITLE in page.locator("main").inner_text()
    _axe(page, "my practices", problems)
    with server.quiet():
        practice = Practice.objects.get(title=TITLE)
        assert practice.state == Practice.State.SUBMITTED
    log_out(page.context)

    # Not public yet: neither the page nor the search shows it.
    response = page.goto(practice.get_absolute_url())
    assert response is not None
    assert response.status == 404
    page.goto("/suche/?q=Nachbarschaftsdepot")
    assert page.locator("main").get_by_role("link", name=TITLE).count() == 0

    # The curator publishes it from the review queue.
    log_in(page.context, curator, server)
    page.goto("/praxis/pruefung/")
    _axe(page, "review queue", problems)
    page.locator("main").get_by_role("link", name=TITLE).first.click()
    expect_path(page, f"/praxis/{practice.slug}/pruefen/")
    _axe(page, "review page", problems)
    page.get_by_label("Veröffentlichen").check()
    page.get_by_role("button", name="Entscheidung speichern").click()
    expect_path(page, "/praxis/pruefung/")
    log_out(page.context)

    # The public finds it: search, a facet of the list, the map's list and a map marker.
    page.goto("/suche/?q=Nachbarschaftsdepot")
    _axe(page, "search results", problems)
    page.locator("main").get_by_role("link", name=TITLE).first.click()
    expect_path(page, practice.get_absolute_url())
    _axe(page, "practice detail", problems)

    page.goto("/praxis/")
    facet(page, "Praxistyp", "Dritter Ort").click()
    expect_path(page, "/praxis/")
    assert "dritter-ort" in page.url
    _axe(page, "practice list, filtered", problems)
    assert page.locator("main").get_by_role("link", name=TITLE).count() == 1

    page.goto("/praxis/karte/")
    _axe(page, "map", problems)
    assert page.locator("main").get_by_role("link", name=TITLE).count() >= 1
    marker = page.locator(f'.leaflet-marker-icon[title="{TITLE}"], .marker-cluster').first
    marker.wait_for()

    page.goto("/praxis/typologie/")
    _axe(page, "typology", problems)
    cells = page.locator("main table a", has_text=re.compile(r"^\s*1\s*$"))
    assert cells.count() >= 1

    assert not problems, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_map_follows_the_geojson_pages(page: Any, server: Any, monkeypatch: Any) -> None:
    from quartiersnetz.practices import map_views
    from quartiersnetz.practices.tests.factories import PracticeFactory

    # The live server runs in this process: three pages of two features for five practices.
    monkeypatch.setattr(map_views, "MAP_GEOJSON_LIMIT", 2)
    with server.quiet():
        for n in range(5):
            PracticeFactory(title=f"Kartenbeispiel {n}", slug=f"kartenbeispiel-{n}")
    page.goto("/praxis/karte/")
    status = page.locator("[role=status], [aria-live]").filter(
        has_text="5 Praxisbeispiele auf der Karte."
    )
    status.first.wait_for()


def test_map_caps_its_markers_and_loads_the_visible_part_when_zoomed_in(
    page: Any, server: Any, monkeypatch: Any
) -> None:
    from quartiersnetz.places.models import Municipality
    from quartiersnetz.practices import map_views
    from quartiersnetz.practices.tests.factories import PracticeFactory

    # Pages of two features, at most four markers: six practices are more than the map shows.
    monkeypatch.setattr(map_views, "MAP_GEOJSON_LIMIT", 2)
    monkeypatch.setattr(map_views, "MAP_MAX_MARKERS", 4)
    with server.quiet():
        leipzig = Municipality.objects.get(ags="14713000")
        for n in range(3):  # ids alternate: Leipzig, Herne, Leipzig, Herne, …
            PracticeFactory(
                title=f"Leipzig {n}",
                slug=f"leipzig-{n}",
                municipality=leipzig,
                latitude=51.30 + n * 0.05,
                longitude=12.30 + n * 0.05,
            )
            PracticeFactory(title=f"Herne {n}", slug=f"herne-{n}")
    page.goto("/praxis/karte/")
    status = page.locator("[data-practice-map-status]")
    page.wait_for_function(
        "() => document.querySelector('[data-practice-map-status]').textContent"
        ".includes('4 Praxisbeispiele auf der Karte; zu diesen Filtern gibt es mehr.')"
    )
    # The list below the map has all six.
    assert "6 Praxisbeispiele nach Ort" in page.locator("#map-list-heading").inner_text()
    # Zoom in on the Leipzig markers (the eastern icon) with the mouse wheel: the map then asks
    # for the records in the visible part (bbox) and shows all three there.
    icons = page.locator(".marker-cluster, .leaflet-marker-icon[title^='Leipzig']")
    icons.first.wait_for()
    page.locator("#practice-map").scroll_into_view_if_needed()
    boxes = [icons.nth(i).bounding_box() for i in range(icons.count())]
    east = max((b for b in boxes if b), key=lambda b: b["x"])
    page.mouse.move(east["x"] + east["width"] / 2, east["y"] + east["height"] / 2)
    page.mouse.wheel(0, -120)  # two zoom levels (Leaflet: 60 px a level), around the mouse
    page.wait_for_function(
        "() => document.querySelector('[data-practice-map-status]').textContent"
        ".includes('3 Praxisbeispiele in diesem Ausschnitt auf der Karte.')"
    )
    assert "Ausschnitt" in status.inner_text()
    assert page.locator(".leaflet-marker-icon[title='Herne 0']").count() == 0
    # Back out to the first view: the first set again.
    page.mouse.wheel(0, 120)
    page.wait_for_function(
        "() => document.querySelector('[data-practice-map-status]').textContent"
        ".includes('4 Praxisbeispiele auf der Karte; zu diesen Filtern gibt es mehr.')"
    )
