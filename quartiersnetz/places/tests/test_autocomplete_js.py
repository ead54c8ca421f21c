"""static/js/municipality-autocomplete.js in a real browser (Playwright + Debian chromium).

No database and no server: the page, the script, the stylesheet and the JSON answers are
served by Playwright routes, under the project's strict CSP. Skips without chromium.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from quartiersnetz.core.testing import require

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the dev requirements install it
    if os.environ.get("REQUIRE_BROWSER_TESTS"):
        raise
    pytest.skip("Playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e

STATIC = Path(__file__).resolve().parents[2] / "static"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ORIGIN = "http://quartiersnetz.test"
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'"

PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Test</title>
<link rel="stylesheet" href="/static/css/app.css"></head>
<body>
<form method="get" action="/gesendet/">
  <label for="id_municipality">Gemeinde</label>
  <div id="id_municipality_helptext">Name der Gemeinde</div>
  <input type="text" id="id_municipality" name="municipality" autocomplete="off"
         aria-describedby="id_municipality_helptext"
         data-municipality-autocomplete="/orte/suche.json">
  <button type="submit">Speichern</button>
</form>
<script src="/static/js/municipality-autocomplete.js" defer></script>
</body></html>"""

RESULTS = {
    "her": [
        {"ags": "05916000", "label": "Herne (Nordrhein-Westfalen)", "name": "Herne",
         "state": "Nordrhein-Westfalen", "district": "Herne", "population": 156449,
         "size_class": "Großstadt"},
        {"ags": "05758012", "label": "Herford (Nordrhein-Westfalen)", "name": "Herford",
         "state": "Nordrhein-Westfalen", "district": "Herford", "population": 66638,
         "size_class": "Mittelstadt"},
        {"ags": "06440012", "label": "Herbstein <b>(Hessen)</b>", "name": "Herbstein",
         "state": "Hessen", "district": "Vogelsbergkreis", "population": 4780,
         "size_class": "Landgemeinde"},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require(Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK), f"no chromium at {CHROMIUM}")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="module")
def context(browser) -> Iterator[Any]:
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context) -> Iterator[Any]:
    page = context.new_page()
    page.set_default_timeout(5_000)
    page.requests = []  # the JSON queries, in order
    page.problems = []  # console errors (e.g. CSP violations) and page errors
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))

    def serve(route: Any) -> None:
        url = urlparse(route.request.url)
        if url.path == "/orte/suche.json":
            query = parse_qs(url.query).get("q", [""])[0]
            page.requests.append(query)
            results = RESULTS.get(query.lower(), [])
            body = json.dumps({"query": query, "results": results})
            route.fulfill(status=200, content_type="application/json", body=body)
        elif url.path.startswith("/static/"):
            path = STATIC / url.path.removeprefix("/static/")
            kind = "text/css" if path.suffix == ".css" else "text/javascript"
            route.fulfill(status=200, content_type=kind, body=path.read_text(encoding="utf-8"))
        else:
            route.fulfill(
                status=200,
                content_type="text/html",
                body=PAGE,
                headers={"Content-Security-Policy": CSP},
            )

    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/formular/")
    page.wait_for_selector("[role=combobox]")
    yield page
    page.close()


def attr(page: Any, selector: str, name: str) -> str | None:
    return page.get_attribute(selector, name)


INPUT = "#id_municipality"
LISTBOX = "[role=listbox]"


def type_and_wait(page: Any, text: str) -> None:
    page.fill(INPUT, "")
    page.locator(INPUT).press_sequentially(text, delay=20)
    page.wait_for_selector(f"{LISTBOX} [role=option]")


def test_the_input_becomes_a_combobox(page):
    listbox_id = attr(page, INPUT, "aria-controls")
    assert attr(page, INPUT, "role") == "combobox"
    assert attr(page, INPUT, "aria-autocomplete") == "list"
    assert attr(page, INPUT, "aria-expanded") == "false"
    assert attr(page, INPUT, "aria-describedby") == "id_municipality_helptext"
    assert page.get_attribute(f"#{listbox_id}", "role") == "listbox"
    assert page.get_attribute(f"#{listbox_id}", "aria-label") == "Vorschläge für Gemeinden"
    assert page.locator(f"#{listbox_id}").is_hidden()
    status = page.locator("[role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert page.problems == []


def test_typing_shows_options_once_debounced_and_announces_their_number(page):
    type_and_wait(page, "Her")
    assert page.requests == ["Her"]  # one request for three keystrokes
    assert attr(page, INPUT, "aria-expanded") == "true"
    options = page.locator("[role=option]")
    assert options.count() == 3
    assert options.nth(0).inner_text().startswith("Herne (Nordrhein-Westfalen)")
    assert "Herne" not in options.nth(0).locator(".autocomplete__meta").inner_text()
    # Text from the server is text, never markup.
    assert (
        options.nth(2).locator(".autocomplete__label").inner_text() == "Herbstein <b>(Hessen)</b>"
    )
    expect(page.locator("[role=status]")).to_have_text(re.compile(r"^3 Vorschläge verfügbar\."))
    assert attr(page, INPUT, "aria-activedescendant") is None


def test_arrow_keys_move_the_active_option_and_wrap(page):
    type_and_wait(page, "her")
    ids = page.eval_on_selector_all("[role=option]", "els => els.map(e => e.id)")
    page.press(INPUT, "ArrowDown")
    assert attr(page, INPUT, "aria-activedescendant") == ids[0]
    assert page.get_attribute(f"#{ids[0]}", "aria-selected") == "true"
    page.press(INPUT, "ArrowDown")
    page.press(INPUT, "ArrowDown")
    assert attr(page, INPUT, "aria-activedescendant") == ids[2]
    assert page.get_attribute(f"#{ids[0]}", "aria-selected") == "false"
    page.press(INPUT, "ArrowDown")
    assert attr(page, INPUT, "aria-activedescendant") == ids[0]
    page.press(INPUT, "ArrowUp")
    assert attr(page, INPUT, "aria-activedescendant") == ids[2]
    assert page.evaluate("document.activeElement.id") == "id_municipality"


def test_enter_takes_the_label_without_submitting(page):
    type_and_wait(page, "her")
    page.press(INPUT, "ArrowDown")
    page.press(INPUT, "ArrowDown")
    page.press(INPUT, "Enter")
    assert page.input_value(INPUT) == "Herford (Nordrhein-Westfalen)"
    assert attr(page, INPUT, "aria-expanded") == "false"
    assert attr(page, INPUT, "aria-activedescendant") is None
    assert page.locator(LISTBOX).is_hidden()
    assert urlparse(page.url).path == "/formular/"
    # Without an active option, Enter submits the form as usual.
    page.press(INPUT, "Enter")
    page.wait_for_url("**/gesendet/**")
    assert parse_qs(urlparse(page.url).query) == {"municipality": ["Herford (Nordrhein-Westfalen)"]}


def test_escape_closes_and_a_click_chooses(page):
    type_and_wait(page, "her")
    page.press(INPUT, "Escape")
    assert page.locator(LISTBOX).is_hidden()
    assert attr(page, INPUT, "aria-expanded") == "false"
    assert page.input_value(INPUT) == "her"
    page.press(INPUT, "ArrowDown")  # opens again on the first option
    assert attr(page, INPUT, "aria-expanded") == "true"
    page.locator("[role=option]").nth(0).click()
    assert page.input_value(INPUT) == "Herne (Nordrhein-Westfalen)"
    assert page.locator(LISTBOX).is_hidden()
    assert page.evaluate("document.activeElement.id") == "id_municipality"


def test_no_results_are_announced(page):
    page.locator(INPUT).press_sequentially("xyz", delay=20)
    expect(page.locator("[role=status]")).to_have_text("Keine Gemeinde gefunden.")
    assert page.locator(LISTBOX).is_hidden()
    assert attr(page, INPUT, "aria-expanded") == "false"


def test_one_character_asks_nothing(page):
    page.locator(INPUT).press_sequentially("h")
    page.wait_for_timeout(400)
    assert page.requests == []
    assert page.problems == []


def test_no_inline_styles_and_no_csp_violations(page):
    type_and_wait(page, "her")
    page.press(INPUT, "ArrowDown")
    assert page.eval_on_selector_all("[style]", "els => els.length") == 0
    assert page.problems == []
