"""Passende Partner in chromium: a member sees a suggestion with its reason on the profile and
on /partner/, and dismisses it (a plain form POST); it does not come back. Pages checked with
axe-core and the Nu HTML Checker."""

from __future__ import annotations

from typing import Any

import pytest

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.network import matching, partner_sections
from quartiersnetz.taxonomy.models import Sector

from .helpers import axe_violations, log_in, vnu_available, vnu_errors
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e


def test_member_sees_and_dismisses_a_suggestion(page: Any, server: Any, settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    partner_sections.register()  # as NetworkConfig.ready() does; kept afterwards
    with server.quiet():
        own = MembershipFactory(
            organisation=OrganisationFactory(
                name="Stadtteilverein Wanne",
                slug="stadtteilverein-wanne",
                seeks="Wir wollen leere Geschäfte vorübergehend bespielen.",
                offers="Kontakte zu Händlern",
                sector=Sector.objects.get(slug="gebietskoerperschaften"),
            )
        )
        OrganisationFactory(
            name="Ladenwerk Kollektiv",
            slug="ladenwerk",
            offers="Zwischennutzung von Ladenlokalen, Pop-up-Konzepte für leerstehende Läden",
            seeks="Kontakte zu Hochschulen",
            sector=Sector.objects.get(slug="kultur-soziokultur-kreativwirtschaft"),
        )
        matching.recompute_suggestions()
    problems: list[str] = []
    documents: dict[str, str] = {}
    log_in(page.context, own.user, server)
    page.goto("/mitwirkende/stadtteilverein-wanne/")
    main = page.locator("main")
    assert "Passende Partner" in main.inner_text()
    main.get_by_role("link", name="Alle passenden Partner").click()
    expect_path(page, "partners", pattern=r"/mitwirkende/stadtteilverein-wanne/partner/")
    text = page.locator("main").inner_text()
    assert "Ladenwerk Kollektiv" in text
    assert "was Sie suchen" in text, text
    problems += [f"partners: {v}" for v in axe_violations(page)]
    documents["partners"] = page.content()
    page.get_by_role("button", name="Ladenwerk Kollektiv nicht mehr vorschlagen").click()
    expect_path(page, "partners", pattern=r"/mitwirkende/stadtteilverein-wanne/partner/")
    assert "wird Ihnen nicht mehr vorgeschlagen" in page.locator("main").inner_text()
    assert page.locator("#partner-ladenwerk").count() == 0
    problems += [f"after dismissal: {v}" for v in axe_violations(page)]
    documents["after dismissal"] = page.content()
    with server.quiet():
        matching.recompute_suggestions()
    page.reload()
    assert page.locator("#partner-ladenwerk").count() == 0
    assert not problems, "\n".join(problems)
    available, _reason = vnu_available()
    if available:
        errors = vnu_errors(documents)
        assert not errors, "\n".join(f"{n}: {line}" for n, ls in errors.items() for line in ls)
