"""Allianzen in chromium.

From its founding to a second member: a member of an organisation founds an alliance (their
organisation coordinates it), invites a second organisation, whose member accepts the
invitation; then an anonymous visitor sees both organisations on the alliance page, with the
sectors it spans and lacks.

Links and roles: the coordinating member finds a public project by typing (the results arrive
while typing), links it, tries to give up the only lead (a form error that keeps the input),
then makes the partner organisation a co-coordinating Wegbereiter:in; the public alliance page
shows the project and the new role.

Every page on the way is checked with axe-core (zero violations) and the Nu HTML Checker.
"""

from __future__ import annotations

from typing import Any

import pytest

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.alliances.tests.factories import AllianceFactory, MemberFactory
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.tests.factories import ProjectFactory, PublicProjectFactory
from quartiersnetz.taxonomy.models import Sector

from .helpers import axe_violations, log_in, log_out, vnu_available, vnu_errors
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e

NAME = "Allianz Wanne-Mitte"
HERNE = "Herne (Nordrhein-Westfalen)"
FOUNDER = "Stadtteilverein Wanne"
INVITED = "Kulturwerkstatt Wanne"

DOCUMENTS: dict[str, str] = {}


def _axe(page: Any, name: str, problems: list[str]) -> None:
    problems.extend(f"{name}: {v}" for v in axe_violations(page))
    DOCUMENTS[name] = page.content()


def test_found_invite_accept(page: Any, server: Any) -> None:
    with server.quiet():
        own = MembershipFactory(organisation=OrganisationFactory(name=FOUNDER))
        other = MembershipFactory(
            organisation=OrganisationFactory(
                name=INVITED,
                slug="kulturwerkstatt-wanne",
                sector=Sector.objects.get(slug="kultur-soziokultur-kreativwirtschaft"),
            )
        )
    problems: list[str] = []
    DOCUMENTS.clear()

    log_in(page.context, own.user, server)
    page.goto("/allianzen/")
    _axe(page, "alliance list (member)", problems)
    page.locator("main").get_by_role("link", name="Allianz gründen").click()
    expect_path(page, "/allianzen/neu/")
    _axe(page, "alliance form", problems)
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Kurzbeschreibung").fill("Gemeinsam für eine lebendige Mitte in Wanne.")
    municipality = page.locator("#id_municipality")
    municipality.fill(HERNE)
    municipality.press("Escape")
    page.get_by_label("Ziele (Markdown)").fill("- Leerstand **beleben**")
    page.locator("main").get_by_role("button", name="Allianz gründen").click()
    expect_path(page, "detail", pattern=r"/allianzen/allianz-wanne-mitte/")
    _axe(page, "alliance detail (founded)", problems)

    page.locator("main").get_by_role("link", name="Organisation einladen").click()
    expect_path(page, "/allianzen/allianz-wanne-mitte/einladen/")
    _axe(page, "invite form", problems)
    page.get_by_label("Organisation (Name oder Adresse des Profils)").fill(INVITED)
    page.get_by_label("Rolle", exact=True).select_option(label="Ermöglicher:in")
    page.locator("main").get_by_role("button", name="Einladen").click()
    expect_path(page, "detail", pattern=r"/allianzen/allianz-wanne-mitte/")
    assert "eingeladen, Zusage ausstehend" in page.locator("main").inner_text()
    _axe(page, "alliance detail (invitation pending)", problems)
    log_out(page.context)

    log_in(page.context, other.user, server)
    page.goto("/allianzen/allianz-wanne-mitte/")
    _axe(page, "alliance detail (invited)", problems)
    page.locator("main").get_by_role("button", name="Einladung annehmen").click()
    expect_path(page, "detail", pattern=r"/allianzen/allianz-wanne-mitte/")
    log_out(page.context)

    page.goto("/allianzen/allianz-wanne-mitte/")
    main = page.locator("main").inner_text()
    assert FOUNDER in main
    assert INVITED in main
    assert "Verbindet 2 von 7 Bereichen" in main
    _axe(page, "alliance detail (public)", problems)
    page.goto("/allianzen/")
    assert page.locator("main").get_by_role("link", name=NAME).count() == 1

    assert not problems, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
    available, _reason = vnu_available()
    if available:
        errors = vnu_errors(DOCUMENTS)
        assert not errors, "Nu HTML Checker errors:\n" + "\n".join(
            f"{name}: {line}" for name, lines in errors.items() for line in lines
        )


def _check_html(documents: dict[str, str]) -> None:
    available, _reason = vnu_available()
    if available:
        errors = vnu_errors(documents)
        assert not errors, "Nu HTML Checker errors:\n" + "\n".join(
            f"{name}: {line}" for name, lines in errors.items() for line in lines
        )


def test_link_project_and_change_roles(page: Any, server: Any) -> None:
    with server.quiet():
        own = MembershipFactory(organisation=OrganisationFactory(name=FOUNDER))
        alliance = AllianceFactory(name=NAME, slug="allianz-wanne-mitte")
        MemberFactory(alliance=alliance, actor=own.organisation, is_lead=True)
        MemberFactory(alliance=alliance, actor=OrganisationFactory(name=INVITED))
        PublicProjectFactory(title="Kaufhaus für alle")
        ProjectFactory(title="Kaufhaus im Entwurf")  # not public: never offered
    problems: list[str] = []
    documents: dict[str, str] = {}

    def check(name: str) -> None:
        problems.extend(f"{name}: {v}" for v in axe_violations(page))
        documents[name] = page.content()

    log_in(page.context, own.user, server)
    page.goto("/allianzen/allianz-wanne-mitte/")
    main = page.locator("main")
    main.get_by_role("link", name="Verknüpfungen verwalten").click()
    expect_path(page, "/allianzen/allianz-wanne-mitte/verknuepfungen/")
    check("links page")
    # Typing searches (progressive enhancement); the button is the way without JavaScript.
    main.get_by_label("Vorhaben, Praxisbeispiel oder Veranstaltung suchen").press_sequentially(
        "Kaufhaus", delay=30
    )
    results = page.locator("#treffer")
    results.get_by_role("button", name="Verknüpfen – Kaufhaus für alle").wait_for()
    assert "Kaufhaus im Entwurf" not in results.inner_text()
    check("links page (results)")
    results.get_by_role("button", name="Verknüpfen – Kaufhaus für alle").click()
    expect_path(page, "/allianzen/allianz-wanne-mitte/verknuepfungen/")
    assert "„Kaufhaus für alle“ ist verknüpft." in main.inner_text()
    linked = page.locator("section", has=page.locator("#h-linked"))
    assert linked.get_by_role("button", name="Verknüpfung lösen – Kaufhaus für alle").count() == 1
    check("links page (linked)")

    page.goto("/allianzen/allianz-wanne-mitte/")
    main.get_by_role("link", name="Mitglieder und Rollen").click()
    expect_path(page, "/allianzen/allianz-wanne-mitte/mitglieder/")
    check("members page")
    founder = main.locator("section", has=page.get_by_role("heading", name=FOUNDER))
    founder.get_by_label("Rolle in eigenen Worten").fill("lädt ein und moderiert")
    founder.get_by_label("Federführung").uncheck()
    founder.get_by_role("button", name=f"Speichern – {FOUNDER}").click()
    expect_path(page, "/allianzen/allianz-wanne-mitte/mitglieder/")
    founder = main.locator("section", has=page.get_by_role("heading", name=FOUNDER))
    assert "Eine Allianz braucht mindestens ein koordinierendes Mitglied." in founder.inner_text()
    assert founder.get_by_label("Rolle in eigenen Worten").input_value() == "lädt ein und moderiert"
    check("members page (error)")

    partner = main.locator("section", has=page.get_by_role("heading", name=INVITED))
    partner.get_by_label("Rolle", exact=True).select_option(label="Wegbereiter:in")
    partner.get_by_label("Federführung").check()
    partner.get_by_role("button", name=f"Speichern – {INVITED}").click()
    expect_path(page, "/allianzen/allianz-wanne-mitte/mitglieder/")
    assert f"Die Rolle von „{INVITED}“ ist gespeichert." in main.inner_text()
    log_out(page.context)

    page.goto("/allianzen/allianz-wanne-mitte/")
    text = page.locator("main").inner_text()
    assert f"{INVITED} – Wegbereiter:in, koordinierend" in text
    assert "Kaufhaus für alle" in text
    check("alliance detail (linked, public)")

    assert not problems, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
    _check_html(documents)


def test_link_and_unlink_without_javascript(nojs_context: Any, server: Any) -> None:
    """The search is a plain GET form; linking and unlinking are plain POST forms. (Without
    JavaScript Playwright cannot click — it waits for animation frames — so keys press.)"""
    with server.quiet():
        own = MembershipFactory(organisation=OrganisationFactory(name=FOUNDER))
        alliance = AllianceFactory(name=NAME, slug="allianz-wanne-mitte")
        MemberFactory(alliance=alliance, actor=own.organisation, is_lead=True)
        PracticeFactory(title="Dritter Ort Stadtbibliothek")
    log_in(nojs_context, own.user, server)
    page = nojs_context.new_page()
    page.goto("/allianzen/allianz-wanne-mitte/verknuepfungen/")
    main = page.locator("main")
    main.get_by_label("Vorhaben, Praxisbeispiel oder Veranstaltung suchen").fill("dritter ort")
    main.get_by_role("button", name="Suchen").press("Enter")
    expect_path(page, "/allianzen/allianz-wanne-mitte/verknuepfungen/")
    assert "q=dritter+ort" in page.url
    main.get_by_role("button", name="Verknüpfen – Dritter Ort Stadtbibliothek").press("Enter")
    expect_path(page, "/allianzen/allianz-wanne-mitte/verknuepfungen/")
    assert "„Dritter Ort Stadtbibliothek“ ist verknüpft." in main.inner_text()
    unlink = main.get_by_role("button", name="Verknüpfung lösen – Dritter Ort Stadtbibliothek")
    unlink.press("Enter")
    expect_path(page, "/allianzen/allianz-wanne-mitte/verknuepfungen/")
    assert "Die Verknüpfung mit „Dritter Ort Stadtbibliothek“ ist gelöst." in main.inner_text()
    with server.quiet():
        assert not Alliance.objects.get(slug="allianz-wanne-mitte").practices.exists()
