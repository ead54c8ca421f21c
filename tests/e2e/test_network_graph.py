"""The network view in a real browser.

- With JavaScript: the sigma.js graph renders (WebGL canvases) without a Content Security
  Policy violation or script error; keyboard only, the search field filters the results list, a
  choice there shows the card with name and sector, and the card's link leads to the profile.
- Without JavaScript: the graph's container stays hidden and the tables carry the figures
  (bridging actors, communities, actors without a connection); the Bereichsmatrix has its
  caption, the sentence on the weakest pairs and a CSV download.
- On a phone (375 px) neither page is wider than the screen; the matrix scrolls in a labelled
  region that the keyboard reaches.
- axe-core finds no WCAG 2.1 A/AA violation on any of these states, the Nu HTML Checker no error.

(This file was opt-in for a while as "slow under software WebGL". The graph takes about a second
under SwiftShader; the test hung because axe-core never finishes on a page without JavaScript,
see helpers.axe_violations.)
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .helpers import axe_violations, focused_is, tab_to, vnu_available, vnu_errors

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 800}


def _network(server: Any) -> dict[str, Any]:
    """Two triangles joined by one bridging actor, and one actor without a connection."""
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
    return {"bridge": bridge, "profile": bridge.get_absolute_url()}


def _watch_for_problems(page: Any) -> list[str]:
    """Console errors, uncaught exceptions and CSP violations of `page`, as they happen."""
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return problems


def _graph_ready(page: Any) -> None:
    """sigma drew its canvases and the results list is filled."""
    page.locator("#network-graph:not([hidden]) #network-canvas canvas").first.wait_for()
    page.locator("#network-status").filter(has_text="Treffern").wait_for()


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px phone"


def test_graph_by_keyboard_only(page: Any, server: Any) -> None:
    network = _network(server)
    problems = _watch_for_problems(page)
    response = page.goto("/netzwerk/")
    assert response.status == 200
    _graph_ready(page)
    assert page.locator("#network-results option", has_text="Brückenbauer").count() == 1

    # From the top of the page: Tab to the search field (every stop shows its focus).
    search = page.locator("#network-search")
    tab_to(page, search)
    page.keyboard.type("Brückenbauer")
    page.locator("#network-status").filter(has_text="1 von 1 Treffern").wait_for()
    page.keyboard.press("Tab")
    assert focused_is(page.locator("#network-results"))
    page.keyboard.press("ArrowDown")  # chooses the only hit: the card appears
    card = page.locator("#network-card")
    card.wait_for(state="visible")
    assert page.locator("#network-card-name").inner_text() == "Brückenbauer Grafik e. V."
    assert page.locator("#network-card-sector").inner_text() == "Mittler und Intermediäre"
    assert page.locator("#network-card-degree").inner_text() == "2"
    page.keyboard.press("Enter")  # from the list to the card's link
    link = page.locator("#network-card-link")
    assert focused_is(link)
    assert link.get_attribute("href") == network["profile"]

    violations = axe_violations(page)  # the graph with a chosen node
    assert not violations, "\n".join(violations)
    assert not problems, problems

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(network["profile"])
    assert page.locator("h1").inner_text() == "Brückenbauer Grafik e. V."


def test_tables_and_matrix_without_javascript(nojs_context: Any, server: Any) -> None:
    network = _network(server)
    page = nojs_context.new_page()
    graph = page.goto("/netzwerk/")
    assert graph.status == 200
    graph_html = graph.text()
    assert page.locator("#network-graph").is_hidden()
    bridges = page.locator("section[aria-labelledby=h-bridges] table")
    assert bridges.locator("caption").count() == 1
    assert (
        bridges.locator("a", has_text="Brückenbauer Grafik e. V.").get_attribute("href")
        == network["profile"]
    )
    communities = page.locator("section[aria-labelledby=h-communities] table")
    assert communities.locator("tbody tr").count() == 2
    assert communities.locator("a").count() >= 2
    isolated = page.locator("section[aria-labelledby=h-isolated] table")
    assert isolated.locator("a", has_text="Einzelbühne Grafik").count() == 1
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)

    # The Bereichsmatrix, reached by its link.
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Bereichsmatrix", exact=False).click()
    sectors = navigation.value
    assert sectors.status == 200
    sectors_html = sectors.text()
    assert urlpath(page.url) == "/netzwerk/bereiche/"
    matrix = page.locator("table.matrix-table")
    assert "Anteil verbundener Paare" in matrix.locator("caption").inner_text()
    assert matrix.locator("thead th[scope=col]").count() == 7
    assert matrix.locator("tbody th[scope=row]").count() == 7
    text = page.locator("main").inner_text()
    assert re.search(r"\S+ und \S.* sind kaum verbunden\.", text), text
    assert "Am schwächsten verbunden:" in text
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)

    csv_link = page.get_by_role("link", name="Matrix als CSV herunterladen")
    with page.expect_download() as download:
        csv_link.click()
    assert download.value.suggested_filename == "bereichsmatrix-gesamt.csv"
    answer = page.request.get(csv_link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = answer.text().lstrip("\ufeff").splitlines()
    assert rows[0].startswith("Bereich A;Bereich B;")
    assert len(rows) == 1 + 7 * 7
    assert any(row.startswith("Stiftungen;Stiftungen;") and ";3;3;" in row for row in rows)

    available, why = vnu_available()
    if not available:
        pytest.skip(why)
    errors = vnu_errors({"netzwerk": graph_html, "bereiche": sectors_html})
    assert not errors, errors


def test_network_and_matrix_fit_a_phone(context: Any, server: Any, nojs_context: Any) -> None:
    _network(server)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    problems = _watch_for_problems(page)
    page.goto("/netzwerk/")
    _graph_ready(page)
    _fits(page)
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)

    page.goto("/netzwerk/bereiche/")
    _fits(page)
    # The matrix is wider than the phone: it scrolls in its own region, which has a name and
    # is a tab stop (a keyboard user scrolls it with the arrow keys).
    region = page.get_by_role("region", name=re.compile("Anteil verbundener Paare"))
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    tab_to(page, region)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    assert not problems, problems

    nojs = nojs_context.new_page()
    nojs.set_viewport_size(PHONE)
    for path in ("/netzwerk/", "/netzwerk/bereiche/"):
        nojs.goto(path)
        _fits(nojs)


def urlpath(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path
