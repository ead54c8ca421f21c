"""An Allianz from its founding to a second member, in chromium.

A member of an organisation founds an alliance (their organisation coordinates it), invites a
second organisation, whose member accepts the invitation; then an anonymous visitor sees both
organisations on the alliance page, with the sectors it spans and lacks. Every page on the
way is checked with axe-core (zero violations) and the Nu HTML Checker.
"""

from __future__ import annotations

from typing import Any

import pytest

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
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
