"""A Vorhaben from its creation to a public timeline, in chromium.

A member of an organisation creates a project (their organisation leads it), adds a second
organisation as partner and gives the consent of their own organisation; the project stays
hidden from the public until the partner's member consents too. The partner's member sees the
partners without managing them and could end its own partnership (asked first). Then the first
member writes a log entry and a published learning linked to a practice, and an anonymous
visitor finds the project in the list and its timeline on the page. Every page on the way is
checked with axe-core (zero violations).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.models import Project

from .helpers import axe_violations, log_in, log_out, vnu_available, vnu_errors
from .test_journeys import expect_path, facet

pytestmark = pytest.mark.e2e

TITLE = "Kaufhaus der Nachbarschaft Wanne"
HERNE = "Herne (Nordrhein-Westfalen)"
PARTNER = "Bürgerstiftung Herne-Wanne"
LEARNING = "Ein Generalmietvertrag öffnet das Erdgeschoss"


DOCUMENTS: dict[str, str] = {}


def _axe(page: Any, name: str, problems: list[str]) -> None:
    """Run axe-core on the page as shown; keep its HTML for the Nu HTML Checker."""
    problems.extend(f"{name}: {v}" for v in axe_violations(page))
    DOCUMENTS[name] = page.content()


def _fill_project_form(page: Any) -> None:
    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.get_by_label("Kurzbeschreibung").fill(
        "Das leere Kaufhaus am Markt wird ein Haus für die Nachbarschaft."
    )
    municipality = page.locator("#id_municipality")
    municipality.fill(HERNE)
    municipality.press("Escape")
    page.get_by_label("Herausforderung (Markdown)").fill("Seit Jahren **Leerstand** am Markt.")
    page.get_by_label("Phase", exact=True).select_option(label="Prototypenentwicklung")
    page.get_by_label("Design Thinking").check()
    page.get_by_label("Aktueller Schritt").select_option(label="Beobachten")
    page.get_by_label("Räumliches Handlungsfeld").select_option(label="Quartiere")


def test_create_consent_publish_and_document_a_project(page: Any, server: Any) -> None:
    with server.quiet():
        own = MembershipFactory(organisation=OrganisationFactory(name="Stadtteilverein Wanne"))
        other = MembershipFactory(
            organisation=OrganisationFactory(name=PARTNER, slug="buergerstiftung-wanne")
        )
        practice = PracticeFactory(title="Haus der Vielen", slug="haus-der-vielen")
    problems: list[str] = []
    DOCUMENTS.clear()

    # The member creates the project for their organisation.
    log_in(page.context, own.user, server)
    page.goto("/vorhaben/")
    _axe(page, "project list (member)", problems)
    page.locator("main").get_by_role("link", name="Vorhaben anlegen").click()
    expect_path(page, "/vorhaben/neu/")
    _axe(page, "project form", problems)
    _fill_project_form(page)
    page.locator("main").get_by_role("button", name="Vorhaben anlegen").click()
    detail = expect_path(page, "detail", pattern=r"/vorhaben/kaufhaus-der-nachbarschaft-wanne/")
    assert "Zustimmung ausstehend" in page.locator("main").inner_text()
    _axe(page, "project detail (awaiting consent)", problems)

    # … adds a second organisation as partner by typing its name …
    page.locator("main").get_by_role("link", name="Partner verwalten").click()
    expect_path(page, f"{detail}partner/")
    _axe(page, "partners", problems)
    page.get_by_label("Organisation (Name oder Adresse des Profils)").fill(PARTNER)
    page.get_by_label("Rolle", exact=True).select_option(label="Partner")
    page.locator("main").get_by_role("button", name="Partner hinzufügen").click()
    expect_path(page, f"{detail}partner/")
    table = page.locator("main table").inner_text()
    assert PARTNER in table
    assert "federführend" in table  # the creating organisation leads
    _axe(page, "partners (added)", problems)

    # … and gives the consent of their own organisation.
    page.goto(detail)
    page.get_by_role("button", name="Der Veröffentlichung zustimmen").click()
    expect_path(page, detail)
    assert "sobald alle Partner zugestimmt haben" in page.locator("main").inner_text()
    log_out(page.context)

    # Not public yet: the page is 404 and the list does not show it.
    response = page.goto(detail)
    assert response is not None
    assert response.status == 404
    page.goto("/vorhaben/")
    assert page.locator("main").get_by_role("link", name=TITLE).count() == 0

    # The partner's member sees the project and consents: it becomes public.
    log_in(page.context, other.user, server)
    page.goto(detail)
    _axe(page, "project detail (partner asked for consent)", problems)
    page.get_by_role("button", name="Der Veröffentlichung zustimmen").click()
    expect_path(page, detail)
    assert "das Vorhaben ist öffentlich" in page.locator("main").inner_text()
    with server.quiet():
        assert Project.objects.get(title=TITLE).is_public

    # The partner sees the partners but does not manage them; it could end its partnership.
    page.locator("main").get_by_role("link", name="Partner ansehen").click()
    expect_path(page, f"{detail}partner/")
    main = page.locator("main")
    assert main.get_by_role("button", name="Partner hinzufügen").count() == 0
    assert main.get_by_role("button", name=re.compile("entfernen")).count() == 0
    _axe(page, "partners (non-lead partner)", problems)
    main.get_by_role("link", name=f"Partnerschaft von {PARTNER} beenden").click()
    expect_path(page, "withdraw", pattern=rf"{re.escape(detail)}partner/\d+/zurueckziehen/")
    assert "Partnerschaft beenden" in page.locator("main h1").inner_text()
    _axe(page, "withdraw partnership (confirmation)", problems)
    page.locator("main").get_by_role("link", name="Abbrechen").click()
    expect_path(page, detail)
    log_out(page.context)

    # The first member documents a Praxiswerkstatt and a learning.
    log_in(page.context, own.user, server)
    page.goto(detail)
    page.locator("main").get_by_role("link", name="Eintrag im Verlauf hinzufügen").click()
    expect_path(page, f"{detail}verlauf/neu/")
    _axe(page, "log entry form", problems)
    page.get_by_label("Datum").fill("2025-03-14")
    page.get_by_label("Titel", exact=True).fill("Werkstatt im Erdgeschoss")
    page.get_by_label("Bericht (Markdown)").fill("30 Nachbarinnen und Nachbarn kamen.")
    page.get_by_label("Schritt der Methode").select_option(label="Beobachten")
    page.locator("main").get_by_role("button", name="Eintrag speichern").click()
    expect_path(page, detail, pattern=rf"{re.escape(detail)}#verlauf")
    page.locator("main").get_by_role("link", name="Erkenntnis festhalten").click()
    expect_path(page, f"{detail}erkenntnisse/neu/")
    _axe(page, "learning form", problems)
    page.get_by_label("Titel", exact=True).fill(LEARNING)
    page.get_by_label("Erkenntnis (Markdown)").fill("Die Stadt mietet und vermietet weiter.")
    page.get_by_label("Aus dem Eintrag").select_option(label="14.03.2025: Werkstatt im Erdgeschoss")
    page.get_by_label("Verknüpfte Praxisbeispiele").fill(practice.title)
    page.get_by_label("Als übertragbare Erkenntnis veröffentlichen").check()
    page.locator("main").get_by_role("button", name="Erkenntnis speichern").click()
    expect_path(page, detail, pattern=rf"{re.escape(detail)}#erkenntnisse")
    log_out(page.context)

    # The public finds the project through a facet and sees its timeline.
    page.goto("/vorhaben/")
    facet(page, "Phase", "Prototypenentwicklung").click()
    expect_path(page, "/vorhaben/")
    assert "phase=prototype" in page.url
    _axe(page, "project list, filtered", problems)
    page.locator("main").get_by_role("link", name=TITLE).click()
    expect_path(page, detail)
    main = page.locator("main")
    timeline = main.locator("#verlauf")
    assert "14. März 2025" in timeline.inner_text()
    assert "Werkstatt im Erdgeschoss" in timeline.inner_text()
    assert timeline.get_by_role("link", name=LEARNING).count() == 1
    learnings = main.locator("#erkenntnisse")
    assert LEARNING in learnings.inner_text()
    assert learnings.get_by_role("link", name="Haus der Vielen").count() == 1
    current = main.locator('[aria-current="step"]')
    assert re.search(r"Beobachten", current.inner_text())
    _axe(page, "project detail (public)", problems)

    page.goto("/vorhaben/erkenntnisse/")
    assert page.locator("main").get_by_role("link", name=TITLE).count() == 1
    _axe(page, "learnings", problems)

    assert not problems, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
    available, _reason = vnu_available()
    if available:
        errors = vnu_errors(DOCUMENTS)
        assert not errors, "Nu HTML Checker errors:\n" + "\n".join(
            f"{name}: {line}" for name, lines in errors.items() for line in lines
        )
