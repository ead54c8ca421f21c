"""Journeys through the running site in chromium.

Sign-up → confirmation link from the e-mail → create an organisation → edit it → find it in
the directory (text search and a facet link): once with the mouse, once with the keyboard
only, and the organisation form once with JavaScript switched off.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.models import Actor, Membership
from quartiersnetz.places.models import Municipality

from .helpers import describe_focus, focused_is, link_from_mail, log_in, tab_to

pytestmark = pytest.mark.e2e

PASSWORD = "Quartier-2026-sicher!"
HERNE = "Herne (Nordrhein-Westfalen)"


def expect_path(page: Any, path: str, *, pattern: str | None = None) -> str:
    """Wait until the browser shows `path` (or a path matching `pattern`); return the path.

    Fails with the text of the page that is shown instead (e.g. form errors).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_url(re.compile(rf"^https?://[^/]+{pattern or re.escape(path)}(\?.*)?$"))
    except PlaywrightTimeoutError:
        main = page.locator("main").inner_text() if page.locator("main").count() else ""
        raise AssertionError(f"expected {path}, still at {page.url}:\n{main[:1500]}") from None
    return str(urlsplit(page.url).path)


def expect_new_profile(page: Any) -> str:
    """Wait for the profile page a new organisation redirects to; return its path."""
    return expect_path(page, "a new profile page", pattern=r"/mitwirkende/(?!neu/)[a-z0-9-]+/")


def facet(page: Any, facet_name: str, value: str) -> Any:
    """The link of a facet value in the directory's filter column, e.g. „Quartiere (3)“."""
    region = page.locator("aside").get_by_role("region", name=facet_name, exact=True)
    return region.get_by_role("link", name=re.compile(rf"^{re.escape(value)} \(\d+\)$"))


def assert_found_in_directory(page: Any, name: str) -> None:
    results = page.locator("#results")
    assert results.get_by_role("link", name=name, exact=True).count() == 1, (
        f"„{name}“ is not in the directory results: {results.inner_text()[:500]}"
    )


def test_sign_up_create_edit_and_find_organisation(page: Any, server: Any) -> None:
    email = "maus@example.org"
    name = "Kulturbahnhof Wanne"

    # Sign up from the start page.
    page.goto("/")
    page.get_by_role("navigation", name="Konto").get_by_role("link", name="Registrieren").click()
    expect_path(page, "/konto/signup/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Ihr Name").fill("Maria Maus")
    page.get_by_label("Ich akzeptiere die Nutzungsbedingungen").check()
    page.get_by_label("Ich bekenne mich zu den Grundsätzen der Mitwirkung").check()
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort (Wiederholung)").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Registrieren").click()
    expect_path(page, "/konto/confirm-email/")

    # The confirmation link from the e-mail logs the new user in.
    page.goto(link_from_mail(mail.outbox, to=email, path_contains="/konto/confirm-email/"))
    page.locator("main form").get_by_role("button", name="Bestätigen").click()
    expect_path(page, "/konto/mein-bereich/")
    assert email in page.locator("main").inner_text()

    # Create the organisation.
    page.locator("main").get_by_role("link", name="Organisation eintragen").click()
    expect_path(page, "/mitwirkende/neu/")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Bereich").select_option(
        label="Kultur, Soziokultur sowie Kultur- und Kreativwirtschaft"
    )
    page.get_by_label(re.compile("^Gemeinde")).fill(HERNE)
    page.get_by_label("Kurzbeschreibung").fill("Ein alter Bahnhof wird zum Kulturort.")
    page.get_by_label("Wir bieten").fill("Proberäume und eine Bühne")
    page.get_by_label("Quartiere", exact=True).check()
    page.get_by_label("Website").fill("https://kulturbahnhof.example.org")
    page.get_by_label("Mich auf dem Profil als Mitwirkende*n zeigen").check()
    page.locator("main form").get_by_role("button", name="Speichern").click()

    expect_new_profile(page)
    main = page.locator("main")
    assert main.get_by_role("heading", level=1).inner_text() == name
    assert main.get_by_role("link", name=HERNE).count() == 1
    assert "Maria Maus" in main.inner_text()  # named publicly, as chosen
    with server.quiet():
        actor = Actor.objects.get(name=name)
        assert actor.municipality.ags == "05916000"
        assert Membership.objects.get(organisation=actor).role == Membership.Role.OWNER

    # Edit it.
    main.get_by_role("link", name="Profil bearbeiten").click()
    expect_path(page, f"{actor.get_absolute_url()}bearbeiten/")
    assert page.get_by_label(re.compile("^Gemeinde")).input_value() == HERNE
    page.get_by_label("Wir suchen").fill("Partner für eine Zwischennutzung des Güterschuppens")
    page.get_by_label("Innenstadtstrategien", exact=True).check()
    page.locator("main form").get_by_role("button", name="Speichern").click()
    expect_path(page, actor.get_absolute_url())
    assert "Güterschuppens" in page.locator("#h-seeks + *").inner_text()

    # Find it in the directory: text search, then a facet link.
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Mitwirkende"
    ).click()
    expect_path(page, "/mitwirkende/")
    assert_found_in_directory(page, name)
    page.get_by_role("search").get_by_role("searchbox").fill("Güterschuppen")
    page.get_by_role("search").get_by_role("button", name="Suchen").click()
    expect_path(page, "/mitwirkende/")
    assert "q=G" in page.url
    assert page.locator("#results .kern-card").count() == 1
    assert_found_in_directory(page, name)

    page.goto("/mitwirkende/")
    facet(page, "Räumliches Handlungsfeld", "Quartiere").click()
    expect_path(page, "/mitwirkende/")
    assert "spatial_field=" in page.url
    assert_found_in_directory(page, name)
    page.get_by_role("link", name=name, exact=True).click()
    expect_path(page, actor.get_absolute_url())


def test_keyboard_only_journey(page: Any, server: Any) -> None:
    """The same journey with Tab, Shift+Tab, Enter, Space and typing – no pointer at all."""
    email = "tastatur@example.org"
    name = "Zeche Tastatur"
    kb = page.keyboard

    def activate(locator: Any, key: str = "Enter") -> None:
        """Focus `locator` by tabbing and press `key` on it, waiting for the next page."""
        tab_to(page, locator)
        with page.expect_navigation():
            kb.press(key)

    page.goto("/")
    kb.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    assert focused_is(skip_link), f"the first Tab stop is not the skip link: {describe_focus(page)}"
    activate(page.get_by_role("navigation", name="Konto").get_by_role("link", name="Registrieren"))
    expect_path(page, "/konto/signup/")

    tab_to(page, page.locator("#id_email"))
    kb.type(email)
    tab_to(page, page.locator("#id_display_name"))
    kb.type("Theo Tastatur")
    for checkbox in ("#id_accept_terms", "#id_accept_principles"):
        tab_to(page, page.locator(checkbox))
        kb.press("Space")
        assert page.locator(checkbox).is_checked()
    tab_to(page, page.locator("#id_password1"))
    kb.type(PASSWORD)
    kb.press("Tab")
    assert focused_is(page.locator("#id_password2"))
    kb.type(PASSWORD)
    activate(page.locator("main form").get_by_role("button", name="Registrieren"))
    expect_path(page, "/konto/confirm-email/")

    page.goto(link_from_mail(mail.outbox, to=email, path_contains="/konto/confirm-email/"))
    activate(page.locator("main form").get_by_role("button", name="Bestätigen"))
    expect_path(page, "/konto/mein-bereich/")

    activate(page.locator("main").get_by_role("link", name="Organisation eintragen"))
    expect_path(page, "/mitwirkende/neu/")
    tab_to(page, page.locator("#id_name"))
    kb.type(name)
    tab_to(page, page.locator("#id_sector"))
    kb.type("Kultur")  # type-ahead in the closed select
    assert page.locator("#id_sector option:checked").inner_text().startswith("Kultur")
    tab_to(page, page.locator("#id_municipality"))
    kb.type(HERNE)
    tab_to(page, page.locator("#id_summary"))  # leaves the field (and any suggestion list)
    kb.type("Eine Zeche wird zum Quartierszentrum.")
    # Back with Shift+Tab: the municipality is still exactly what was typed.
    tab_to(page, page.locator("#id_municipality"), backwards=True)
    assert page.locator("#id_municipality").input_value() == HERNE
    tab_to(page, page.locator("#id_offers"))
    kb.type("Werkstätten und Räume für Initiativen")
    tab_to(page, page.get_by_label("Lebendige Quartiere", exact=True))
    kb.press("Space")
    activate(page.locator("main form").get_by_role("button", name="Speichern"))

    expect_new_profile(page)
    with server.quiet():
        actor = Actor.objects.get(name=name)
        assert actor.municipality.ags == "05916000"
        assert [f.slug for f in actor.action_fields.all()] == ["lebendige-quartiere"]

    activate(page.locator("main").get_by_role("link", name="Profil bearbeiten"))
    expect_path(page, f"{actor.get_absolute_url()}bearbeiten/")
    tab_to(page, page.locator("#id_seeks"))
    kb.type("Partner für Kreativimport")
    activate(page.locator("main form").get_by_role("button", name="Speichern"))
    expect_path(page, actor.get_absolute_url())
    assert "Kreativimport" in page.locator("main").inner_text()

    activate(
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Mitwirkende"
        )
    )
    expect_path(page, "/mitwirkende/")
    tab_to(page, page.locator("#id_q"))
    kb.type("Zeche")
    with page.expect_navigation():
        kb.press("Enter")
    assert page.locator("#results .kern-card").count() == 1
    assert_found_in_directory(page, name)
    activate(facet(page, "Handlungsfeld", "Lebendige Quartiere"))
    assert "action_field=lebendige-quartiere" in page.url
    assert_found_in_directory(page, name)
    activate(page.locator("#results").get_by_role("link", name=name, exact=True))
    expect_path(page, actor.get_absolute_url())


def test_create_organisation_without_javascript(nojs_context: Any, server: Any) -> None:
    with server.quiet():
        user = UserFactory(email="ohne-js@example.org")
        sachsen = Municipality.objects.get(ags="14628260")
    log_in(nojs_context, user, server)
    page = nojs_context.new_page()
    name = "Bürgerverein ohne Skript"

    page.goto("/mitwirkende/neu/")
    municipality = page.locator("#id_municipality")
    assert municipality.get_attribute("role") is None, "the autocomplete ran without JavaScript"
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Bereich").select_option(label="Verbände, Netzwerke und Initiativen")
    municipality.fill("Neustadt")
    page.locator("main form").get_by_role("button", name="Speichern").click()

    # Many places are called Neustadt: the server says so and lists candidates.
    expect_path(page, "/mitwirkende/neu/")
    alert = page.locator("main [role=alert]")
    assert "Gemeinde" in alert.inner_text()
    error = page.locator("#id_municipality_error").inner_text()
    assert "Neustadt" in error, error
    assert page.get_by_label("Name", exact=True).input_value() == name  # nothing is lost
    page.get_by_label(re.compile("^Gemeinde")).fill(sachsen.label)
    page.locator("main form").get_by_role("button", name="Speichern").click()

    expect_new_profile(page)
    with server.quiet():
        assert Actor.objects.get(name=name).municipality == sachsen
    assert page.locator("main").get_by_role("link", name=sachsen.label).count() == 1

    # The directory works without JavaScript too: search form and facet links.
    page.goto("/mitwirkende/")
    page.get_by_role("search").get_by_role("searchbox").fill("Bürgerverein")
    page.get_by_role("search").get_by_role("button", name="Suchen").click()
    assert_found_in_directory(page, name)
    facet(page, "Bereich", "Verbände, Netzwerke und Initiativen").click()
    assert "sector=" in page.url
    assert_found_in_directory(page, name)
