"""The network view in a real browser: the sigma.js graph renders (a canvas) without any
Content Security Policy violation, a node is chosen with the keyboard only and its card links to
the profile, axe and the Nu HTML Checker find nothing; without JavaScript the page shows the
figures as tables."""

from __future__ import annotations

import os
from typing import Any

import pytest

from .helpers import axe_violations, focused_is, tab_to, vnu_available, vnu_errors

pytestmark = [
    pytest.mark.e2e,
    # Runs minutes on this machine: sigma.js renders through software WebGL (SwiftShader) and
    # each keyboard step waits for the page; enable with NETWORK_E2E=1 until that is solved.
    pytest.mark.skipif(
        not os.environ.get("NETWORK_E2E"), reason="slow under software WebGL; NETWORK_E2E=1"
    ),
]


def _network(server: Any) -> dict[str, Any]:
    from quartiersnetz.network.figures import recompute_figures
    from quartiersnetz.network.tests.graph_factories import actor, edge

    with server.quiet():
        left = [actor("stiftungen", name=f"Grafikstiftung {i}") for i in range(3)]
        right = [
            actor("gebietskoerperschaften", ags="14713000", name=f"Grafikstadt {i}")
            for i in range(3)
        ]
        bridge = actor("mittler-intermediaere", name="Brückenbauer Grafik e. V.")
        actor("kultur-soziokultur-kreativwirtschaft", name="Einzelbühne Grafik")
        for group in (left, right):
            for i, one in enumerate(group):
                for other in group[i + 1 :]:
                    edge(one, other)
        edge(bridge, left[0])
        edge(bridge, right[0])
        recompute_figures()
    return {"bridge": bridge}


def test_graph_by_keyboard_and_tables_without_javascript(
    page: Any, server: Any, nojs_context: Any
) -> None:
    network = _network(server)
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto("/netzwerk/")
    assert response.status == 200
    # The graph renders: sigma's WebGL canvases inside the container.
    page.locator("#network-graph:not([hidden]) #network-canvas canvas").first.wait_for()
    page.locator("#network-status").filter(has_text="Treffern").wait_for()

    # Keyboard only: search, choose in the list, the card links to the profile.
    search = page.locator("#network-search")
    tab_to(page, search)
    page.keyboard.type("Brückenbauer")
    page.keyboard.press("Tab")
    assert focused_is(page.locator("#network-results"))
    page.keyboard.press("ArrowDown")
    card = page.locator("#network-card")
    card.wait_for(state="visible")
    assert "Brückenbauer Grafik e. V." in card.inner_text()
    assert "Mittler und Intermediäre" in card.inner_text()
    page.keyboard.press("Enter")
    link = page.locator("#network-card-link")
    assert focused_is(link)
    profile = network["bridge"].get_absolute_url()
    assert link.get_attribute("href") == profile

    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    graph_html = response.text()
    assert not [p for p in problems if "CSP" in p or "Refused" in p], problems

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(profile)

    # Without JavaScript: the container stays hidden, the tables carry the figures.
    nojs = nojs_context.new_page()
    response = nojs.goto("/netzwerk/")
    assert nojs.locator("#network-graph").is_hidden()
    bridges = nojs.locator("section[aria-labelledby=h-bridges] table")
    assert (
        bridges.locator("a", has_text="Brückenbauer Grafik e. V.").get_attribute("href") == profile
    )
    assert nojs.locator("section[aria-labelledby=h-communities] table tbody tr").count() == 2
    assert (
        nojs.locator(
            "section[aria-labelledby=h-isolated] table", has_text="Einzelbühne Grafik"
        ).count()
        == 1
    )
    violations = axe_violations(nojs)
    assert not violations, "\n".join(violations)
    sectors = nojs.goto("/netzwerk/bereiche/")
    assert nojs.locator("table.matrix-table caption").count() == 1
    violations = axe_violations(nojs)
    assert not violations, "\n".join(violations)

    available, why = vnu_available()
    if not available:
        pytest.skip(why)
    errors = vnu_errors({"netzwerk": graph_html, "bereiche": sectors.text()})
    assert not errors, errors
