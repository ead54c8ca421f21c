"""A connection from proposal to the network, in chromium.

A member of one organisation opens another organisation's profile, follows "Verbindung
vorschlagen", proposes a collaboration with a message; the other organisation's member finds the
proposal in their own area, confirms it on the connections page; after the network is
recomputed both profiles list each other under "Verbindungen" with "verbindet 1 von 7
Bereichen". Every page on the way is checked with axe-core and the Nu HTML Checker.
"""

from __future__ import annotations

from typing import Any

import pytest

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.network.models import Connection
from quartiersnetz.network.tasks import recompute_network
from quartiersnetz.taxonomy.models import Sector

from .helpers import axe_violations, log_in, log_out, vnu_available, vnu_errors
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e

DOCUMENTS: dict[str, str] = {}


def _check(page: Any, name: str, problems: list[str]) -> None:
    problems.extend(f"{name}: {v}" for v in axe_violations(page))
    DOCUMENTS[name] = page.content()


def test_propose_confirm_and_see_the_connection_on_both_profiles(page: Any, server: Any) -> None:
    with server.quiet():
        culture = Sector.objects.get(slug="kultur-soziokultur-kreativwirtschaft")
        housing = Sector.objects.exclude(pk=culture.pk).first()
        own = MembershipFactory(
            organisation=OrganisationFactory(
                name="Kulturwerkstatt Wanne", slug="kulturwerkstatt-wanne", sector=culture
            )
        )
        other = MembershipFactory(
            organisation=OrganisationFactory(
                name="Wohnungsgenossenschaft Herne", slug="wg-herne", sector=housing
            )
        )
    problems: list[str] = []
    DOCUMENTS.clear()

    log_in(page.context, own.user, server)
    page.goto("/mitwirkende/wg-herne/")
    page.locator("main").get_by_role(
        "link", name="Alle Verbindungen ansehen oder eine Verbindung vorschlagen"
    ).click()
    expect_path(page, "/mitwirkende/wg-herne/verbindungen/")
    _check(page, "connections (proposing member)", problems)
    page.get_by_label("Art der Verbindung").select_option(label="arbeitet zusammen mit")
    page.get_by_label("Nachricht (freiwillig)").fill(
        "Wir möchten das Erdgeschoss gemeinsam bespielen."
    )
    page.locator("main").get_by_role(
        "button", name="Verbindung mit Wohnungsgenossenschaft Herne vorschlagen"
    ).click()
    expect_path(page, "/mitwirkende/wg-herne/verbindungen/")
    assert "Offene Vorschläge" in page.locator("main").inner_text()
    _check(page, "connections (proposal made)", problems)
    log_out(page.context)

    log_in(page.context, other.user, server)
    page.goto("/konto/mein-bereich/")
    assert "Kulturwerkstatt Wanne" in page.locator("main").inner_text()
    _check(page, "own area with a proposal", problems)
    page.locator("main").get_by_role("link", name="bestätigen oder ablehnen").click()
    expect_path(page, "connections", pattern=r"/mitwirkende/wg-herne/verbindungen/#connection-\d+")
    assert "Wir möchten das Erdgeschoss gemeinsam bespielen." in page.locator("main").inner_text()
    page.locator("main").get_by_role(
        "button", name="Verbindung mit Kulturwerkstatt Wanne bestätigen"
    ).click()
    page.wait_for_load_state()
    assert "ist bestätigt" in page.locator("main").inner_text()
    assert Connection.objects.get().status == Connection.Status.CONFIRMED
    log_out(page.context)

    with server.quiet():
        recompute_network.call(force=True)
    for slug, partner in (
        ("wg-herne", "Kulturwerkstatt Wanne"),
        ("kulturwerkstatt-wanne", "Wohnungsgenossenschaft Herne"),
    ):
        page.goto(f"/mitwirkende/{slug}/")
        section = page.locator("section[aria-labelledby='h-connections']")
        assert partner in section.inner_text()
        assert "verbindet 1 von 7 Bereichen" in section.inner_text()
        _check(page, f"profile {slug} (public)", problems)

    assert not problems, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
    available, _reason = vnu_available()
    if available:
        errors = vnu_errors(DOCUMENTS)
        assert not errors, "Nu HTML Checker errors:\n" + "\n".join(
            f"{name}: {line}" for name, lines in errors.items() for line in lines
        )
