"""From a partner suggestion to a confirmed connection in the network, in chromium.

A member of a culture organisation sees a housing cooperative among the "Passende Partner" on
their own profile (computed by the matching from what one seeks and the other offers), follows it
to the cooperative's profile and "Verbindung vorschlagen", and proposes a collaboration with a
message. The cooperative's member finds the proposal in their own area and confirms it on the
connections page. After the network is recomputed, the edge is in `/netzwerk/graph.json` and the
graph's card counts it, `/netzwerk/bereiche/` counts the pair of sectors, and both profiles list
each other under "Verbindungen" with "verbindet 1 von 7 Bereichen". Every page on the way is
checked with axe-core and the Nu HTML Checker.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.network import matching, partner_sections
from quartiersnetz.network.models import Connection, Suggestion
from quartiersnetz.network.tasks import recompute_network
from quartiersnetz.taxonomy.models import Sector

from .helpers import axe_violations, log_in, log_out, vnu_available, vnu_errors
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e

DOCUMENTS: dict[str, str] = {}


def _check(page: Any, name: str, problems: list[str]) -> None:
    problems.extend(f"{name}: {v}" for v in axe_violations(page))
    DOCUMENTS[name] = page.content()


def _matrix_cell(page: Any, row: str, column: str) -> str:
    """The text of the Bereichsmatrix cell in the row of sector `row`, column of `column`."""
    headers = page.locator("table.matrix-table thead th").all_inner_texts()
    index = next(i for i, text in enumerate(headers) if text.startswith(f"{column} ("))
    line = page.locator("table.matrix-table tbody tr").filter(
        has=page.locator("th[scope=row]", has_text=re.compile(rf"^{re.escape(row)}$"))
    )
    return str(line.locator("td").nth(index).inner_text())


def test_from_a_suggestion_to_a_confirmed_connection_in_the_network(
    page: Any, server: Any, settings: Any, tmp_path: Any
) -> None:
    settings.VAR_DIR = tmp_path  # the matching's sentence-vector cache
    partner_sections.register()  # as NetworkConfig.ready() does; kept afterwards
    with server.quiet():
        culture = Sector.objects.get(slug="kultur-soziokultur-kreativwirtschaft")
        housing = Sector.objects.get(slug="stadt-immobilien-projektentwicklung")
        own = MembershipFactory(
            organisation=OrganisationFactory(
                name="Kulturwerkstatt Wanne",
                slug="kulturwerkstatt-wanne",
                sector=culture,
                seeks="Leerstehende Erdgeschossräume für Ausstellungen und Theater im Quartier",
                offers="Kulturprogramm, Ausstellungen und Theater für die Nachbarschaft",
            )
        )
        other = MembershipFactory(
            organisation=OrganisationFactory(
                name="Wohnungsgenossenschaft Herne",
                slug="wg-herne",
                sector=housing,
                offers="Leerstehende Erdgeschossräume und Ladenlokale im Quartier",
                seeks="Kulturprogramm für die Nachbarschaft in unseren Häusern",
            )
        )
        matching.recompute_suggestions()
        # The matching suggests the cooperative to the culture organisation.
        assert Suggestion.objects.filter(
            target_kind=Suggestion.Target.ACTOR,
            target_id=own.organisation.pk,
            suggested=other.organisation,
        ).exists()
    problems: list[str] = []
    DOCUMENTS.clear()

    # The proposing member sees the suggestion on their own profile and follows it.
    log_in(page.context, own.user, server)
    page.goto("/mitwirkende/kulturwerkstatt-wanne/")
    partners = page.locator("section[aria-labelledby='h-partner-suggestions']")
    suggestion = partners.get_by_role("link", name="Wohnungsgenossenschaft Herne")
    assert suggestion.count() == 1, partners.inner_text()
    _check(page, "own profile with a suggestion", problems)
    suggestion.click()
    expect_path(page, "/mitwirkende/wg-herne/")
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

    # The other side confirms.
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
    with server.quiet():
        assert Connection.objects.get().status == Connection.Status.CONFIRMED
    log_out(page.context)

    with server.quiet():
        recompute_network.call(force=True)

    # The graph: the edge is in graph.json, and the card counts it.
    graph = page.request.get("/netzwerk/graph.json").json()
    slugs = graph["nodes"]["slug"]
    pairs = {
        frozenset((slugs[a], slugs[b]))
        for a, b in zip(graph["edges"][::2], graph["edges"][1::2], strict=True)
    }
    assert frozenset(("kulturwerkstatt-wanne", "wg-herne")) in pairs
    page.goto("/netzwerk/")
    page.locator("#network-status").filter(has_text="Treffern").wait_for()
    page.locator("#network-search").fill("Wohnungsgenossenschaft Herne")
    results = page.locator("#network-results")
    results.select_option(label=f"Wohnungsgenossenschaft Herne ({housing})")
    page.locator("#network-card").wait_for(state="visible")
    assert page.locator("#network-card-degree").inner_text() == "1"

    # The Bereichsmatrix counts the pair, in both directions.
    page.goto("/netzwerk/bereiche/")
    for row, column in ((str(culture), str(housing)), (str(housing), str(culture))):
        cell = _matrix_cell(page, row, column)
        assert re.search(r"^1 / \d+", cell.splitlines()[-1]), cell
    _check(page, "sector matrix with the connection", problems)

    # Both profiles list each other.
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
